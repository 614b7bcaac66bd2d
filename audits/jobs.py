"""Work of the audits app that the queue runs when a worker is configured.

A year of citizen satisfaction answers at a busy one-stop shop runs to tens of thousands of
rows, each with its answers: with a worker, asking for the workbook records an export and
queues ``satisfaction_export_run``, and the export's page says "đang xử lý" until the file is
ready (``qms.lib.jobs.exports``).
"""

from datetime import date

from django.conf import settings
from django.utils import translation
from django_tasks import task

from audits.satisfaction_files import answers_xlsx, export_queryset
from audits.selectors.satisfaction import rate_of, responses_of
from qms.agencies.models import Agency
from qms.lib.jobs.exports import export_write


def satisfaction_xlsx(agency: Agency, filters: dict) -> bytes:
    """The answers chosen by ``filters`` (unit, procedure, survey, start, end) as a workbook."""
    responses = responses_of(agency=agency, **filters)
    return answers_xlsx(
        export_queryset(responses),
        agency_name=agency.name,
        start=filters["start"],
        end=filters["end"],
        rate=rate_of(responses),
    )


def satisfaction_export_args(agency: Agency, filters: dict) -> dict:
    """The task's arguments: plain values, as a queued task keeps them."""
    return {
        "agency_id": agency.pk,
        "unit_id": filters["unit"] and filters["unit"].pk,
        "procedure_id": filters["procedure"] and filters["procedure"].pk,
        "survey_id": filters["survey"] and filters["survey"].pk,
        "start": filters["start"].isoformat() if filters["start"] else None,
        "end": filters["end"].isoformat() if filters["end"] else None,
    }


@task()
def satisfaction_export_run(
    *,
    export_id: int,
    agency_id: int,
    unit_id: int | None,
    procedure_id: int | None,
    survey_id: int | None,
    start: str | None,
    end: str | None,
) -> bool:
    agency = Agency.objects.get(pk=agency_id)
    filters = {
        # Narrowed within the agency: an id from another agency finds nothing.
        "unit": agency.units.filter(pk=unit_id).first() if unit_id else None,
        "procedure": procedure_id,
        "survey": agency.surveys.filter(pk=survey_id).first() if survey_id else None,
        "start": date.fromisoformat(start) if start else None,
        "end": date.fromisoformat(end) if end else None,
    }
    with translation.override(settings.LANGUAGE_CODE):
        return export_write(
            export_id, lambda output: output.write(satisfaction_xlsx(agency, filters))
        )

"""Work of the project's cross-app pages that the queue runs when a worker is configured.

An agency's whole audit trail as a workbook can hold hundreds of thousands of rows: with a
worker, asking for it records an export and queues ``trail_export_run``, and the export's page
says "đang xử lý" until the file is ready (``qms.lib.jobs.exports``).
"""

import tempfile
from datetime import date
from typing import IO

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from qms.agencies.models import Agency
from qms.audit_trail import TrailFilters, trail_iter
from qms.lib.history_views import entry_header, entry_values
from qms.lib.jobs.exports import export_write
from qms.lib.spreadsheets import XlsxWriter


def trail_xlsx_write(agency: Agency, filters: TrailFilters, output: IO[bytes]) -> None:
    """The trail, with ``filters``, as a workbook built row by row into ``output``."""
    workbook = XlsxWriter(write_only=True)
    sheet = workbook.sheet(_("Audit trail"))
    sheet.append(entry_header())
    for entry in trail_iter(agency, filters):
        sheet.append(entry_values(entry))
    workbook.save(output)


def trail_xlsx_file(agency: Agency, filters: TrailFilters):
    """The workbook in a temporary file, at its start (for a response to send)."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    trail_xlsx_write(agency, filters, output)
    output.seek(0)
    return output


def trail_export_args(agency: Agency, filters: TrailFilters) -> dict:
    """The task's arguments: plain values, as a queued task keeps them."""
    return {
        "agency_id": agency.pk,
        "kind": filters.kind,
        "person_id": filters.person_id,
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
    }


@task()
def trail_export_run(
    *,
    export_id: int,
    agency_id: int,
    kind: str,
    person_id: int | None,
    since: str | None,
    until: str | None,
) -> bool:
    agency = Agency.objects.get(pk=agency_id)
    filters = TrailFilters(
        kind=kind,
        person_id=person_id,
        since=date.fromisoformat(since) if since else None,
        until=date.fromisoformat(until) if until else None,
    )
    with translation.override(settings.LANGUAGE_CODE):
        return export_write(export_id, lambda output: trail_xlsx_write(agency, filters, output))

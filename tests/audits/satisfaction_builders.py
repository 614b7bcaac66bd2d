"""Builders for satisfaction tests: a default survey and answers given through the service."""

from datetime import datetime

from django.utils import timezone

from audits.models import Survey, SurveyResponse
from audits.services.satisfaction import survey_create_default
from audits.services.satisfaction_answers import response_submit


def make_survey(agency, by, **changes) -> Survey:
    survey = survey_create_default(agency=agency, by=by)
    if changes:
        Survey.objects.filter(pk=survey.pk).update(**changes)
        survey.refresh_from_db()
    return survey


def give(survey: Survey, *values: int, comment: str = "", at: datetime | None = None, **extra):
    """One answer: ``values`` for the questions in order (a single value answers them all)."""
    questions = list(survey.questions.order_by("position"))
    if len(values) == 1:
        values = values * len(questions)
    response = response_submit(
        survey=survey,
        values={q.pk: v for q, v in zip(questions, values, strict=True)},
        comment=comment,
        **extra,
    )
    if at is not None:
        SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=at)
        response.refresh_from_db()
    return response


def local(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))

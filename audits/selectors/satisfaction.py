"""Reads of citizen satisfaction: the rate, per question, by month, the comments, and the
rates of many agencies at once (for the management review and the province's supervision).

The satisfaction rate is the share of answers whose overall question was answered 4
("Satisfied") or 5 ("Very satisfied") on the 1–5 scale:

    rate = 100 × (answers with overall ≥ 4) / (all answers)   (in percent; none without answers)

Every answer counts once, whatever the survey version; the other questions do not enter the
rate, they get their own average and share of 4–5 per question. The province's target is
``SATISFACTION_TARGET_PERCENT`` (70 % by default; the earlier target was 60 %), met when the
rate is at least the target.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Avg, Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from audits.models import Answer, Survey, SurveyResponse
from audits.models.satisfaction import SATISFIED_FROM, VERY_LOW_UP_TO
from qms.agencies.models import Agency

SATISFIED = Q(overall__gte=SATISFIED_FROM)


@dataclass(frozen=True)
class Rate:
    answers: int
    satisfied: int

    @property
    def percent(self) -> float | None:
        """The satisfaction rate in percent, to one decimal; None without answers."""
        if not self.answers:
            return None
        return round(100 * self.satisfied / self.answers, 1)

    def meets(self, target: float) -> bool | None:
        percent = self.percent
        return None if percent is None else percent >= target

    def as_json(self) -> dict:
        return {"answers": self.answers, "satisfied": self.satisfied, "percent": self.percent}


@dataclass(frozen=True)
class QuestionFigure:
    text: str
    answers: int
    average: float | None
    satisfied: int

    @property
    def percent(self) -> float | None:
        return Rate(self.answers, self.satisfied).percent


def target_percent() -> int:
    return settings.SATISFACTION_TARGET_PERCENT


def earlier_target_percent() -> int:
    return settings.SATISFACTION_EARLIER_TARGET_PERCENT


def responses_of(
    *,
    agency: Agency,
    unit=None,
    procedure=None,
    survey: Survey | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[SurveyResponse]:
    """The agency's answers, narrowed to a unit, an administrative procedure, a survey and a
    period (both days included, in the local time zone)."""
    responses = SurveyResponse.objects.filter(agency=agency)
    if unit is not None:
        responses = responses.filter(survey__unit=unit)
    if procedure is not None:
        responses = responses.filter(survey__procedure=procedure)
    if survey is not None:
        responses = responses.filter(survey=survey)
    if start is not None:
        responses = responses.filter(submitted_at__date__gte=start)
    if end is not None:
        responses = responses.filter(submitted_at__date__lte=end)
    return responses


def rate_of(responses: QuerySet[SurveyResponse]) -> Rate:
    """The satisfaction rate of some answers, in one query."""
    row = responses.order_by().aggregate(n=Count("pk"), satisfied=Count("pk", filter=SATISFIED))
    return Rate(row["n"], row["satisfied"])


def question_figures(responses: QuerySet[SurveyResponse]) -> list[QuestionFigure]:
    """Per question (questions of the same wording across surveys and versions together):
    the number of answers, the average value and the answers at 4–5. One query."""
    rows = (
        Answer.objects.filter(response__in=responses.order_by().values("pk"))
        .values("question__text", "question__is_overall")
        .annotate(
            n=Count("pk"),
            average=Avg("value"),
            satisfied=Count("pk", filter=Q(value__gte=SATISFIED_FROM)),
            first=Min("question__position"),
        )
        .order_by("question__is_overall", "first", "question__text")
    )
    return [
        QuestionFigure(
            text=row["question__text"],
            answers=row["n"],
            average=round(row["average"], 2) if row["average"] is not None else None,
            satisfied=row["satisfied"],
        )
        for row in rows
    ]


def _months(start: date, end: date) -> list[date]:
    months, month = [], date(start.year, start.month, 1)
    while month <= end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def monthly_rates(
    responses: QuerySet[SurveyResponse], *, start: date, end: date
) -> list[tuple[date, Rate]]:
    """The rate of each month from ``start`` to ``end`` (months without answers included,
    with a rate of None). One query."""
    rows = (
        responses.order_by()
        .annotate(month=TruncMonth("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk"), satisfied=Count("pk", filter=SATISFIED))
    )
    found = {}
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        found[date(month.year, month.month, 1)] = Rate(row["n"], row["satisfied"])
    return [(month, found.get(month, Rate(0, 0))) for month in _months(start, end)]


def remarks(responses: QuerySet[SurveyResponse]) -> QuerySet[SurveyResponse]:
    """Answers with a comment or a very low value (at most 2), newest first, with what the
    list shows, in a fixed number of queries."""
    return (
        responses.filter(~Q(comment="") | Q(lowest__lte=VERY_LOW_UP_TO))
        .select_related("survey__unit", "nonconformity")
        .order_by("-submitted_at", "-pk")
    )


def surveys_of(agency: Agency) -> QuerySet[Survey]:
    """The agency's surveys with their scope and number of answers."""
    return (
        Survey.objects.filter(agency=agency)
        .select_related("unit", "procedure")
        .annotate(answer_count=Count("responses"))
        .order_by("-is_open", "title", "-version")
    )


def satisfaction_rates(agency_ids: Iterable[int], start: date, end: date) -> dict[int, Rate]:
    """The satisfaction rate of each agency over a period (both days included), in one
    query; an agency without answers gets Rate(0, 0), whose percent is None."""
    agency_ids = list(agency_ids)
    rows = (
        SurveyResponse.objects.filter(
            agency_id__in=agency_ids,
            submitted_at__date__gte=start,
            submitted_at__date__lte=end,
        )
        .order_by()
        .values("agency_id")
        .annotate(n=Count("pk"), satisfied=Count("pk", filter=SATISFIED))
    )
    rates = {pk: Rate(0, 0) for pk in agency_ids}
    rates.update({row["agency_id"]: Rate(row["n"], row["satisfied"]) for row in rows})
    return rates

"""The inputs of a management review for each version of the standard, compiled from the data.

ISO 9001:2008 §5.6.2 lists seven inputs (a–g); ISO 9001:2015 §9.3.2 lists a–f, with c) split
into the performance trends (c3 here also holds the monitoring and measurement results of
c5). ``compile_inputs`` reads what exists now into plain JSON, which the review freezes at the
meeting; ``audits.selectors.review_presentation`` turns that JSON back into labelled rows for
the page and the PDF.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import (
    Action,
    Band,
    ContextIssue,
    InterestedParty,
    ManagementReview,
    Measurement,
    Nonconformity,
    QualityObjective,
    Risk,
    band_of,
)
from audits.selectors.satisfaction import satisfaction_rates, target_percent
from documents.clauses import harmonized
from documents.models import ChangeRequest, Document
from documents.selectors.documents import documents_due_for_review, documents_needing_update
from qms.agencies.models import Agency


@dataclass(frozen=True)
class ReviewInput:
    key: str
    letter: str
    label: str
    sections: tuple[str, ...]  # the compiled data shown under this input


INPUTS: dict[str, list[ReviewInput]] = {
    "2008": [
        ReviewInput("audit_results", "a", _("Results of audits"), ("nc_audit",)),
        ReviewInput(
            "customer_feedback", "b", _("Customer feedback"), ("satisfaction", "nc_feedback")
        ),
        ReviewInput(
            "process_performance",
            "c",
            _("Process performance and product conformity"),
            ("objectives", "nc_late", "documents"),
        ),
        ReviewInput(
            "actions_status",
            "d",
            _("Status of preventive and corrective actions"),
            ("nc_status", "actions"),
        ),
        ReviewInput(
            "previous_followup",
            "e",
            _("Follow-up actions from previous management reviews"),
            ("previous",),
        ),
        ReviewInput(
            "changes",
            "f",
            _("Changes that could affect the quality management system"),
            ("changes",),
        ),
        ReviewInput("recommendations", "g", _("Recommendations for improvement"), ()),
    ],
    "2015": [
        ReviewInput(
            "previous_followup",
            "a",
            _("Status of actions from previous management reviews"),
            ("previous",),
        ),
        ReviewInput(
            "changes",
            "b",
            _("Changes in external and internal issues relevant to the quality management system"),
            ("context", "changes"),
        ),
        ReviewInput(
            "customer_feedback",
            "c1",
            _("Customer satisfaction and feedback from relevant interested parties"),
            ("satisfaction", "nc_feedback"),
        ),
        ReviewInput(
            "objectives",
            "c2",
            _("Extent to which quality objectives have been met"),
            ("objectives",),
        ),
        ReviewInput(
            "process_performance",
            "c3, c5",
            _("Process performance and conformity of services; monitoring and measurement results"),
            ("nc_late", "documents"),
        ),
        ReviewInput(
            "nonconformities",
            "c4",
            _("Nonconformities and corrective actions"),
            ("nc_status", "actions"),
        ),
        ReviewInput("audit_results", "c6", _("Audit results"), ("nc_audit",)),
        ReviewInput("external_providers", "c7", _("Performance of external providers"), ()),
        ReviewInput("resources", "d", _("Adequacy of resources"), ()),
        ReviewInput(
            "risks",
            "e",
            _("Effectiveness of actions taken to address risks and opportunities"),
            ("risks",),
        ),
        ReviewInput("improvement", "f", _("Opportunities for improvement"), ("opportunities",)),
    ],
}


def inputs_for(version: str) -> list[ReviewInput]:
    return INPUTS.get(version, INPUTS["2015"])


def period_start(review: ManagementReview) -> date:
    """The day after the previous review of the agency, or a year before this one."""
    previous = (
        ManagementReview.objects.filter(agency=review.agency, held_on__lt=review.held_on)
        .exclude(pk=review.pk)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return previous + timedelta(days=1) if previous else review.held_on - timedelta(days=365)


def compile_inputs(review: ManagementReview) -> dict:
    """Everything the inputs show, as plain JSON: nonconformities and actions of the period
    (and any still open), objectives, risks, documents and previous reviews' decisions."""
    agency, on, today = review.agency, review.held_on, timezone.localdate()
    start = period_start(review)
    data = {
        "period_start": start.isoformat(),
        "period_end": on.isoformat(),
        "compiled_on": today.isoformat(),
        "nonconformities": _nonconformities(agency, start, on),
        "actions": _actions(agency, start, on, today),
        "objectives": _objectives(agency, on),
        "documents": _documents(agency, today),
        "previous": _previous(review, today),
        "satisfaction": _satisfaction(agency, start, on),
    }
    if harmonized(review.iso_version):
        data["risks"] = _risks(agency)
        data["context"] = _context(agency)
    return data


def _context(agency: Agency) -> dict:
    """The context register as it stands: the climate change decision, the relevant issues and
    the interested parties with their requirements."""
    issues = ContextIssue.objects.filter(agency=agency).order_by("-is_climate", "origin", "title")
    parties = InterestedParty.objects.filter(agency=agency, relevant=True).order_by("name")
    return {
        "issues": [
            {
                "origin": issue.origin,
                "title": issue.title,
                "effect": issue.effect,
                "relevant": issue.relevant,
                "is_climate": issue.is_climate,
                "reviewed_on": issue.reviewed_on.isoformat(),
            }
            for issue in issues
            if issue.relevant or issue.is_climate
        ],
        "parties": [
            {
                "name": party.name,
                "requirements": party.requirements,
                "climate_requirements": party.climate_requirements,
                "reviewed_on": party.reviewed_on.isoformat(),
            }
            for party in parties
        ],
    }


def _nonconformities(agency: Agency, start: date, on: date) -> dict:
    rows = (
        # A cancelled nonconformity was registered by mistake: it is not an input.
        Nonconformity.objects.of_agency(agency)
        .exclude(status=Nonconformity.Status.CANCELLED)
        .filter(detected_on__lte=on)
        .filter(Q(detected_on__gte=start) | ~Q(status__in=Nonconformity.ENDED))
        .values("source", "status")
        .annotate(n=Count("pk"))
    )
    by_source: dict[str, dict[str, int]] = defaultdict(lambda: {"open": 0, "closed": 0, "total": 0})
    by_status: dict[str, int] = defaultdict(int)
    for row in rows:
        counts = by_source[row["source"]]
        counts["total"] += row["n"]
        if row["status"] == Nonconformity.Status.CLOSED:
            counts["closed"] += row["n"]
        else:
            counts["open"] += row["n"]
        by_status[row["status"]] += row["n"]
    return {"by_source": dict(by_source), "by_status": dict(by_status)}


def _actions(agency: Agency, start: date, on: date, today: date) -> dict:
    rows = (
        Action.objects.of_agency(agency)
        .filter(Q(created_at__date__gte=start) | Q(status=Action.Status.OPEN))
        .values("kind")
        .annotate(
            open=Count("pk", filter=Q(status=Action.Status.OPEN)),
            done=Count("pk", filter=Q(status=Action.Status.DONE)),
            overdue=Count("pk", filter=Q(status=Action.Status.OPEN, due_on__lt=today)),
        )
    )
    return {row.pop("kind"): row for row in rows}


def _objectives(agency: Agency, on: date) -> dict:
    year = (
        QualityObjective.objects.filter(agency=agency, year__lte=on.year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    measured = Measurement.objects.filter(period_end__lte=on).order_by("-period_end")
    objectives = QualityObjective.objects.filter(agency=agency, year=year).prefetch_related(
        Prefetch("measurements", queryset=measured, to_attr="known")
    )
    items = []
    for objective in objectives.order_by("pk"):
        latest = objective.known[0] if objective.known else None
        items.append(
            {
                "title": objective.title,
                "indicator": objective.indicator,
                "unit": objective.unit_of_measure,
                "direction": objective.direction,
                "target": str(objective.target),
                "value": str(latest.value) if latest else None,
                "period": latest.period if latest else None,
                "met": objective.is_met(latest.value) if latest else None,
            }
        )
    return {"year": year, "items": items}


def _documents(agency: Agency, today: date) -> dict:
    due = documents_due_for_review(agency=agency, on=today)
    return {
        "effective": Document.objects.of_agency(agency).effective().count(),
        "review_due": due.count(),
        "review_overdue": due.filter(review_due__lt=today).count(),
        "needs_update": documents_needing_update(agency=agency).count(),
        "change_requests_open": ChangeRequest.objects.filter(
            document__agency=agency, status=ChangeRequest.Status.OPEN
        ).count(),
    }


def _satisfaction(agency: Agency, start: date, on: date) -> dict:
    """Citizen satisfaction of the review period: answers, satisfied and the rate, with the
    province's target at the time of compiling."""
    rate = satisfaction_rates([agency.pk], start, on)[agency.pk]
    return {**rate.as_json(), "target": target_percent()}


def _previous(review: ManagementReview, today: date) -> list[dict]:
    """Decisions of earlier reviews: all those of the last one, and older ones still open."""
    earlier = ManagementReview.objects.filter(
        agency=review.agency, held_on__lt=review.held_on
    ).exclude(pk=review.pk)
    last = earlier.order_by("-held_on").first()
    if last is None:
        return []
    decisions = (
        Action.objects.filter(Q(review=last) | Q(review__in=earlier, status=Action.Status.OPEN))
        .exclude(status=Action.Status.CANCELLED)
        .select_related("owner", "review")
        .order_by("review__held_on", "due_on", "pk")
    )
    return [
        {
            "title": action.title,
            "owner": action.owner.get_full_name(),
            "due_on": action.due_on.isoformat(),
            "status": action.status,
            "overdue": action.is_overdue(today),
            "review": str(action.review),
        }
        for action in decisions
    ]


def _risks(agency: Agency) -> dict:
    risks = (
        Risk.objects.of_agency(agency)
        .filter(status=Risk.Status.OPEN)
        .with_level()
        .annotate(open_actions=Count("actions", filter=Q(actions__status=Action.Status.OPEN)))
        .order_by("-level_value", "title")
    )
    by_band: dict[str, int] = defaultdict(int)
    top, opportunities = [], []
    for risk in risks:
        band = band_of(risk.level_value)
        row = {
            "title": risk.title,
            "level": risk.level_value,
            "band": band.value,
            "open_actions": risk.open_actions,
        }
        if risk.kind == Risk.Kind.OPPORTUNITY:
            opportunities.append(row)
            continue
        by_band[band.value] += 1
        if band in (Band.HIGH, Band.VERY_HIGH):
            top.append(row)
    return {"by_band": dict(by_band), "top": top, "opportunities": opportunities}

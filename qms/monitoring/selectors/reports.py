"""Reads of the annual reports: the default form, the values the system computes from an
agency's data for the keys it knows, and who reported; each list is a fixed number of queries."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.agencies.models import Agency
from qms.lib.text import fold
from qms.monitoring.models import AnnualReport, ReportTemplate
from qms.monitoring.selectors import agency_figures as figures

T = ReportTemplate.FieldType

# key → how to compute it for (agency, year). Keys not here are typed by the agency.
COMPUTED: dict[str, Callable[[Agency, int], object]] = {
    "effective_procedures": lambda agency, year: figures.effective_procedures(agency),
    "tthc_procedures": lambda agency, year: figures.tthc_procedures(agency),
    "internal_audits": figures.audits_done,
    "nonconformities_raised": figures.nonconformities_raised,
    "nonconformities_closed": figures.nonconformities_closed,
    "last_management_review": lambda agency, year: figures.last_review_on(
        agency, on=date(year, 12, 31)
    ),
}


def default_fields() -> list[dict]:
    """The proposed form (reference/domain.md §1.4; not the official one), labels translated
    now since they are stored as the template's own text."""
    return [
        {"key": "effective_procedures", "label": _("Effective procedures"), "type": T.NUMBER},
        {
            "key": "tthc_procedures",
            "label": _("Administrative procedures (TTHC) covered"),
            "type": T.NUMBER,
        },
        {
            "key": "internal_audits",
            "label": _("Internal audits done in the year"),
            "type": T.NUMBER,
        },
        {"key": "nonconformities_raised", "label": _("Nonconformities raised"), "type": T.NUMBER},
        {"key": "nonconformities_closed", "label": _("Nonconformities closed"), "type": T.NUMBER},
        {"key": "last_management_review", "label": _("Last management review"), "type": T.DATE},
        {"key": "announcement", "label": _("Announcement decision (number, date)"), "type": T.TEXT},
        {"key": "complaints", "label": _("Complaints received and handled"), "type": T.TEXT},
        {"key": "budget", "label": _("Budget used for ISO (VND)"), "type": T.NUMBER},
        {"key": "difficulties", "label": _("Difficulties and proposals"), "type": T.TEXT},
    ]


def to_stored(value, kind: str):
    """A value as the JSON column keeps it: int, ISO date string or text; None when empty."""
    if value in (None, ""):
        return None
    if kind == T.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    return value


def computed_values(template: ReportTemplate, agency: Agency) -> dict:
    """The values the system computes for ``agency``, for the keys of ``template`` it knows."""
    return {
        field["key"]: to_stored(COMPUTED[field["key"]](agency, template.year), field["type"])
        for field in template.fields
        if field["key"] in COMPUTED
    }


def reporting_agencies(province: Agency):
    """The agencies that report to the province: its active agencies below the root."""
    return Agency.objects.active().filter(province=province).order_by("name")


class ReportState:
    """Where an agency's report of the year stands against the deadline: one definition for
    the overview, the consolidated PDF and .xlsx, and "Việc của tôi" (README glossary)."""

    NOT_DUE = "not_due"  # not submitted, the deadline still ahead
    SUBMITTED = "submitted"  # submitted on or before the deadline
    SUBMITTED_LATE = "submitted_late"  # submitted after the deadline
    OVERDUE = "overdue"  # the deadline passed and nothing is submitted


REPORT_STATE_LABELS = {
    ReportState.NOT_DUE: gettext_lazy("Not due yet"),
    ReportState.SUBMITTED: gettext_lazy("Submitted on time"),
    ReportState.SUBMITTED_LATE: gettext_lazy("Submitted late"),
    ReportState.OVERDUE: gettext_lazy("Overdue, not submitted"),
}


def report_state(report: AnnualReport | None, template: ReportTemplate, *, on: date) -> str:
    """The state on ``on`` of ``report`` (None: not begun) under ``template``. A report
    returned for correction counts as not submitted until it is submitted again."""
    if report is not None and report.status == AnnualReport.Status.SUBMITTED:
        if timezone.localdate(report.submitted_at) > template.deadline:
            return ReportState.SUBMITTED_LATE
        return ReportState.SUBMITTED
    return ReportState.OVERDUE if on > template.deadline else ReportState.NOT_DUE


def agencies_in_state(
    agencies: QuerySet[Agency], template: ReportTemplate, state: str, *, on: date | None = None
) -> QuerySet[Agency]:
    """The agencies of ``agencies`` whose report is in ``state`` on ``on``: ``report_state``
    as one filter, so that a list narrowed to a state still pages in the database."""
    on = on or timezone.localdate()
    submitted = template.reports.filter(agency=OuterRef("pk"), status=AnnualReport.Status.SUBMITTED)
    deadline_end = figures.end_of(template.deadline)
    if state == ReportState.SUBMITTED:
        return agencies.filter(Exists(submitted.filter(submitted_at__lte=deadline_end)))
    if state == ReportState.SUBMITTED_LATE:
        return agencies.filter(Exists(submitted.filter(submitted_at__gt=deadline_end)))
    waiting = agencies.exclude(Exists(submitted))
    overdue = on > template.deadline
    if state == ReportState.OVERDUE:
        return waiting if overdue else agencies.none()
    return agencies.none() if overdue else waiting


def agencies_named(agencies: QuerySet[Agency], words: str) -> QuerySet[Agency]:
    """The agencies of ``agencies`` whose name or short name holds ``words``, accents and
    case aside ("xuan huong" finds "Xuân Hương"). A province has a few hundred agencies: their
    names are folded here, in one query, as no database folds Vietnamese the same way."""
    wanted = fold(words)
    if not wanted:
        return agencies
    found = [
        pk
        for pk, name, short_name in agencies.values_list("pk", "name", "short_name")
        if wanted in fold(name) or wanted in fold(short_name)
    ]
    return agencies.filter(pk__in=found)


@dataclass
class ReportRow:
    agency: Agency
    report: AnnualReport | None
    status_label: str
    state: str

    @property
    def submitted(self) -> bool:
        return self.state in (ReportState.SUBMITTED, ReportState.SUBMITTED_LATE)

    @property
    def state_label(self) -> str:
        return str(REPORT_STATE_LABELS[self.state])

    @property
    def overdue(self) -> bool:
        return self.state == ReportState.OVERDUE

    @property
    def submitted_late(self) -> bool:
        return self.state == ReportState.SUBMITTED_LATE


def report_rows(
    template: ReportTemplate, *, on: date | None = None, agencies=None
) -> list[ReportRow]:
    """One row per reporting agency (or per agency of ``agencies``, a page of them): its
    report and its state against the deadline (``report_state``). Two queries."""
    on = on or timezone.localdate()
    if agencies is None:
        agencies = reporting_agencies(template.province)
        reports = template.reports.all()
    else:
        agencies = list(agencies)
        reports = template.reports.filter(agency_id__in=[agency.pk for agency in agencies])
    reports = {report.agency_id: report for report in reports.select_related("submitted_by")}
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        label = report.get_status_display() if report else _("Not started")
        rows.append(ReportRow(agency, report, str(label), report_state(report, template, on=on)))
    return rows


def state_counts(rows: list[ReportRow]) -> dict[str, int]:
    """How many rows are in each state, every state present."""
    counts = dict.fromkeys(REPORT_STATE_LABELS, 0)
    for row in rows:
        counts[row.state] += 1
    return counts


def templates_for_agency(agency: Agency) -> list[dict]:
    """The report forms of the agency's province, newest first, each with the agency's report."""
    province_id = agency.province_id or agency.pk
    templates = list(ReportTemplate.objects.filter(province_id=province_id))
    reports = {r.template_id: r for r in AnnualReport.objects.filter(agency=agency)}
    return [{"template": t, "report": reports.get(t.pk)} for t in templates]


def report_fields(report: AnnualReport) -> list[dict]:
    """The report's fields in the template's order with their values (dates as dates)."""
    rows = []
    for field in report.template.fields:
        value = report.values.get(field["key"])
        if value and field["type"] == ReportTemplate.FieldType.DATE:
            value = date.fromisoformat(value)
        rows.append({**field, "value": value})
    return rows

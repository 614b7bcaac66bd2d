"""The national roll-up for the Ministry: every province's coverage, and the country's.

Two queries whatever the number of provinces and agencies: the province roots, and the one
query of ``adoption_statuses`` over every agency of every province (today: their kept figures;
a past day: computed from the rows' dates); the rows are grouped by province in one pass in
memory (never a query per province).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from qms.agencies.models import Agency
from qms.lib.charts.rows import bar_chart
from qms.lib.dates import add_months
from qms.monitoring.models import Announcement, AnnualReport, ReportTemplate
from qms.monitoring.selectors.agency_figures import approved_audits, approved_reviews, end_of
from qms.monitoring.selectors.charts import status_charts
from qms.monitoring.selectors.coverage import Group
from qms.monitoring.selectors.status import (
    STATUSES,
    Status,
    adoption_statuses,
    kept_statuses_of_many,
)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class ProvinceFigures:
    """One row of the roll-up: a province's agencies in scope, by status and obligation."""

    province: Agency
    total: Group
    mandatory: Group
    encouraged: Group
    warned: int = 0  # agencies with at least one warning

    @property
    def maintained_percent(self) -> float:
        return _percent(self.total.counts[Status.MAINTAINED], self.total.total)


@dataclass
class NationalCoverage:
    as_of: date
    provinces: list[ProvinceFigures]
    total: Group
    by_level: list[Group]
    by_obligation: list[Group]
    warned: int = 0

    @property
    def maintained_percent(self) -> float:
        return _percent(self.total.counts[Status.MAINTAINED], self.total.total)

    def status_table(self) -> list[dict]:
        return [
            {
                "key": key,
                "label": label,
                "count": self.total.counts[key],
                "percent": _percent(self.total.counts[key], self.total.total),
            }
            for key, label in STATUSES
        ]


def agencies_in_scope_nationally(*, as_of: date):
    """Every agency below a province root that existed on ``as_of`` (the Ministry and the
    roots themselves are not counted, as on the province dashboard)."""
    return Agency.objects.filter(province__isnull=False).filter(
        Q(is_active=True) | Q(merged_on__gt=as_of)
    )


def national_coverage(*, as_of: date) -> NationalCoverage:
    """The roll-up on ``as_of``: one row per province with agencies in scope, national totals
    by status, by level and by obligation. Two queries, whatever the size of the country."""
    roots = {
        root.pk: root
        for root in Agency.objects.filter(level=Agency.Level.PROVINCE, province__isnull=True)
    }
    mandatory_label, encouraged_label = _("Mandatory"), _("Encouraged")
    total = Group(_("All agencies"))
    by_level = {key: Group(str(label)) for key, label in Agency.Level.choices}
    by_obligation = {True: Group(mandatory_label), False: Group(encouraged_label)}
    provinces: dict[int, ProvinceFigures] = {}
    in_scope = agencies_in_scope_nationally(as_of=as_of)
    today = as_of == timezone.localdate()
    for row in (
        kept_statuses_of_many(in_scope) if today else adoption_statuses(in_scope, as_of=as_of)
    ):
        agency = row.agency
        figures = provinces.get(agency.province_id)
        if figures is None:
            root = roots.get(agency.province_id)
            if root is None:  # a province root of another level: not a province
                continue
            figures = provinces[agency.province_id] = ProvinceFigures(
                root, Group(root.name), Group(mandatory_label), Group(encouraged_label)
            )
        obligation = figures.mandatory if agency.iso_mandatory else figures.encouraged
        for group in (
            figures.total,
            obligation,
            total,
            by_level[agency.level],
            by_obligation[agency.iso_mandatory],
        ):
            group.counts[row.status] += 1
        if row.warnings:
            figures.warned += 1
    return NationalCoverage(
        as_of=as_of,
        provinces=sorted(provinces.values(), key=lambda figures: figures.province.name),
        total=total,
        by_level=[group for group in by_level.values() if group.total],
        by_obligation=list(by_obligation.values()),
        warned=sum(figures.warned for figures in provinces.values()),
    )


SORTS: dict[str, Callable[[ProvinceFigures], object]] = {
    "name": lambda row: row.province.name,
    "agencies": lambda row: (row.total.total, row.province.name),
    "announced": lambda row: (row.total.announced_percent, row.province.name),
    "maintained": lambda row: (row.maintained_percent, row.province.name),
    "warnings": lambda row: (row.warned, row.province.name),
}


def sort_provinces(
    rows: list[ProvinceFigures], *, sort: str = "name", descending: bool = False
) -> list[ProvinceFigures]:
    return sorted(rows, key=SORTS.get(sort, SORTS["name"]), reverse=descending)


def national_charts(coverage: NationalCoverage) -> dict[str, SafeString]:
    return {
        **status_charts(coverage),
        "province": bar_chart(
            [(row.province.name, row.total.announced_percent) for row in coverage.provinces],
            title=_("Announced by province, incl. maintaining (%)"),
            max_value=100,
            suffix="%",
        ),
    }


# How far back the roll-up looks for a province whose maintained share fell.
FELL_WITHIN_DAYS = 30


@dataclass
class ProvinceAttention:
    """A province the Ministry should look at: agencies overdue with the annual report of the
    last form due, and its share of agencies maintaining their system now and
    FELL_WITHIN_DAYS ago (an announcement stays; maintaining lapses with the audits)."""

    province: Agency
    reports_overdue: int
    maintained_percent: float
    maintained_percent_before: float

    @property
    def fell(self) -> bool:
        return self.maintained_percent < self.maintained_percent_before


def maintained_by_province(*, as_of: date) -> dict[int, float]:
    """Each province's share of agencies maintaining their system on ``as_of``, counted by the
    database in one aggregate query: the rule of ``status.to_status`` for "maintained" (an
    announcement, and an approved audit report and an approved management review held within
    the 12 months before the day), without building every agency's status."""
    year_ago = add_months(as_of, -12)
    mine = {"agency": OuterRef("pk")}
    maintained = (
        Q(Exists(Announcement.objects.filter(**mine, decided_on__lte=as_of)))
        & Q(
            Exists(
                approved_audits(on=as_of).filter(**mine, report_approved_at__gt=end_of(year_ago))
            )
        )
        & Q(Exists(approved_reviews(on=as_of).filter(**mine, held_on__gt=year_ago)))
    )
    return {
        province: _percent(count, total)
        for province, total, count in agencies_in_scope_nationally(as_of=as_of)
        .order_by()
        .values("province")
        .annotate(total=Count("pk"), maintained=Count("pk", filter=maintained))
        .values_list("province", "total", "maintained")
    }


def provinces_needing_attention(coverage: NationalCoverage) -> list[ProvinceAttention]:
    """The provinces late with their annual reports or whose maintained share fell, from the
    roll-up of today: three queries, whatever the number of provinces (the maintained shares of
    FELL_WITHIN_DAYS ago, the forms past their deadline, and the reports submitted to them)."""
    today = coverage.as_of
    before = maintained_by_province(as_of=today - timedelta(days=FELL_WITHIN_DAYS))
    latest: dict[int, ReportTemplate] = {}
    for template in ReportTemplate.objects.filter(deadline__lt=today).order_by("deadline"):
        latest[template.province_id] = template  # the last one due wins
    submitted = dict(
        AnnualReport.objects.filter(
            template__in=list(latest.values()), status=AnnualReport.Status.SUBMITTED
        )
        .values("template__province")
        .annotate(n=Count("*"))
        .values_list("template__province", "n")
    )
    rows = []
    for figures in coverage.provinces:
        pk = figures.province.pk
        overdue = max(0, figures.total.total - submitted.get(pk, 0)) if pk in latest else 0
        row = ProvinceAttention(
            figures.province,
            overdue,
            figures.maintained_percent,
            before.get(pk, figures.maintained_percent),
        )
        if row.reports_overdue or row.fell:
            rows.append(row)
    return rows

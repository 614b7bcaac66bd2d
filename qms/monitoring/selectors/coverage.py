"""Coverage figures for a province: counts and shares by status, level, area and obligation.

Every figure comes from the one query of ``adoption_statuses``; grouping happens in memory
over those rows, so the number of queries never grows with the number of agencies.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.selectors.satisfaction import satisfaction_rates
from qms.agencies.areas import area_served
from qms.agencies.models import Agency
from qms.lib.numbers import format_percent
from qms.monitoring.selectors.status import (
    STATUSES,
    AgencyStatus,
    Status,
    adoption_statuses,
    agencies_in_scope,
)

ANNOUNCED = {Status.ANNOUNCED, Status.MAINTAINED}


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


@dataclass(frozen=True)
class AgencyColumn:
    label: str
    value: Callable[[AgencyStatus], object]
    # The typed value a spreadsheet cell holds (a date, a number), when it differs from the
    # text shown on the page and in the PDF.
    cell: Callable[[AgencyStatus], object] | None = None


# The per-agency columns of the list, the .xlsx and the PDF, in order. A new per-agency
# figure (the citizens' satisfaction rate, say) is added here, once, and appears everywhere.
AGENCY_COLUMNS: list[AgencyColumn] = [
    AgencyColumn(gettext_lazy("Agency"), lambda row: row.agency.name),
    AgencyColumn(gettext_lazy("Level"), lambda row: row.agency.get_level_display()),
    AgencyColumn(gettext_lazy("Area served"), lambda row: area_served(row.agency)),
    AgencyColumn(
        gettext_lazy("ISO"),
        lambda row: _("Mandatory") if row.agency.iso_mandatory else _("Encouraged"),
    ),
    AgencyColumn(gettext_lazy("Status"), lambda row: row.status_label),
    AgencyColumn(
        gettext_lazy("Announced on"),
        lambda row: _day(row.last_announced_on),
        lambda row: row.last_announced_on,
    ),
    AgencyColumn(
        gettext_lazy("Last internal audit"),
        lambda row: _day(row.last_audit_on),
        lambda row: row.last_audit_on,
    ),
    AgencyColumn(
        gettext_lazy("Last management review"),
        lambda row: _day(row.last_review_on),
        lambda row: row.last_review_on,
    ),
    AgencyColumn(
        gettext_lazy("Citizen satisfaction, 12 months"),
        lambda row: _rate(row),
        lambda row: row.satisfaction.percent if row.satisfaction else None,
    ),
    # Last: the dashboard shows this column as short tags (AgencyStatus.warning_tags).
    AgencyColumn(gettext_lazy("Warnings"), lambda row: "; ".join(row.warning_labels)),
]


def _rate(row: AgencyStatus) -> str:
    percent = row.satisfaction.percent if row.satisfaction else None
    return "" if percent is None else format_percent(percent, 1)


def column_values(row: AgencyStatus) -> list:
    return [column.value(row) for column in AGENCY_COLUMNS]


def column_cells(row: AgencyStatus) -> list:
    """The row as spreadsheet cells: dates and numbers typed, the rest as shown."""
    return [(column.cell or column.value)(row) for column in AGENCY_COLUMNS]


@dataclass
class Group:
    label: str
    counts: dict[str, int] = field(default_factory=lambda: {key: 0 for key, _l in STATUSES})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def announced(self) -> int:
        """Agencies that announced their system, those maintaining it included: the one
        "announced" figure of every page, export, the API and the national roll-up."""
        return sum(self.counts[key] for key in ANNOUNCED)

    @property
    def announced_percent(self) -> float:
        return round(100 * self.announced / self.total, 1) if self.total else 0.0

    def status_counts(self) -> list[int]:
        return [self.counts[key] for key, _l in STATUSES]


@dataclass
class Coverage:
    province: Agency
    as_of: date
    rows: list[AgencyStatus]
    total: Group
    by_level: list[Group]
    by_area: list[Group]
    by_obligation: list[Group]

    def status_table(self) -> list[dict]:
        return [
            {
                "key": key,
                "label": label,
                "count": self.total.counts[key],
                "percent": round(100 * self.total.counts[key] / self.total.total, 1)
                if self.total.total
                else 0.0,
            }
            for key, label in STATUSES
        ]


def _group(rows: list[AgencyStatus], key: Callable[[AgencyStatus], str]) -> list[Group]:
    groups: dict[str, Group] = {}
    for row in rows:
        label = key(row)
        groups.setdefault(label, Group(label)).counts[row.status] += 1
    return list(groups.values())


def province_coverage(province: Agency, *, as_of: date) -> Coverage:
    """The coverage of ``province`` on ``as_of``: one query for every figure."""
    rows = adoption_statuses(agencies_in_scope(province, as_of=as_of), as_of=as_of)
    rates = satisfaction_rates([row.agency.pk for row in rows], as_of - timedelta(days=365), as_of)
    for row in rows:
        row.satisfaction = rates[row.agency.pk]
    level_order = {key: index for index, (key, _l) in enumerate(Agency.Level.choices)}
    rows.sort(key=lambda row: (level_order[row.agency.level], row.agency.name))
    total = Group(_("All agencies"))
    for row in rows:
        total.counts[row.status] += 1
    return Coverage(
        province=province,
        as_of=as_of,
        rows=rows,
        total=total,
        by_level=_group(rows, lambda row: row.agency.get_level_display()),
        # Grouped under the agency directly above each one (the province, a Sở for its Chi
        # cục, a district before 2025): the area served would make one group per commune.
        by_area=sorted(
            _group(rows, lambda row: row.agency.parent.name if row.agency.parent else "—"),
            key=lambda group: group.label,
        ),
        by_obligation=_group(
            rows, lambda row: _("Mandatory") if row.agency.iso_mandatory else _("Encouraged")
        ),
    )


SORTS = {
    "name": lambda row: row.agency.name,
    "status": lambda row: (row.rank, row.agency.name),
    "level": lambda row: (row.agency.level, row.agency.name),
    "warnings": lambda row: (-len(row.warnings), row.agency.name),
    "audit": lambda row: (row.last_audit_on or date.min, row.agency.name),
}


def filter_rows(
    rows: list[AgencyStatus],
    *,
    status: str = "",
    level: str = "",
    area: int | None = None,
    mandatory: str = "",
    warned: bool = False,
    sort: str = "name",
    descending: bool = False,
) -> list[AgencyStatus]:
    """The agency list of the dashboard, filtered and sorted in memory (no query)."""
    chosen = [
        row
        for row in rows
        if (not status or row.status == status)
        and (not level or row.agency.level == level)
        and (area is None or row.agency.parent_id == area)
        and (not mandatory or row.agency.iso_mandatory == (mandatory == "yes"))
        and (not warned or row.warnings)
    ]
    return sorted(chosen, key=SORTS.get(sort, SORTS["name"]), reverse=descending)

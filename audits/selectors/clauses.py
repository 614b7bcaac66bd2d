"""The clause view: for each clause of an agency's edition of ISO 9001, the evidence the system
holds and a status derived from it, never typed (README glossary, "clause status").

A row is a sub-clause (4.1, 7.5.3 …), where the requirements are, as in the programme's
coverage. Its evidence:

- the effective documents that cite it or one of its sub-clauses;
- the last internal audit whose report was approved and whose scope names it, a clause above
  it or its main clause (a main clause chosen for an audit covers its sub-clauses);
- the nonconformities still open against it or one of its sub-clauses, the major ones (from a
  major audit finding) counted apart;
- the year's quality objectives on the objectives clause (6.2; 5.4.1 in 2008) and the open
  risks on the risk clause (6.1; ISO 9001:2008 has no risk register).

Status: **covered** when it has evidence, an approved audit covered it within 12 months and no
major nonconformity is open against it; **needs attention** when it has evidence but was not
audited within 12 months or a major nonconformity is open; **no evidence** otherwise.

Everything for any number of agencies is read in six queries (``clause_views``).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, Finding, Nonconformity, QualityObjective, Risk
from audits.models.objectives import OBJECTIVES_CLAUSE
from documents.models import Document, IsoClause
from qms.agencies.models import Agency
from qms.lib.dates import add_months


class ClauseStatus:
    COVERED = "covered"
    ATTENTION = "attention"
    NONE = "none"


CLAUSE_STATUS_LABELS = {
    ClauseStatus.COVERED: _("Covered"),
    ClauseStatus.ATTENTION: _("Needs attention"),
    ClauseStatus.NONE: _("No evidence"),
}
# Where each edition keeps its risks and opportunities (2026 splits 6.1 into 6.1.2 risks and
# 6.1.3 opportunities; ISO 9001:2008 has no risk register).
RISKS_CLAUSE = {
    "2015": {Risk.Kind.RISK: "6.1", Risk.Kind.OPPORTUNITY: "6.1"},
    "2026": {Risk.Kind.RISK: "6.1.2", Risk.Kind.OPPORTUNITY: "6.1.3"},
}


@dataclass
class ClauseRow:
    clause: IsoClause
    documents: list[tuple[int, str, str]] = field(default_factory=list)  # (pk, code, title)
    last_audit: tuple[int, str, date] | None = None  # (pk, code, day its report was approved)
    open_nonconformities: int = 0
    open_major: int = 0
    objectives: int = 0
    risks: int = 0
    status: str = ClauseStatus.NONE
    reasons: list = field(default_factory=list)  # lazy texts: the page translates them

    @property
    def status_label(self) -> str:
        return str(CLAUSE_STATUS_LABELS[self.status])

    @property
    def has_evidence(self) -> bool:
        return bool(self.documents or self.last_audit or self.objectives or self.risks)


def _self_and_above(number: str) -> list[str]:
    """7.5.3 → 7.5.3, 7.5, 7: the clause and the clauses it belongs to."""
    parts = number.split(".")
    return [".".join(parts[:length]) for length in range(len(parts), 0, -1)]


def clause_views(agencies, version: str, *, on: date | None = None) -> dict[int, list[ClauseRow]]:
    """The clause rows of ``version`` for every agency of ``agencies`` (a queryset), by agency
    pk; six queries whatever the number of agencies, clauses and documents."""
    on = on or timezone.localdate()
    clauses = list(IsoClause.objects.filter(version=version, number__contains="."))
    agency_ids = list(agencies.values_list("pk", flat=True))
    rows = {pk: [ClauseRow(clause) for clause in clauses] for pk in agency_ids}
    numbered = {pk: {row.clause.number: row for row in rows[pk]} for pk in agency_ids}
    cited = Document.clauses.through.objects.filter(
        document__agency_id__in=agency_ids,
        document__status=Document.Status.EFFECTIVE,
        isoclause__version=version,
    ).values_list(
        "document__agency_id",
        "isoclause__number",
        "document_id",
        "document__code",
        "document__title",
    )
    for agency_id, number, pk, code, title in cited:
        # A document citing 7.5.3 serves 7.5.3 and 7.5.
        for above in _self_and_above(number):
            row = numbered[agency_id].get(above)
            if row is not None and all(document[0] != pk for document in row.documents):
                row.documents.append((pk, code, title))
    audited = (
        Audit.clauses.through.objects.filter(
            audit__agency_id__in=agency_ids,
            audit__status=Audit.Status.CLOSED,
            isoclause__version=version,
        )
        .order_by("audit__report_approved_at")
        .values_list(
            "audit__agency_id",
            "isoclause__number",
            "audit_id",
            "audit__code",
            "audit__report_approved_at",
        )
    )
    for agency_id, chosen, pk, code, approved_at in audited:  # oldest first: the last one wins
        # An audit that chose 7 or 7.5 covers 7.5.3.
        for row in rows[agency_id]:
            if chosen in _self_and_above(row.clause.number):
                row.last_audit = (pk, code, timezone.localdate(approved_at))
    open_ncs = (
        Nonconformity.objects.filter(agency_id__in=agency_ids, clause__version=version)
        .exclude(status__in=Nonconformity.ENDED)
        .values_list("agency_id", "clause__number", "finding__grade")
    )
    for agency_id, number, grade in open_ncs:
        for above in _self_and_above(number):
            row = numbered[agency_id].get(above)
            if row is not None:
                row.open_nonconformities += 1
                row.open_major += grade == Finding.Grade.MAJOR
    objectives = _counts(QualityObjective.objects.filter(agency_id__in=agency_ids, year=on.year))
    risks = (
        Risk.objects.filter(agency_id__in=agency_ids, status=Risk.Status.OPEN)
        .values("agency", "kind")
        .annotate(n=Count("pk"))
        .values_list("agency", "kind", "n")
    )
    for agency_id, kind, count in risks:
        row = numbered[agency_id].get(RISKS_CLAUSE.get(version, {}).get(kind))
        if row is not None:
            row.risks += count
    year_ago = add_months(on, -12)
    for agency_id, agency_rows in rows.items():
        if OBJECTIVES_CLAUSE.get(version) in numbered[agency_id]:
            numbered[agency_id][OBJECTIVES_CLAUSE[version]].objectives = objectives.get(
                agency_id, 0
            )
        for row in agency_rows:
            row.documents.sort(key=lambda document: document[1])
            _derive(row, year_ago)
    return rows


def _counts(queryset) -> dict[int, int]:
    return dict(queryset.values("agency").annotate(n=Count("pk")).values_list("agency", "n"))


def _derive(row: ClauseRow, year_ago: date) -> None:
    if not row.has_evidence:
        row.status = ClauseStatus.NONE
        return
    if row.last_audit is None or row.last_audit[2] <= year_ago:
        row.reasons.append(_("not audited in 12 months"))
    if row.open_major:
        row.reasons.append(_("a major nonconformity is open"))
    row.status = ClauseStatus.ATTENTION if row.reasons else ClauseStatus.COVERED


def clause_view(agency: Agency, *, on: date | None = None) -> list[ClauseRow]:
    """The clause rows of one agency, for its own edition."""
    return clause_views(Agency.objects.filter(pk=agency.pk), agency.iso_version, on=on)[agency.pk]


@dataclass
class ProvinceClauseRow:
    clause: IsoClause
    counts: dict[str, int]  # status → agencies


def province_clause_counts(agencies, version: str, *, on: date | None = None):
    """For each clause of ``version``: how many of ``agencies`` (those on that edition) have it
    covered, needing attention or without evidence; and how many agencies were counted."""
    on_edition = agencies.filter(iso_version=version)
    views = clause_views(on_edition, version, on=on)
    clauses = next(iter(views.values()), None)
    if clauses is None:
        clauses = [
            ClauseRow(clause)
            for clause in IsoClause.objects.filter(version=version, number__contains=".")
        ]
    table = []
    for index, template in enumerate(clauses):
        counts = dict.fromkeys(CLAUSE_STATUS_LABELS, 0)
        for agency_rows in views.values():
            counts[agency_rows[index].status] += 1
        table.append(ProvinceClauseRow(template.clause, counts))
    return table, len(views)


def clause_page(agency: Agency, status: str) -> dict:
    """What a clause page shows: the rows of ``status`` (all for an unknown one), and the
    count of each status with its label."""
    rows = clause_view(agency)
    counts = dict.fromkeys(CLAUSE_STATUS_LABELS, 0)
    for row in rows:
        counts[row.status] += 1
    status = status if status in CLAUSE_STATUS_LABELS else ""
    return {
        "rows": [row for row in rows if row.status == status] if status else rows,
        "counts": [(key, label, counts[key]) for key, label in CLAUSE_STATUS_LABELS.items()],
        "status": status,
    }

"""Reads of internal audits: what a programme covers, the plan and the report's figures."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q

from audits.models import Audit, AuditorAssignment, AuditProgramme, Finding
from documents.models import IsoClause
from qms.agencies.models import Agency, Unit


def programmes_of(agency: Agency):
    return (
        AuditProgramme.objects.filter(agency=agency)
        .annotate(
            audit_count=Count("audits", filter=~Q(audits__status=Audit.Status.CANCELLED)),
            closed_count=Count("audits", filter=Q(audits__status=Audit.Status.CLOSED)),
        )
        .order_by("-year")
    )


def audits_of_programme(programme: AuditProgramme):
    """The programme's audits with their units, clauses and team, in date order."""
    return programme.audits.prefetch_related(
        "units",
        "clauses",
        Prefetch("team", queryset=AuditorAssignment.objects.select_related("auditor__unit")),
    ).annotate(
        finding_count=Count("findings", distinct=True),
        nonconforming_count=Count(
            "findings", filter=Q(findings__grade__in=Finding.NONCONFORMING), distinct=True
        ),
    )


@dataclass
class CoverageRow:
    subject: object  # a Unit or an IsoClause
    audits: list = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.audits)


@dataclass
class Coverage:
    units: list[CoverageRow]
    clauses: list[CoverageRow]

    @property
    def uncovered_units(self) -> list:
        return [row.subject for row in self.units if not row.covered]

    @property
    def uncovered_clauses(self) -> list:
        return [row.subject for row in self.clauses if not row.covered]


def programme_coverage(programme: AuditProgramme, audits: list[Audit]) -> Coverage:
    """Which active units and which clauses of the agency's standard the year's audits (not
    cancelled) cover. A main clause chosen for an audit covers its sub-clauses; the clause
    rows are the sub-clauses (4.1, 4.2, …), where the requirements are."""
    agency = programme.agency
    live = [audit for audit in audits if audit.status != Audit.Status.CANCELLED]
    units = [CoverageRow(unit) for unit in Unit.objects.filter(agency=agency, is_active=True)]
    by_unit = {row.subject.pk: row for row in units}
    clauses = [
        CoverageRow(clause)
        for clause in IsoClause.objects.filter(version=agency.iso_version, number__contains=".")
    ]
    for audit in live:
        for unit in audit.units.all():
            if unit.pk in by_unit:
                by_unit[unit.pk].audits.append(audit)
        chosen = {clause.number for clause in audit.clauses.all()}
        for row in clauses:
            number = row.subject.number
            if number in chosen or number.split(".")[0] in chosen:
                row.audits.append(audit)
    return Coverage(units=units, clauses=clauses)


@dataclass
class ReportFigures:
    grades: list[tuple[str, str, int]]  # (grade, label, count)
    by_unit: list[tuple[Unit, list[int], int]]  # (unit, counts in grade order, total)
    total: int


def report_figures(audit: Audit, findings: list[Finding]) -> ReportFigures:
    """Counts of the findings by grade and by unit × grade, for the report."""
    grades = list(Finding.Grade)
    counts = dict.fromkeys(grades, 0)
    units: dict[int, tuple[Unit, dict]] = {}
    for finding in findings:
        counts[finding.grade] += 1
        _unit, row = units.setdefault(finding.unit_id, (finding.unit, dict.fromkeys(grades, 0)))
        row[finding.grade] += 1
    return ReportFigures(
        grades=[(grade.value, grade.label, counts[grade]) for grade in grades],
        by_unit=[
            (unit, [row[grade] for grade in grades], sum(row.values()))
            for unit, row in sorted(units.values(), key=lambda pair: pair[0].name)
        ],
        total=len(findings),
    )


def findings_of(audit: Audit):
    return (
        audit.findings.select_related(
            "clause", "unit", "document", "recorded_by", "acknowledged_by", "nonconformity"
        )
        .prefetch_related("evidence_files")
        .order_by("number")
    )


def methods_planned(audits) -> list[tuple[str, int]]:
    """How many audits of the programme (cancelled ones aside) each method has, in the order
    of the methods: what ISO 19011:2026 asks a programme to record (5.1 g)."""
    counts = Counter(audit.method for audit in audits if audit.status != Audit.Status.CANCELLED)
    return [(label, counts[key]) for key, label in Audit.Method.choices if counts[key]]


def audit_context(audit: Audit) -> dict:
    """Everything the plan and the report show, read in a fixed number of queries."""
    team = list(audit.team.select_related("auditor__unit"))
    findings = list(findings_of(audit))
    return {
        "audit": audit,
        "agency": audit.agency,
        "units": list(audit.units.all()),
        "clauses": list(audit.clauses.order_by("sort_key")),
        "documents": list(audit.documents.order_by("code")),
        "auditees": list(audit.auditees.select_related("unit").order_by("full_name")),
        "team": team,
        "lead": next((member.auditor for member in team if member.is_lead), None),
        "exceptions": [member for member in team if member.justification],
        "schedule": list(audit.schedule.select_related("unit")),
        "consents": list(audit.consents.select_related("given_by").order_by("given_at")),
        "findings": findings,
        "figures": report_figures(audit, findings),
    }


def audits_starting_on(day: date):
    """Audits whose plan went out (or is still to go) that start on ``day``."""
    return (
        Audit.objects.filter(start_on=day, status__in=Audit.PLANNING)
        .select_related("agency")
        .prefetch_related("auditees")
    )


def first_clause_of(document, agency: Agency) -> IsoClause | None:
    """The first clause, of the agency's version, that a procedure cites: a finding on the
    procedure starts from it."""
    if document is None:
        return None
    return document.clauses.filter(version=agency.iso_version).order_by("sort_key").first()

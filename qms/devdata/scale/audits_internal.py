"""Scale data set, internal audit part: per agency this year's approved programme with a
closed spring audit (report approved, its findings of every grade, the nonconformity findings
linked to nonconformities of the register) and a planned winter audit with its team.

Closed reports point at the one stored PDF the document seeder rendered, for the reason given
in ``qms.devdata.scale.documents``: a download is served from storage, which one shared file shows as well
as thousands would."""

from datetime import date, timedelta

from audits.models import Audit, AuditorAssignment, AuditProgramme, Finding, Nonconformity
from documents.models import IsoClause
from qms.agencies.models import Agency
from qms.devdata.scale.seeding import Seeding, stamp

GRADES = list(Finding.Grade)


def seed(seeding: Seeding) -> None:
    agencies = [
        a for a in seeding.data["agencies"] if a.level != Agency.Level.PROVINCE and a.is_active
    ]
    year = seeding.today.year
    clauses = {
        version: list(IsoClause.objects.filter(version=version, number__contains="."))
        for version in ("2008", "2015")
    }
    registered = {}
    audit_ncs = Nonconformity.objects.filter(agency__in=agencies, source=Nonconformity.Source.AUDIT)
    for pk, agency_id in audit_ncs.values_list("pk", "agency_id"):
        registered.setdefault(agency_id, []).append(pk)
    programmes = [_programme(seeding, agency, year) for agency in agencies]
    seeding.insert(AuditProgramme, programmes, history=True)
    audits = []
    for programme in programmes:
        for number, (month, status) in enumerate(((5, "closed"), (12, "planned")), start=1):
            audits.append(_audit(seeding, programme, number, date(year, month, 12), status))
    seeding.insert(Audit, audits, history=True)
    teams, units, findings = [], [], []
    for audit in audits:
        team = seeding.data["people"][audit.agency_id]
        teams.append(
            stamp(
                AuditorAssignment(audit=audit, auditor=team["auditor"], is_lead=True),
                by=team["secretary"],
                reason="Dữ liệu quy mô",
            )
        )
        unit = seeding.rng.choice(seeding.data["units"][audit.agency_id])
        units.append(Audit.units.through(audit_id=audit.pk, unit_id=unit.pk))
        if audit.status == Audit.Status.CLOSED:
            findings += _findings(seeding, audit, unit, clauses, registered)
    seeding.insert(AuditorAssignment, teams, history=True)
    seeding.insert_plain(Audit.units.through, units)
    seeding.insert(Finding, findings, history=True)
    seeding.log(f"  internal audits: {len(audits)} audits, {len(findings)} findings")


def _programme(seeding: Seeding, agency, year: int) -> AuditProgramme:
    team = seeding.data["people"][agency.pk]
    programme = AuditProgramme(
        agency=agency,
        year=year,
        objectives="Đánh giá sự phù hợp và hiệu lực của hệ thống quản lý chất lượng.",
        criteria=f"TCVN ISO 9001:{agency.iso_version}; tài liệu của hệ thống.",
        status=AuditProgramme.Status.APPROVED,
        proposed_by=team["secretary"],
        approved_by=team["approver"],
    )
    return stamp(programme, by=team["approver"], reason="Dữ liệu quy mô")


def _audit(seeding: Seeding, programme, number: int, start: date, status: str) -> Audit:
    team = seeding.data["people"][programme.agency_id]
    audit = Audit(
        programme=programme,
        agency_id=programme.agency_id,
        number=number,
        code=f"ĐGNB-{programme.year}-{number:02}",
        title=f"Đánh giá nội bộ đợt {number}",
        objectives="Xác định mức độ phù hợp của hệ thống tại các đơn vị.",
        criteria=programme.criteria,
        iso_version=programme.agency.iso_version,
        start_on=start,
        end_on=start + timedelta(days=1),
        status=status,
    )
    if status == Audit.Status.CLOSED:
        audit.conclusion = "Hệ thống được áp dụng và duy trì; cần khắc phục các điểm đã nêu."
        audit.report_approved_by = team["approver"]
        audit.report_pdf.name, audit.report_sha256 = seeding.data["pdf"]
    return stamp(audit, by=team["secretary"], reason="Dữ liệu quy mô")


def _findings(seeding: Seeding, audit, unit, clauses, registered) -> list[Finding]:
    team = seeding.data["people"][audit.agency_id]
    version = "2008" if audit.criteria.startswith("TCVN ISO 9001:2008") else "2015"
    open_ncs = registered.get(audit.agency_id, [])
    rows = []
    for number, grade in enumerate(GRADES, start=1):
        finding = Finding(
            audit=audit,
            agency_id=audit.agency_id,
            number=number,
            code=f"{audit.code}/{number:02}",
            grade=grade,
            statement="Hồ sơ theo dõi chưa ghi đủ ngày trả kết quả.",
            evidence="Sổ theo dõi hồ sơ tháng 4.",
            clause=seeding.rng.choice(clauses[version]),
            unit=unit,
            recorded_by=team["auditor"],
        )
        if grade in Finding.NONCONFORMING and open_ncs:
            finding.nonconformity_id = open_ncs.pop()
        rows.append(stamp(finding, by=team["auditor"], reason="Dữ liệu quy mô"))
    return rows

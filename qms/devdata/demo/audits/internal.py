"""Demo internal audits in every active agency of the Lâm Đồng province, played through the
services.

Each agency has an audit whose fieldwork was done six weeks ago, with a finding of every grade
(the two nonconformities open nonconformities in the register), and an audit two weeks ahead.
Each audit belongs to the approved programme of its own year: near the turn of the year the two
fall in two programmes, so the demo tells the same story on every day. Sở Tư pháp and UBND
phường Xuân Hương get the done audit's report approved (a stored PDF) and the coming plan sent
with its schedule; in Xuân Hương the small ward's auditor audits his own unit, with the written
justification and a second auditor. Sở Tư pháp's audit done was hybrid, its auditee consented
to being recorded and a screen capture backs its first finding; its coming audit is remote.
Sở Nội vụ (``LAPSED_CODE``) has its report approved too, so that only its lapsed management
review brings its status down. Elsewhere the report awaits the leader's approval.
Idempotent: an agency that has an audit programme is skipped.
"""

import io
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from audits.models import Audit, AuditProgramme, ChecklistItem, Finding, FindingEvidence
from audits.services import audit_plans, audit_teams, checklists, findings, programmes, remote
from documents.models import Document, IsoClause
from qms.agencies.models import Agency, Unit, User
from qms.devdata.demo.run import LAPSED_CODE, WHOLE_PROVINCE, DemoRun

# The agencies whose whole story is told, with their auditors (lead first) and leader.
CASTS = {
    "sotp": ("lan.tk", "minh.ld", ["thao.dg"]),
    "p-xuanhuong": ("yen.tk", "dung.ct", ["son.tp", "phuong.cc"]),
}
# (grade, statement, evidence) of the spring audit's findings, one of every grade.
FINDINGS = [
    (
        Finding.Grade.MAJOR,
        "Hồ sơ giải quyết TTHC trả kết quả trễ hạn nhưng không có Phiếu xin lỗi và hẹn lại "
        "ngày trả kết quả.",
        "Sổ theo dõi hồ sơ tháng 4: 3/25 hồ sơ trễ hạn, không có Phiếu xin lỗi và hẹn lại "
        "ngày trả kết quả theo mẫu của Nghị định 61/2018/NĐ-CP.",
    ),
    (
        Finding.Grade.MINOR,
        "Một số biểu mẫu đang sử dụng không phải lần ban hành hiện hành.",
        "Phiếu kiểm soát quá trình giải quyết hồ sơ đang dùng lần ban hành 01, trong khi lần "
        "ban hành hiện hành là 02.",
    ),
    (
        Finding.Grade.OBSERVATION,
        "Danh mục hồ sơ cần lưu chưa ghi thời hạn lưu trữ của một số loại hồ sơ.",
        "Danh mục hồ sơ năm nay của đơn vị: 4 loại hồ sơ chưa ghi thời gian lưu.",
    ),
    (
        Finding.Grade.IMPROVEMENT,
        "Có thể bỏ sổ theo dõi giấy, chỉ theo dõi trên phần mềm một cửa.",
        "Công chức đang ghi đồng thời sổ giấy và phần mềm một cửa cho cùng một hồ sơ.",
    ),
]
# The clause each finding above really cites, in the 2015 and the 2008 standard: a dossier
# returned late is the control of service provision (8.5.1; 7.5 in 2008), forms of an old
# issue and records kept without a retention time are the control of documented information
# (7.5.3; 4.2.3 and 4.2.4 in 2008), a double paper log is an opportunity for continual
# improvement (10.3; 8.5.1 in 2008).
FINDING_CLAUSES = {
    "2015": ("8.5.1", "7.5.3", "7.5.3", "10.3"),
    "2008": ("7.5", "4.2.3", "4.2.4", "8.5.1"),
}
ON_SITE, REMOTE, HYBRID = Audit.Method.ON_SITE, Audit.Method.REMOTE, Audit.Method.HYBRID
# Where each method meets; Sở Tư pháp's audit done was hybrid and its coming one is remote.
MEETING = "Phòng họp trực tuyến “ĐGNB {code}” trên hệ thống hội nghị truyền hình của tỉnh"
LOCATIONS = {
    ON_SITE: "Phòng họp cơ quan",
    REMOTE: MEETING + "\nPhần mềm một cửa điện tử (chia sẻ màn hình)",
    HYBRID: "Phòng họp cơ quan\n" + MEETING,
}
METHODS = {"sotp": (HYBRID, REMOTE)}
# Days from today to the first day of the audit done and of the audit to come.
DONE_DAYS_AGO = 45
COMING_IN_DAYS = 14


def load(run: DemoRun = WHOLE_PROVINCE) -> None:
    with run.in_province() as province:
        if province is None:
            return
        for agency in run.agencies(province):
            if AuditProgramme.objects.filter(agency=agency).exists():
                continue
            cast = _cast(agency)
            if cast is not None:
                with transaction.atomic():
                    AuditYear(agency, *cast).play()
                run.say(
                    _("%(agency)s: %(audits)s internal audits, %(findings)s findings")
                    % {
                        "agency": agency.short_name or agency.name,
                        "audits": Audit.objects.filter(agency=agency).count(),
                        "findings": Finding.objects.filter(agency=agency).count(),
                    }
                )


def _cast(agency: Agency) -> tuple[User, User, list[User]] | None:
    secretary, leader, auditors = CASTS.get(agency.code) or (
        f"secretary.{agency.code}",
        f"approver.{agency.code}",
        [f"admin.{agency.code}", f"secretary.{agency.code}"],
    )
    names = {secretary, leader, *auditors}
    users = {user.username: user for user in User.objects.filter(username__in=names)}
    if set(users) != names:
        return None
    return users[secretary], users[leader], [users[name] for name in auditors]


class AuditYear:
    def __init__(self, agency: Agency, secretary: User, leader: User, auditors: list[User]):
        self.agency, self.secretary, self.leader, self.auditors = (
            agency,
            secretary,
            leader,
            auditors,
        )
        self.full = agency.code in CASTS
        today = timezone.localdate()
        self.done_on = today - timedelta(days=DONE_DAYS_AGO)
        self.coming_on = today + timedelta(days=COMING_IN_DAYS)
        self.programmes: dict[int, AuditProgramme] = {}
        mains = list(
            IsoClause.objects.filter(version=agency.iso_version).exclude(number__contains=".")
        )
        # The audit done covers the main clauses its findings cite, then the first others.
        cited = {number.split(".")[0] for number in FINDING_CLAUSES[agency.iso_version]}
        mains.sort(key=lambda clause: clause.number not in cited)
        half = len(mains) // 2 + 1
        self.done_clauses, self.coming_clauses = mains[:half], mains[half:]

    def play(self) -> None:
        units = list(self.agency.units.filter(is_active=True).order_by("pk"))
        done_method, coming_method = METHODS.get(self.agency.code, (ON_SITE, ON_SITE))
        done = self.plan(
            self.programme(self.done_on.year),
            self.done_on,
            units,
            self.done_clauses,
            method=done_method,
        )
        # The ward shows the exception: its lead auditor audits his own unit.
        own_unit = self.agency.code == "p-xuanhuong"
        coming = self.plan(
            self.programme(self.coming_on.year),
            self.coming_on,
            units,
            self.coming_clauses,
            own_unit=own_unit,
            method=coming_method,
        )
        for programme in self.programmes.values():
            programmes.programme_propose(programme=programme, by=self.secretary)
            programmes.programme_decide(programme=programme, by=self.leader, approve=True)
        self.fieldwork(done)
        if self.full:
            self.schedule(coming)
            audit_plans.audit_plan_send(audit=coming, by=self.secretary)

    def programme(self, year: int) -> AuditProgramme:
        """The draft programme of ``year``, started on first use."""
        if year not in self.programmes:
            self.programmes[year] = programmes.programme_create(
                agency=self.agency,
                by=self.secretary,
                year=year,
                objectives=(
                    "Đánh giá sự phù hợp của hệ thống quản lý chất lượng với TCVN ISO 9001 và "
                    "các quy định của cơ quan; đánh giá hiệu lực của các quy trình giải quyết TTHC."
                ),
            )
        return self.programmes[year]

    def plan(self, programme, start, units, clauses, *, own_unit=False, method=ON_SITE):
        lead = self.auditors[0]
        # Audit the units of people other than the auditors; a ward too small for that audits
        # the lead auditor's own unit, with the justification and a second auditor.
        audited = [unit for unit in units if unit.pk not in {a.unit_id for a in self.auditors}]
        if own_unit or not audited:
            audited = [unit for unit in units if unit.pk == lead.unit_id] or units[:1]
        audit = audit_plans.audit_plan_create(
            programme=programme,
            by=self.secretary,
            title=f"Đánh giá nội bộ đợt {programme.audits.count() + 1}",
            objectives="Xác định mức độ phù hợp và hiệu lực của hệ thống tại các đơn vị.",
            start_on=start,
            end_on=start + timedelta(days=1),
            units=audited[:3],
            clauses=clauses,
            documents=list(
                Document.objects.of_agency(self.agency).effective().filter(type__prefix="QT")[:2]
            ),
            auditees=self.auditees(audited[:3]),
            method=method,
            locations=LOCATIONS[method].format(code=self.agency.code),
        )
        justification = (
            "Cơ quan chỉ có hai công chức được đào tạo đánh giá viên nội bộ; một người thuộc "
            "đơn vị được đánh giá."
        )
        for index, auditor in enumerate(self.auditors):
            own = audit_teams.auditing_own_unit(audit, auditor)
            audit_teams.auditor_assign(
                audit=audit,
                by=self.secretary,
                auditor=auditor,
                is_lead=index == 0,
                justification=justification if own else "",
            )
        return audit

    def auditees(self, units: list[Unit]) -> list[User]:
        people = list(
            User.objects.filter(
                unit__in=units, is_active=True, groups__agency_role__agency=self.agency
            ).distinct()
        )
        return people or [self.leader]

    def schedule(self, audit) -> None:
        activities = [
            (time(8), time(8, 30), None, "Họp khai mạc"),
            (time(8, 30), time(11, 0), audit.units.first(), "Đánh giá tại đơn vị"),
            (time(15, 30), time(16, 30), None, "Họp kết thúc, thông báo kết quả"),
        ]
        for starts_at, ends_at, unit, activity in activities:
            audit_plans.schedule_item_add(
                audit=audit,
                by=self.secretary,
                on=audit.start_on,
                starts_at=starts_at,
                ends_at=ends_at,
                unit=unit,
                activity=activity,
                auditors=str(self.auditors[0]),
            )

    def screen_capture(self, audit) -> None:
        """The auditee shared the one-stop software's screen under his consent; the lead
        auditor attached the capture to the first finding."""
        auditee = audit.auditees.order_by("pk").first()
        consent = remote.consent_give(
            audit=audit,
            by=auditee,
            scope="Cuộc họp trực tuyến và ảnh chụp màn hình phần mềm một cửa điện tử.",
        )
        remote.finding_evidence_add(
            finding=audit.findings.order_by("number").first(),
            by=self.auditors[0],
            kind=FindingEvidence.Kind.SCREEN_CAPTURE,
            upload=SimpleUploadedFile("man-hinh-phan-mem-mot-cua.png", _screen_png()),
            consent=consent,
        )

    def fieldwork(self, audit) -> None:
        lead = self.auditors[0]
        audit_plans.audit_plan_send(audit=audit, by=self.secretary)
        checklists.checklist_build(audit=audit, by=lead)
        items = {
            item.clause.number: item
            for item in audit.checklist.filter(origin=ChecklistItem.Origin.CLAUSE).select_related(
                "clause"
            )
        }
        clauses = {
            clause.number: clause
            for clause in IsoClause.objects.filter(version=self.agency.iso_version)
        }
        answered = set()
        unit = audit.units.first()
        cited = FINDING_CLAUSES[self.agency.iso_version]
        for (grade, statement, evidence), number in zip(FINDINGS, cited, strict=True):
            # The checklist item of the main clause the finding cites.
            item = items[number.split(".")[0]]
            if item.pk not in answered:
                result = (
                    ChecklistItem.Result.NONCONFORMING
                    if grade in Finding.NONCONFORMING
                    else ChecklistItem.Result.OBSERVATION
                )
                checklists.checklist_answer(item=item, by=lead, result=result, evidence=evidence)
            findings.finding_record(
                audit=audit,
                by=lead,
                grade=grade,
                statement=statement,
                evidence=evidence,
                clause=clauses[number],
                unit=unit,
                checklist_item=item,
            )
            answered.add(item.pk)
        if audit.method != ON_SITE:
            self.screen_capture(audit)
        for item in audit.checklist.exclude(pk__in=answered):
            checklists.checklist_answer(
                item=item,
                by=lead,
                result=ChecklistItem.Result.CONFORMING,
                evidence="Đã xem hồ sơ và phỏng vấn công chức phụ trách; thực hiện đúng quy định.",
            )
        findings.audit_complete(audit=audit, by=lead)
        findings.report_propose(
            audit=audit,
            by=lead,
            conclusion=(
                "Hệ thống quản lý chất lượng được áp dụng và duy trì; cần khắc phục dứt điểm "
                "điểm không phù hợp nặng về trả kết quả trễ hạn trước cuộc đánh giá đợt 2."
            ),
        )
        if self.full:
            first = audit.findings.order_by("number").first()
            auditee = audit.auditees.filter(unit=first.unit).first()
            if auditee is not None:
                findings.finding_acknowledge(finding=first, by=auditee)
        if self.full or self.agency.code == LAPSED_CODE:
            findings.report_decide(audit=audit, by=self.leader, approve=True)
            # The service stamps the approval now; the leader signed the report a week after
            # the fieldwork, which is the day every page gives as the last internal audit.
            approved_on = audit.end_on + timedelta(days=7)
            Audit.objects.filter(pk=audit.pk).update(
                report_approved_at=timezone.make_aware(datetime.combine(approved_on, time(15)))
            )


def _screen_png() -> bytes:
    """A screen capture: the one-stop software's list with its late files in red."""
    image = Image.new("RGB", (480, 270), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 480, 28), fill=(13, 71, 161))
    for row in range(8):
        top = 40 + row * 28
        draw.rectangle((12, top, 468, top + 20), fill=(255, 235, 238) if row % 3 == 0 else "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()

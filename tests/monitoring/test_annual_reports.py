"""Annual reports through their services: the form set by the supervisor, the figures
pre-computed from an agency's known data, saving, submitting, returning; bad input refused."""

from datetime import date, timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.selectors.review_inputs import INPUTS
from audits.services import actions as action_flow
from audits.services import checklists, reviews
from audits.services import findings as finding_flow
from audits.services import nonconformity_actions as nc_flow
from documents.services.external import external_document_save
from qms.agencies.roles import Role
from qms.monitoring.models import AnnualReport, ReportTemplate
from qms.monitoring.selectors.reports import computed_values, default_fields
from qms.monitoring.services import reports as service
from tests.helpers import (
    make_document_type,
    make_effective_document,
    make_nonconformity,
    make_notified_audit,
    make_planned_nonconformity,
    make_unit,
    make_user,
)
from tests.monitoring.fixtures import SupervisionFixture

R = AnnualReport.Status
TODAY = timezone.localdate()


def make_template(province, by, **extra) -> ReportTemplate:
    fields = {
        "province": province,
        "by": by,
        "year": TODAY.year,
        "title": f"Báo cáo tình hình áp dụng HTQLCL năm {TODAY.year}",
        "deadline": TODAY + timedelta(days=30),
        "fields": default_fields(),
    } | extra
    return service.template_save(**fields)


def filled(template) -> dict:
    values = {
        "effective_procedures": 3,
        "tthc_procedures": 1,
        "internal_audits": 1,
        "nonconformities_raised": 2,
        "nonconformities_closed": 1,
        "last_management_review": date(TODAY.year, 3, 1),
        "announcement": "12/QĐ-STP",
        "complaints": "Không có",
        "budget": 15000000,
        "difficulties": "Không",
    }
    return {f["key"]: values.get(f["key"], "x") for f in template.fields}


class TemplateTests(SupervisionFixture):
    def test_a_supervisor_sets_the_form_and_changes_it(self):
        template = make_template(self.province, self.tuan)
        self.assertEqual(len(template.fields), len(default_fields()))
        again = make_template(
            self.province,
            self.ha,
            deadline=TODAY + timedelta(days=10),
            fields=[{"key": "budget", "label": "Kinh phí", "type": "number"}],
        )
        self.assertEqual(again.pk, template.pk)
        self.assertEqual(again.fields, [{"key": "budget", "label": "Kinh phí", "type": "number"}])

    def test_bad_forms_are_refused_and_nothing_stored(self):
        cases = {
            "no field": {"fields": []},
            "bad key": {"fields": [{"key": "Số liệu", "label": "A", "type": "number"}]},
            "duplicate key": {"fields": [{"key": "a", "label": "A", "type": "text"}] * 2},
            "empty label": {"fields": [{"key": "a", "label": " ", "type": "text"}]},
            "over-long label": {"fields": [{"key": "a", "label": "x" * 201, "type": "text"}]},
            "unknown type": {"fields": [{"key": "a", "label": "A", "type": "money"}]},
            "empty title": {"title": ""},
            "deadline before the year": {"deadline": date(TODAY.year - 1, 12, 31)},
        }
        for name, extra in cases.items():
            with self.subTest(name), self.assertRaises(ValidationError):
                make_template(self.province, self.tuan, **extra)
        for person in (self.lan, self.khanh):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                make_template(self.province, person)
        self.assertFalse(ReportTemplate.objects.exists())


class ComputedFiguresTests(SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        unit = make_unit(cls.a, "Văn phòng Sở")
        # Vy, reviewer of A's procedures; Hùng, internal auditor of A.
        cls.vy = make_user("Hồ Thị Vy", cls.a, [Role.REVIEWER])
        cls.hung = make_user("Trần Văn Hùng", cls.a, [Role.AUDITOR])
        make_document_type(cls.a)
        people = {"drafter": cls.lan, "reviewer": cls.vy, "approver": cls.minh}
        tthc = external_document_save(
            agency=cls.a, by=cls.lan, kind="tthc", number="1.000050", title="Đăng ký khai sinh"
        )
        make_effective_document(
            cls.a, title="Quy trình đăng ký khai sinh", administrative_procedure=tthc, **people
        )
        make_effective_document(cls.a, title="Quy trình kiểm soát tài liệu", **people)
        make_effective_document(
            cls.a,
            title="Chính sách chất lượng",
            **people,
            type=make_document_type(cls.a, kind="policy", prefix="CS"),
        )
        # Two nonconformities this year: one stays open, one is closed.
        make_nonconformity(cls.a, cls.lan, title="Phản ánh thái độ")
        closed, (action,) = make_planned_nonconformity(cls.a, cls.lan, [cls.hoa])
        action_flow.action_complete(action=action, by=cls.hoa, evidence="Đã lập sổ")
        nc_flow.nonconformity_verify(
            nonconformity=closed, by=cls.hung, result="effective", evidence="Không tái diễn"
        )
        nc_flow.nonconformity_close(nonconformity=closed, by=cls.lan)
        # One internal audit done.
        audit = make_notified_audit(
            cls.a,
            secretary=cls.lan,
            approver=cls.minh,
            lead=cls.hung,
            auditee=cls.hoa,
            units=[unit],
        )
        item = checklists.checklist_item_add(audit=audit, by=cls.hung, question="Sổ theo dõi")
        checklists.checklist_answer(item=item, by=cls.hung, result="conforming", evidence="Có")
        finding_flow.audit_complete(audit=audit, by=cls.hung)
        # One approved management review in March.
        review = reviews.review_create(
            agency=cls.a,
            by=cls.lan,
            title="Xem xét của lãnh đạo",
            held_on=date(TODAY.year, 3, 1),
            chair=cls.minh,
            participants=[cls.lan],
        )
        reviews.review_compile(review=review, by=cls.lan)
        keys = [item.key for item in INPUTS[review.iso_version]]
        reviews.review_minutes_save(
            review=review, by=cls.lan, minutes=dict.fromkeys(keys, "Ý kiến"), conclusion="Phù hợp"
        )
        reviews.review_submit(review=review, by=cls.lan)
        reviews.review_approve(review=review, by=cls.minh)
        cls.template = make_template(cls.province, cls.tuan)

    def test_the_figures_come_from_the_agencys_data(self):
        values = computed_values(self.template, self.a)
        self.assertEqual(
            values,
            {
                "effective_procedures": 2,
                "tthc_procedures": 1,
                "internal_audits": 1,
                "nonconformities_raised": 2,
                "nonconformities_closed": 1,
                "last_management_review": date(TODAY.year, 3, 1).isoformat(),
            },
        )
        self.assertEqual(computed_values(self.template, self.b)["effective_procedures"], 0)

    def test_starting_the_report_prefills_it_once(self):
        report = service.report_start(template=self.template, agency=self.a, by=self.lan)
        self.assertEqual(report.values["effective_procedures"], 2)
        self.assertNotIn("announcement", report.values)
        again = service.report_start(template=self.template, agency=self.a, by=self.lan)
        self.assertEqual(again.pk, report.pk)


class ReportFlowTests(SupervisionFixture):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.template = make_template(cls.province, cls.tuan)

    def test_prepare_save_submit_return_and_submit_again(self):
        report = service.report_start(template=self.template, agency=self.a, by=self.lan)
        with self.assertRaises(ValidationError):
            service.report_submit(report=report, by=self.lan)  # typed fields still empty
        service.report_save(report=report, by=self.lan, values=filled(self.template))
        service.report_submit(report=report, by=self.lan)
        report.refresh_from_db()
        self.assertEqual((report.status, report.submitted_by), (R.SUBMITTED, self.lan))
        with self.assertRaises(ValidationError):
            service.report_save(report=report, by=self.lan, values=filled(self.template))
        with self.captureOnCommitCallbacks(execute=True):
            service.report_return(report=report, by=self.tuan, comment="Bổ sung kinh phí")
        report.refresh_from_db()
        self.assertEqual((report.status, report.return_comment), (R.RETURNED, "Bổ sung kinh phí"))
        self.assertEqual([m.to for m in mail.outbox], [[self.lan.email]])
        service.report_save(
            report=report, by=self.lan, values=filled(self.template) | {"budget": 1}
        )
        service.report_submit(report=report, by=self.lan)
        report.refresh_from_db()
        self.assertEqual((report.status, report.values["budget"]), (R.SUBMITTED, 1))

    def test_who_may_do_what(self):
        for person in (self.hoa, self.tuan, self.binh):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                service.report_start(template=self.template, agency=self.a, by=person)
        other = make_template(self.other_province, self.khanh)
        with self.assertRaises(ValidationError):
            service.report_start(template=other, agency=self.a, by=self.lan)
        report = service.report_start(template=self.template, agency=self.a, by=self.lan)
        service.report_save(report=report, by=self.lan, values=filled(self.template))
        service.report_submit(report=report, by=self.lan)
        for person in (self.lan, self.khanh):
            with self.subTest(person=person.full_name), self.assertRaises(PermissionDenied):
                service.report_return(report=report, by=person, comment="Sửa")

    def test_bad_values_and_comments_are_refused_and_nothing_changes(self):
        report = service.report_start(template=self.template, agency=self.a, by=self.lan)
        before = dict(report.values)
        for name, values in {
            "negative number": {"budget": -1},
            "text in a number": {"budget": "nhiều"},
            "over-long text": {"difficulties": "x" * 2001},
            "not a date": {"last_management_review": "hôm qua"},
        }.items():
            with self.subTest(name), self.assertRaises(ValidationError):
                service.report_save(report=report, by=self.lan, values=values)
        report.refresh_from_db()
        self.assertEqual(report.values, before)
        service.report_save(report=report, by=self.lan, values=filled(self.template))
        service.report_submit(report=report, by=self.lan)
        for comment in ("", "x" * 2001):
            with self.subTest(length=len(comment)), self.assertRaises(ValidationError):
                service.report_return(report=report, by=self.tuan, comment=comment)
        report.refresh_from_db()
        self.assertEqual(report.status, R.SUBMITTED)

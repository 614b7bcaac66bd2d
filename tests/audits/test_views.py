from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from audits.models import Action, ManagementReview, Nonconformity, QualityObjective, Risk
from audits.selectors.review_inputs import INPUTS
from audits.services import actions as action_flow
from audits.services import objectives, reviews
from audits.services.risks import risk_save
from qms.agencies.models import Agency
from qms.agencies.roles import Role
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_nonconformity,
    make_pdf,
    make_planned_nonconformity,
    make_unit,
    make_user,
)

PDF = make_pdf()


class ImprovementViewBase(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.unit = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary of Sở Tư pháp.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Thảo, internal auditor.
        cls.thao = make_user("Võ Thị Thảo", cls.agency, [Role.AUDITOR, Role.STAFF])
        # Minh, leader who approves.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa, staff who owns actions and the on-time objective.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        cls.other = make_agency("Sở Y tế")
        # Tuấn, ISO secretary of Sở Y tế, who must never see Sở Tư pháp's records.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.other, [Role.ISO_SECRETARY, Role.STAFF])
        cls.today = timezone.localdate()
        cls.nc, (cls.action,) = make_planned_nonconformity(cls.agency, cls.lan, [cls.hoa])
        cls.objective = objectives.objective_save(
            agency=cls.agency,
            by=cls.lan,
            year=cls.today.year,
            title="98% hồ sơ đúng hạn",
            indicator="Tỷ lệ hồ sơ đúng hạn",
            unit_of_measure="%",
            target=Decimal("98"),
            responsible=cls.hoa,
            unit=cls.unit,
        )
        objectives.measurement_record(
            objective=cls.objective,
            by=cls.hoa,
            period="Kỳ 1",
            period_end=date(cls.today.year, 1, 1),
            value=Decimal("95"),
        )
        cls.risk = risk_save(
            agency=cls.agency, by=cls.lan, title="Văn bản chưa cập nhật", likelihood=4, impact=4
        )
        cls.review = reviews.review_create(
            agency=cls.agency,
            by=cls.lan,
            title="Xem xét của lãnh đạo",
            held_on=cls.today,
            chair=cls.minh,
            participants=[cls.lan, cls.thao],
        )


class LadderTests(ImprovementViewBase):
    def test_pages_of_the_agency_follow_the_ladder(self):
        pages = [
            ("audits:dashboard", None, self.hoa),
            ("audits:nonconformity-list", None, self.hoa),
            ("audits:nonconformity-create", self.hoa, self.thao),
            ("audits:action-list", None, self.hoa),
            ("audits:objective-list", None, self.hoa),
            ("audits:objective-create", self.hoa, self.lan),
            ("audits:risk-list", None, self.hoa),
            ("audits:risk-create", self.hoa, self.lan),
            ("audits:review-list", self.hoa, self.minh),
            ("audits:review-create", self.minh, self.lan),
        ]
        for name, wrong, right in pages:
            with self.subTest(name):
                self.assert_ladder(reverse(name), outsider=None, wrong_role=wrong, right_role=right)

    def test_object_pages_follow_the_ladder_and_hide_other_agencies(self):
        nc, action, objective, risk, review = (
            self.nc.pk,
            self.action.pk,
            self.objective.pk,
            self.risk.pk,
            self.review.pk,
        )
        pages = [
            ("audits:nonconformity-detail", nc, None, self.hoa),
            ("audits:nonconformity-history", nc, None, self.hoa),
            ("audits:nonconformity-edit", nc, self.hoa, self.lan),
            ("audits:nonconformity-analyse", nc, self.thao, self.lan),
            ("audits:nonconformity-verify", nc, self.hoa, self.thao),
            ("audits:nonconformity-cancel", nc, self.thao, self.lan),
            ("audits:nonconformity-change-request", nc, self.thao, self.lan),
            ("audits:nonconformity-action-create", nc, self.hoa, self.lan),
            ("audits:action-detail", action, None, self.hoa),
            ("audits:action-complete", action, self.thao, self.hoa),
            ("audits:action-cancel", action, self.hoa, self.lan),
            ("audits:objective-detail", objective, None, self.thao),
            ("audits:objective-edit", objective, self.hoa, self.lan),
            ("audits:objective-measure", objective, self.thao, self.hoa),
            ("audits:objective-nonconformity", objective, self.hoa, self.thao),
            ("audits:objective-action-create", objective, self.hoa, self.lan),
            ("audits:risk-detail", risk, None, self.hoa),
            ("audits:risk-edit", risk, self.hoa, self.lan),
            ("audits:risk-action-create", risk, self.hoa, self.lan),
            ("audits:review-detail", review, self.hoa, self.minh),
            ("audits:review-edit", review, self.minh, self.lan),
            ("audits:review-minutes", review, self.minh, self.lan),
            ("audits:review-decision-create", review, self.minh, self.lan),
        ]
        for name, pk, wrong, right in pages:
            with self.subTest(name):
                self.assert_ladder(
                    reverse(name, args=[pk]), outsider=self.tuan, wrong_role=wrong, right_role=right
                )

    def test_the_register_shows_only_the_agencys_own_nonconformities(self):
        foreign = make_nonconformity(self.other, self.tuan, title="Của Sở Y tế")
        self.client.force_login(self.lan)
        response = self.client.get(reverse("audits:nonconformity-list"))
        self.assertContains(response, self.nc.code)
        self.assertNotContains(response, foreign.title)

    def test_the_risk_register_does_not_exist_for_a_2008_agency(self):
        old = make_agency("UBND xã Lang Biang", iso_version=Agency.IsoVersion.V2008)
        long = make_user("Hồ Văn Long", old, [Role.ISO_SECRETARY])
        self.client.force_login(long)
        self.assertEqual(self.client.get(reverse("audits:risk-list")).status_code, 404)
        self.assertEqual(self.client.get(reverse("audits:risk-create")).status_code, 404)
        response = self.client.get(reverse("audits:nonconformity-list"))
        self.assertNotContains(response, reverse("audits:risk-list"))


class NonconformityPageTests(ImprovementViewBase):
    def test_registering_through_the_page(self):
        self.client.force_login(self.thao)
        response = self.client.post(
            reverse("audits:nonconformity-create"),
            {
                "source": "complaint",
                "source_reference": "Phiếu góp ý số 12",
                "title": "Công dân phản ánh chờ lâu",
                "description": "Chờ 90 phút tại bộ phận một cửa.",
                "detected_on": self.today.strftime("%d/%m/%Y"),
                "detected_by": self.thao.pk,
                "unit": self.unit.pk,
            },
        )
        created = Nonconformity.objects.get(title="Công dân phản ánh chờ lâu")
        self.assertRedirects(response, reverse("audits:nonconformity-detail", args=[created.pk]))
        self.assertEqual(created.detected_by, self.thao)

    def test_the_register_finds_what_is_typed_without_diacritics(self):
        self.client.force_login(self.lan)
        url = reverse("audits:nonconformity-list")
        self.assertContains(self.client.get(url, {"q": "tra ket qua TRE HAN"}), self.nc.code)
        self.assertNotContains(self.client.get(url, {"q": "niem phong"}), self.nc.code)

    def test_bad_input_keeps_what_was_typed_and_stores_nothing(self):
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("audits:nonconformity-create"),
            {
                "source": "complaint",
                "title": "Phản ánh",
                "description": "",
                "detected_on": (self.today + timedelta(days=3)).strftime("%d/%m/%Y"),
                "detected_by": self.lan.pk,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertContains(response, 'value="Phản ánh"')
        self.assertFalse(Nonconformity.objects.filter(title="Phản ánh").exists())

    def test_a_due_date_before_detection_is_refused_on_the_form(self):
        nonconformity = make_nonconformity(self.agency, self.lan)
        url = reverse("audits:nonconformity-action-create", args=[nonconformity.pk])
        self.client.force_login(self.lan)
        self.client.post(
            reverse("audits:nonconformity-analyse", args=[nonconformity.pk]),
            {"correction": "Trả ngay", "why_1": "Chuyển nhầm", "why_2": "Không có sổ"},
        )
        data = {
            "kind": "corrective",
            "title": "Lập sổ",
            "owner": self.hoa.pk,
            "due_on": (nonconformity.detected_on - timedelta(days=1)).strftime("%d/%m/%Y"),
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("due_on", response.context["form"].errors)
        self.assertFalse(nonconformity.actions.exists())
        data["due_on"] = self.today.strftime("%d/%m/%Y")
        self.assertRedirects(
            self.client.post(url, data),
            reverse("audits:nonconformity-detail", args=[nonconformity.pk]),
        )
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status, Nonconformity.Status.ACTION_PLAN)
        self.assertEqual(nonconformity.whys, ["Chuyển nhầm", "Không có sổ"])

    @override_settings(MEDIA_ROOT="/tmp/qms-test-media-audits")
    def test_the_flow_through_the_pages_with_its_refusals(self):
        detail = reverse("audits:nonconformity-detail", args=[self.nc.pk])
        # Closing with an open action: refused, nothing changes.
        self.client.force_login(self.lan)
        response = self.client.post(reverse("audits:nonconformity-close", args=[self.nc.pk]))
        self.assertRedirects(response, detail)
        self.assertEqual(Nonconformity.objects.get(pk=self.nc.pk).status, "in_progress")
        # The owner records the action as done with a PDF.
        self.client.force_login(self.hoa)
        response = self.client.post(
            reverse("audits:action-complete", args=[self.action.pk]),
            {"evidence": "Đã lập sổ", "evidence_file": SimpleUploadedFile("so.pdf", PDF)},
        )
        self.assertRedirects(response, reverse("audits:action-detail", args=[self.action.pk]))
        evidence = self.client.get(reverse("audits:action-evidence", args=[self.action.pk]))
        self.assertEqual(b"".join(evidence.streaming_content), PDF)
        # Hoa owns the action: she may not verify it.
        self.client.force_login(self.thao)
        url = reverse("audits:nonconformity-verify", args=[self.nc.pk])
        response = self.client.post(url, {"result": "effective", "evidence": "Kiểm tra sổ"})
        self.assertRedirects(response, detail)
        self.client.force_login(self.lan)
        self.assertRedirects(
            self.client.post(reverse("audits:nonconformity-close", args=[self.nc.pk])), detail
        )
        self.assertEqual(Nonconformity.objects.get(pk=self.nc.pk).status, "closed")
        page = self.client.get(detail)
        self.assertContains(page, "Đã lập sổ")

    def test_verifying_ones_own_action_is_refused_on_the_form(self):
        nonconformity, (action,) = make_planned_nonconformity(self.agency, self.lan, [self.thao])
        action_flow.action_complete(action=action, by=self.thao, evidence="Đã làm")
        self.client.force_login(self.thao)
        response = self.client.post(
            reverse("audits:nonconformity-verify", args=[nonconformity.pk]),
            {"result": "effective", "evidence": "Tự kiểm tra"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.verification_result, "")

    def test_cancelling_needs_a_reason_on_the_form(self):
        self.client.force_login(self.lan)
        url = reverse("audits:nonconformity-cancel", args=[self.nc.pk])
        response = self.client.post(url, {"reason": ""})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Nonconformity.objects.get(pk=self.nc.pk).status, "in_progress")
        self.client.post(url, {"reason": "Nhập trùng"})
        self.assertEqual(Nonconformity.objects.get(pk=self.nc.pk).status, "cancelled")


class ObjectiveAndRiskPageTests(ImprovementViewBase):
    def test_the_objective_page_offers_the_one_step_nonconformity(self):
        self.client.force_login(self.lan)
        page = self.client.get(reverse("audits:objective-detail", args=[self.objective.pk]))
        url = reverse("audits:objective-nonconformity", args=[self.objective.pk])
        self.assertContains(page, url)
        self.assertFalse(page.context["objective"].met_now)
        response = self.client.post(url, {"description": "Thiếu nhân sự"})
        created = Nonconformity.objects.get(objective=self.objective)
        self.assertRedirects(response, reverse("audits:nonconformity-detail", args=[created.pk]))

    def test_measuring_through_the_page(self):
        self.client.force_login(self.hoa)
        url = reverse("audits:objective-measure", args=[self.objective.pk])
        response = self.client.post(
            url, {"period": "Kỳ 2", "period_end": f"02/01/{self.today.year}", "value": "98,5"}
        )
        self.assertRedirects(response, reverse("audits:objective-detail", args=[self.objective.pk]))
        self.assertEqual(self.objective.measurements.get(period="Kỳ 2").value, Decimal("98.5"))
        response = self.client.post(
            url, {"period": "Kỳ 3", "period_end": f"02/01/{self.today.year}", "value": "99"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.objective.measurements.filter(period="Kỳ 3").exists())

    def test_recording_a_risk_through_the_page(self):
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("audits:risk-create"),
            {"kind": "risk", "title": "Mất dữ liệu", "likelihood": 2, "impact": 5},
        )
        risk = Risk.objects.get(title="Mất dữ liệu")
        self.assertRedirects(response, reverse("audits:risk-detail", args=[risk.pk]))
        self.assertEqual(risk.level, 10)


class ReviewPageTests(ImprovementViewBase):
    def test_prepare_compile_write_submit_approve_and_print(self):
        detail = reverse("audits:review-detail", args=[self.review.pk])
        self.client.force_login(self.lan)
        self.assertRedirects(
            self.client.post(reverse("audits:review-compile", args=[self.review.pk])), detail
        )
        minutes = {item.key: "Đã thảo luận" for item in INPUTS["2015"]}
        self.assertRedirects(
            self.client.post(
                reverse("audits:review-minutes", args=[self.review.pk]),
                {**minutes, "conclusion": "Phù hợp"},
            ),
            detail,
        )
        self.client.post(
            reverse("audits:review-decision-create", args=[self.review.pk]),
            {
                "kind": "improvement",
                "title": "Đầu tư phần mềm một cửa",
                "owner": self.hoa.pk,
                "due_on": (self.today + timedelta(days=90)).strftime("%d/%m/%Y"),
            },
        )
        self.assertTrue(self.review.decisions.filter(title="Đầu tư phần mềm một cửa").exists())
        self.client.post(reverse("audits:review-submit", args=[self.review.pk]))
        # The secretary cannot approve; the leader can.
        response = self.client.post(
            reverse("audits:review-decide", args=[self.review.pk]), {"comment": ""}
        )
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.minh)
        page = self.client.get(detail)
        self.assertIn("approve", page.context["allowed"])
        self.client.post(reverse("audits:review-decide", args=[self.review.pk]), {"comment": ""})
        review = ManagementReview.objects.get(pk=self.review.pk)
        self.assertEqual((review.status, review.approved_by), ("approved", self.minh))
        pdf = self.client.get(reverse("audits:review-pdf", args=[self.review.pk]))
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        # Approved: the secretary's edit is refused with a message; nothing changes.
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("audits:review-minutes", args=[self.review.pk]),
            {**minutes, "conclusion": "Sửa sau phê duyệt"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(ManagementReview.objects.get(pk=self.review.pk).conclusion, "Phù hợp")

    def test_submitting_without_minutes_is_refused(self):
        self.client.force_login(self.lan)
        self.client.post(reverse("audits:review-compile", args=[self.review.pk]))
        self.client.post(reverse("audits:review-submit", args=[self.review.pk]))
        self.assertEqual(ManagementReview.objects.get(pk=self.review.pk).status, "draft")


class QueryCountTests(ImprovementViewBase):
    def add_rows(self, start: int, n: int) -> None:
        for i in range(start, start + n):
            nonconformity, _ = make_planned_nonconformity(
                self.agency, self.lan, [self.hoa, self.thao], title=f"Sự không phù hợp {i}"
            )
            Action.objects.filter(nonconformity=nonconformity).update(
                due_on=self.today - timedelta(days=1)
            )
            objective = objectives.objective_save(
                agency=self.agency,
                by=self.lan,
                year=self.today.year,
                title=f"Mục tiêu {i}",
                indicator="Tỷ lệ",
                target=Decimal("90"),
            )
            objectives.measurement_record(
                objective=objective,
                by=self.lan,
                period="Kỳ 1",
                period_end=date(self.today.year, 1, 1),
                value=Decimal("80"),
            )
            risk_save(
                agency=self.agency, by=self.lan, title=f"Rủi ro {i}", likelihood=3, impact=i % 5 + 1
            )
            reviews.review_create(
                agency=self.agency,
                by=self.lan,
                title=f"Xem xét {i}",
                held_on=self.today - timedelta(days=30 * (i + 1)),
                chair=self.minh,
            )

    def test_list_pages_keep_their_query_count_as_rows_grow(self):
        pages = [
            (self.lan, reverse("audits:nonconformity-list")),
            (self.lan, reverse("audits:nonconformity-list") + "?overdue=on&status=not_ended"),
            (self.lan, reverse("audits:action-list")),
            (self.hoa, reverse("audits:action-list") + "?mine=on&overdue=on"),
            (self.lan, reverse("audits:objective-list")),
            (self.lan, reverse("audits:risk-list")),
            (self.lan, reverse("audits:review-list")),
            (self.lan, reverse("audits:dashboard")),
            (self.lan, reverse("home")),
            (self.hoa, reverse("home")),
        ]

        def counts():
            result = []
            for user, url in pages:
                self.client.force_login(user)
                result.append(count_queries(lambda url=url: self.client.get(url)))
            return result

        self.add_rows(0, 2)
        before = counts()
        self.add_rows(2, 4)
        self.assertEqual(counts(), before)
        self.assertEqual(QualityObjective.objects.count(), 7)

    def test_a_nonconformitys_page_keeps_its_query_count_as_actions_grow(self):
        few, _ = make_planned_nonconformity(self.agency, self.lan, [self.hoa])
        many, _ = make_planned_nonconformity(
            self.agency, self.lan, [self.hoa, self.thao, self.hoa, self.thao]
        )
        self.client.force_login(self.lan)

        def count(nonconformity):
            url = reverse("audits:nonconformity-detail", args=[nonconformity.pk])
            return count_queries(lambda: self.client.get(url))

        self.assertEqual(count(many), count(few))

    def test_a_reviews_page_keeps_its_query_count_as_decisions_grow(self):
        self.client.force_login(self.lan)
        url = reverse("audits:review-detail", args=[self.review.pk])
        reviews.review_compile(review=self.review, by=self.lan)
        before = count_queries(lambda: self.client.get(url))
        for n in range(3):
            action_flow.action_create(
                parent=self.review,
                by=self.lan,
                kind="improvement",
                title=f"Quyết định {n}",
                owner=self.hoa,
                due_on=self.today,
            )
        self.assertEqual(count_queries(lambda: self.client.get(url)), before)

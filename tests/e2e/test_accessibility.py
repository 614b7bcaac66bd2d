"""Each role's main screens, as people open them on a 1366 px desktop and a 390×844 phone: no
critical or serious axe-core violation (WCAG 2.1 A and AA) and nothing wider than the window.
On a phone the issue's header fits, "Đã đọc và hiểu" comes after the document and the
register reads as cards."""

import unittest
from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, Finding
from audits.services.checklists import checklist_build
from audits.services.findings import finding_record
from audits.services.planned_changes import planned_change_save
from audits.services.transition import transition_plan
from documents.models import CopyRendering, IsoClause, IsoEdition, Revision
from documents.services import revisions as flow
from documents.services.distribution import distribution_add
from qms.agencies.roles import Role
from qms.lib.jobs.models import Export
from tests import object_storage
from tests.audits.satisfaction_builders import make_survey
from tests.e2e.browser import TIMEOUT_MS, BrowserTestCase, expect, vi
from tests.helpers import (
    make_agency,
    make_document,
    make_effective_document,
    make_ministry,
    make_nonconformity,
    make_notified_audit,
    make_province,
    make_unit,
    make_user,
)

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # the dev extra is not installed
    Axe = None

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
FITS_THE_WINDOW = "() => document.documentElement.scrollWidth <= window.innerWidth"
# For the message: the outermost elements that stick out of the window.
STICKING_OUT = """() => {
  const width = window.innerWidth;
  const out = el => el.getBoundingClientRect().right > width + 1;
  return [...document.querySelectorAll('body *')]
    .filter(el => out(el) && !out(el.parentElement))
    .map(el => el.tagName + '.' + [...el.classList].join('.'));
}"""


def serious_violations(page) -> list[str]:
    result = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in result.response["violations"]
        if violation["impact"] in ("critical", "serious")
    ]


class AccessibilityBase(BrowserTestCase):
    def setUp(self):
        super().setUp()
        if Axe is None:
            raise unittest.SkipTest(
                "axe-playwright-python is not installed: pip install -e '.[dev]'"
            )
        self.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        self.agency = make_agency("Sở Tư pháp tỉnh Lâm Đồng", province=self.province)
        self.unit = make_unit(self.agency, "Phòng Hành chính tư pháp")
        office = make_unit(self.agency, "Văn phòng Sở")
        # Lan, ISO secretary: the register, documents, records, Việc của tôi.
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Minh, the director, reviews and approves.
        self.minh = make_user("Phạm Văn Minh", self.agency, [Role.APPROVER])
        # Hùng, head of the Phòng Hành chính tư pháp, reviews the drafts.
        self.hung = make_user("Lê Văn Hùng", self.agency, [Role.REVIEWER])
        # Tâm, internal auditor from the office, audits the Phòng Hành chính tư pháp.
        self.tam = make_user("Vũ Minh Tâm", self.agency, [Role.AUDITOR], unit=office)
        # Hoa, staff of the audited unit, reads the procedures distributed to her.
        self.hoa = make_user("Đỗ Thị Hoa", self.agency, [Role.STAFF], unit=self.unit)
        # Tuấn, supervisor of the province at the Sở KH&CN.
        self.tuan = make_user("Ngô Anh Tuấn", self.province, [Role.SUPERVISOR])
        self.document = make_effective_document(
            self.agency,
            drafter=self.lan,
            reviewer=self.hung,
            approver=self.minh,
            title="Quy trình cấp bản sao trích lục hộ tịch",
            owner_unit=self.unit,
        )
        self.revision = self.document.revisions.get()
        distribution_add(revision=self.revision, by=self.lan, users=[self.hoa])

    def window(self, user, viewport):
        if user is None:
            context = self.browser.new_context(locale="vi-VN", viewport=viewport)
            context.set_default_timeout(TIMEOUT_MS)
            self.addCleanup(context.close)
            return context.new_page()
        return self.signed_in(user, viewport=viewport)

    def check(self, user, paths: list[str]):
        """Every page at both sizes; all the problems are reported together."""
        problems = []
        for viewport in (DESKTOP, PHONE):
            page = self.window(user, viewport)
            for path in paths:
                where = f"{path} at {viewport['width']} px"
                response = page.goto(self.url(path))
                if response.status != 200:
                    problems.append(f"{where}: HTTP {response.status}")
                    continue
                problems += [f"{where}: {v}" for v in serious_violations(page)]
                if not page.evaluate(FITS_THE_WINDOW):
                    problems.append(f"{where}: wider than the window {page.evaluate(STICKING_OUT)}")
            page.context.close()
        self.assertEqual(problems, [])


class RolePagesTests(AccessibilityBase):
    def test_the_secretarys_screens(self):
        plan = transition_plan(
            agency=self.agency, by=self.lan, target_on=timezone.localdate() + timedelta(days=300)
        )
        change = planned_change_save(
            agency=self.agency,
            by=self.lan,
            title="Tiếp nhận hồ sơ trực tuyến toàn trình",
            purpose="Người dân không phải đến nộp hồ sơ giấy.",
            owner=self.lan,
            due_on=timezone.localdate() + timedelta(days=60),
            documents=[self.document],
        )
        self.check(
            self.lan,
            [
                reverse("home"),
                reverse("documents:register"),
                reverse("documents:document-detail", args=[self.document.pk]),
                reverse("documents:revision-detail", args=[self.revision.pk]),
                reverse("documents:revision-distribution", args=[self.revision.pk]),
                reverse("documents:document-history", args=[self.document.pk]),
                reverse("documents:record-register"),
                reverse("trail"),
                reverse("audits:clause-view"),
                reverse("audits:context"),
                reverse("audits:transition"),
                reverse("audits:transition-item", args=[plan.items.first().pk]),
                reverse("audits:planned-change-detail", args=[change.pk]),
                reverse("audits:planned-change-create"),
            ],
        )

    def test_the_auditors_screens(self):
        audit = make_notified_audit(
            self.agency,
            secretary=self.lan,
            approver=self.minh,
            lead=self.tam,
            auditee=self.hoa,
            units=[self.unit],
        )
        checklist_build(audit=audit, by=self.tam)
        nonconformity = make_nonconformity(self.agency, self.lan)
        self.check(
            self.tam,
            [
                reverse("audits:programme-detail", args=[audit.programme_id]),
                reverse("audits:audit-detail", args=[audit.pk]),
                reverse("audits:audit-checklist", args=[audit.pk]),
                reverse("audits:nonconformity-detail", args=[nonconformity.pk]),
            ],
        )

    def test_a_remote_audits_consent_finding_and_evidence_pages(self):
        audit = make_notified_audit(
            self.agency,
            secretary=self.lan,
            approver=self.minh,
            lead=self.tam,
            auditee=self.hoa,
            units=[self.unit],
            method=Audit.Method.REMOTE,
            locations="Phòng họp trực tuyến: https://meet.lamdong.gov.vn/dgnb-stp-2026",
        )
        finding = finding_record(
            audit=audit,
            by=self.tam,
            grade=Finding.Grade.OBSERVATION,
            statement="Sổ theo dõi hồ sơ chưa ghi ngày trả kết quả",
            evidence="Màn hình phần mềm một cửa, tháng 5/2026",
            clause=IsoClause.objects.get(version="2015", number="8.5.1"),
            unit=self.unit,
        )
        self.check(self.hoa, [reverse("audits:audit-detail", args=[audit.pk])])
        self.check(
            self.tam,
            [
                reverse("audits:finding-detail", args=[finding.pk]),
                reverse("audits:finding-evidence-add", args=[finding.pk]),
            ],
        )

    def test_the_supervisors_dashboard_first_screen_agency_picker_and_reports(self):
        # A move under way and a deadline set: the editions panel shows both, with its lists.
        IsoEdition.objects.filter(code="2026").update(
            transition_deadline=timezone.localdate() + timedelta(days=200)
        )
        transition_plan(
            agency=self.agency, by=self.lan, target_on=timezone.localdate() + timedelta(days=300)
        )
        self.check(
            self.tuan,
            [
                reverse("monitoring:dashboard"),
                reverse("monitoring:agency-detail", args=[self.agency.pk]),
                reverse("home"),
                reverse("monitoring:inspection-plan-create"),
                reverse("monitoring:report-overview") + "?state=overdue&level=commune",
                reverse("monitoring:clauses"),
                reverse("monitoring:agency-clauses", args=[self.agency.pk]),
            ],
        )

    def test_the_ministrys_national_roll_up(self):
        ministry = make_ministry()
        self.check(
            make_user("Hoàng Minh", ministry, [Role.SUPERVISOR]), [reverse("monitoring:national")]
        )

    def test_the_citizens_portal_and_survey(self):
        survey = make_survey(self.agency, self.lan, uses_receipt_codes=True)
        self.check(
            None,
            [
                reverse("portal:index"),
                reverse("portal:agency", args=[self.agency.code]),
                reverse("survey-answer", args=[survey.token]),
            ],
        )


class WorkInProgressPagesTests(AccessibilityBase):
    """The pages of work a worker does, while it runs and once it failed, and the page of a
    file store that does not answer."""

    def approved_without_copy(self, title: str) -> Revision:
        document = make_document(self.agency, self.lan, title, owner_unit=self.unit)
        revision = document.revisions.get()
        flow.revision_update_content(revision=revision, by=self.lan, purpose="Mục đích")
        flow.revision_submit(
            revision=revision, by=self.lan, reviewers=[self.hung], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.hung)
        flow.revision_approve(
            revision=revision,
            by=self.minh,
            effective_date=timezone.localdate() + timedelta(days=30),
        )
        # As a worker leaves it while it renders: approved, its copy not stored yet.
        Revision.objects.filter(pk=revision.pk).update(pdf_file="", pdf_sha256="")
        return revision

    def test_a_copy_in_progress_or_failed_and_an_export_in_progress_or_failed(self):
        queued = self.approved_without_copy("Quy trình tiếp nhận hồ sơ trực tuyến")
        CopyRendering.objects.create(revision=queued, requested_by=self.minh)
        failed = self.approved_without_copy("Quy trình cấp phiếu lý lịch tư pháp")
        CopyRendering.objects.create(
            revision=failed,
            requested_by=self.minh,
            status=CopyRendering.Status.FAILED,
            attempts=5,
            error="Không chuyển đổi được tệp nguồn trong thời gian cho phép.",
        )
        running = Export.objects.create(owner=self.lan, name="nhat-ky-thay-doi.xlsx")
        refused = Export.objects.create(
            owner=self.lan,
            name="nhat-ky-2025.xlsx",
            status=Export.Status.FAILED,
            error="Kho lưu trữ tệp không phản hồi.",
        )
        self.client.force_login(self.lan)
        for revision, says in (
            (queued, "Bản kiểm soát đang được tạo (đang xử lý)."),
            (failed, "Không tạo được bản kiểm soát sau 5 lần thử:"),
        ):
            url = reverse("documents:revision-detail", args=[revision.pk])
            self.assertContains(self.client.get(url), says)
        self.check(
            self.lan,
            [
                reverse("documents:revision-detail", args=[queued.pk]),
                reverse("documents:revision-detail", args=[failed.pk]),
                reverse("export-detail", args=[running.pk]),
                reverse("export-detail", args=[refused.pk]),
            ],
        )

    def test_the_page_of_a_file_store_that_does_not_answer(self):
        down = object_storage.storages_with_bucket(
            "qms-down", endpoint_url=object_storage.unreachable_endpoint()
        )
        path = reverse("documents:revision-pdf", args=[self.revision.pk])
        problems = []
        with override_settings(STORAGES=down):
            for viewport in (DESKTOP, PHONE):
                page = self.window(self.lan, viewport)
                response = page.goto(self.url(path))
                self.assertEqual(response.status, 503)
                expect(page.locator("h1")).to_have_text("Kho lưu trữ tệp không phản hồi")
                problems += serious_violations(page)
                if not page.evaluate(FITS_THE_WINDOW):
                    problems.append(f"wider than {viewport['width']} px")
        self.assertEqual(problems, [])


class PhoneReadingTests(AccessibilityBase):
    def test_staff_read_the_issue_on_a_phone_and_acknowledge_after_the_content(self):
        page = self.signed_in(self.hoa, viewport=PHONE)
        self.open(page, reverse("documents:revision-detail", args=[self.revision.pk]))
        header = page.locator(".qms-control-header")
        expect(header.locator("h1")).to_have_text(self.document.title)
        code = header.get_by_text(self.document.code, exact=True)
        self.assertLessEqual(code.bounding_box()["x"] + code.bounding_box()["width"], 390)
        content = page.locator("article.qms-document").bounding_box()
        button = page.get_by_role("button", name=vi("Read and understood"))
        expect(button).to_have_count(1)
        self.assertGreater(button.bounding_box()["y"], content["y"] + content["height"])
        self.submit(page, "main form[action$='/acknowledge/'] button")
        expect(page.locator("main")).not_to_contain_text(vi("Read and understood"))

    def test_the_register_reads_as_cards_on_a_phone_and_as_a_table_on_a_desktop(self):
        displays = {}
        for viewport in (PHONE, DESKTOP):
            page = self.signed_in(self.lan, viewport=viewport)
            self.open(page, reverse("documents:register"))
            row = page.locator("#register tbody tr").first
            expect(row).to_contain_text(self.document.code)
            displays[viewport["width"]] = row.evaluate("tr => getComputedStyle(tr).display")
            label = (
                row.locator("td").nth(1).evaluate("td => getComputedStyle(td, '::before').content")
            )
            if viewport is PHONE:
                self.assertEqual(label, f'"{vi("Title")}"')
                self.assertTrue(page.evaluate(FITS_THE_WINDOW))
            page.context.close()
        self.assertEqual(displays, {390: "block", 1366: "table-row"})

    def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(self):
        page = self.signed_in(self.lan, viewport=DESKTOP)
        self.open(page, reverse("documents:register"))
        page.keyboard.press("Tab")
        skip = page.locator(".qms-skip-link")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        ring = skip.evaluate("a => getComputedStyle(a).outlineStyle")
        self.assertEqual(ring, "solid")
        page.keyboard.press("Enter")
        expect(page.locator("main#content")).to_be_focused()

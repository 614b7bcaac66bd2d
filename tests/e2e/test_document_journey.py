"""A procedure from its first draft to a verified controlled copy, in the browser."""

import re

from documents.models import Revision
from qms.agencies.roles import Role
from tests.e2e.browser import BrowserTestCase, expect, vi
from tests.helpers import make_agency, make_document_type, make_unit, make_user

RETURN_COMMENT = "Bổ sung bước lưu hồ sơ vào sổ theo dõi"


class DocumentJourneyTests(BrowserTestCase):
    def setUp(self):
        self.agency = make_agency("Sở Tư pháp")
        self.unit = make_unit(self.agency, "Phòng Hành chính tư pháp")
        self.type = make_document_type(self.agency)
        # Hùng drafts the procedure.
        self.hung = make_user("Trần Văn Hùng", self.agency, [Role.DRAFTER])
        # Mai, Trưởng phòng, reviews it.
        self.mai = make_user("Lê Thị Mai", self.agency, [Role.REVIEWER])
        # Minh, Phó Giám đốc, approves it.
        self.minh = make_user("Phạm Văn Minh", self.agency, [Role.APPROVER])
        # Lan, the ISO secretary, distributes the issue.
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])
        # Hoa, staff of the unit, reads and acknowledges it.
        self.hoa = make_user("Đỗ Thị Hoa", self.agency, [Role.STAFF], unit=self.unit)

    def test_a_procedure_goes_from_draft_to_a_verified_effective_copy(self):
        hung = self.signed_in(self.hung)
        revision = self.draft(hung)
        self.send_for_review(hung, revision)

        mai = self.signed_in(self.mai)
        self.open(mai, f"/documents/revisions/{revision.pk}/")
        mai.fill("#review-comment", RETURN_COMMENT)
        self.submit(mai, "button[formaction$='/return/']")
        expect(mai.locator("main")).to_contain_text(vi("Returned to the drafter."))
        expect(mai.locator(".badge").first).to_have_text(vi("Draft"))

        # The drafter sees why it came back, fixes the draft and sends it again.
        self.open(hung, f"/documents/revisions/{revision.pk}/")
        expect(hung.locator("main")).to_contain_text(RETURN_COMMENT)
        self.open(hung, f"/documents/revisions/{revision.pk}/edit/")
        hung.fill("[name=steps-1-content]", "Ghi hồ sơ vào sổ theo dõi")
        hung.fill("[name=steps-1-responsible]", "Văn thư")
        self.submit(hung, "main form button[type=submit]:not([name])")
        expect(hung.locator("main")).to_contain_text("Ghi hồ sơ vào sổ theo dõi")
        self.send_for_review(hung, revision)

        self.open(mai, f"/documents/revisions/{revision.pk}/")
        self.submit(mai, f"main button:text-is('{vi('Pass')}')")
        expect(mai.locator("main")).to_contain_text(vi("You passed this revision."))

        minh = self.signed_in(self.minh)
        self.open(minh, f"/documents/revisions/{revision.pk}/")
        minh.fill("#approve-comment", "Đồng ý ban hành")
        self.submit(minh, f"main button:text-is('{vi('Approve')}')")
        expect(minh.locator("main")).to_contain_text(vi("Approved."))
        expect(minh.locator(".badge").first).to_have_text(vi("Effective"))

        lan = self.signed_in(self.lan)
        self.open(lan, f"/documents/revisions/{revision.pk}/distribution/")
        # The people picker: a name typed without diacritics, then the one person shown.
        lan.fill("#id_users_search", "do thi hoa")
        expect(lan.locator("[data-picker-row]:visible")).to_have_count(1)
        lan.locator(f"[name=users][value='{self.hoa.pk}']").check()
        self.submit(lan, "main form[method=post] button[type=submit]")
        expect(lan.locator("main .alert-success")).to_have_count(1)

        hoa = self.signed_in(self.hoa)
        self.open(hoa, f"/documents/revisions/{revision.pk}/")
        acknowledge = hoa.get_by_role("button", name=vi("Read and understood"))
        expect(acknowledge).to_be_visible()
        with hoa.expect_navigation():
            acknowledge.click()
        expect(hoa.locator("main")).to_contain_text(revision.document.code)
        expect(hoa.get_by_role("button", name=vi("Read and understood"))).to_have_count(0)

        # Anyone holding the printed copy scans its QR code.
        revision.refresh_from_db()
        citizen = self.browser.new_context().new_page()
        self.addCleanup(citizen.context.close)
        self.open(citizen, f"/verify/{revision.verification_token}/")
        expect(citizen.get_by_role("status")).to_have_text(
            vi("This copy is the effective issue of the document.")
        )
        expect(citizen.locator("main")).to_contain_text(revision.document.code)

    def draft(self, page) -> Revision:
        self.open(page, "/documents/new/")
        page.select_option("#id_type", str(self.type.pk))
        page.fill("#id_title", "Quy trình chứng thực bản sao từ bản chính")
        self.submit(page, "main form button[type=submit]")
        expect(page).to_have_url(re.compile(r"/documents/revisions/\d+/edit/$"))
        revision = Revision.objects.get(document__title="Quy trình chứng thực bản sao từ bản chính")
        page.fill("#id_purpose", "Quy định trình tự chứng thực bản sao.")
        page.fill("#id_scope", "Áp dụng tại Bộ phận một cửa.")
        page.fill("[name=steps-0-content]", "Tiếp nhận và kiểm tra bản chính")
        page.fill("[name=steps-0-responsible]", "Công chức một cửa")
        self.submit(page, "main form button[type=submit]:not([name])")
        expect(page).to_have_url(re.compile(rf"/documents/revisions/{revision.pk}/$"))
        expect(page.locator("main")).to_contain_text("Tiếp nhận và kiểm tra bản chính")
        return revision

    def send_for_review(self, page, revision):
        self.open(page, f"/documents/revisions/{revision.pk}/submit/")
        page.check(f"[name=reviewers][value='{self.mai.pk}']")
        page.select_option("[name=approver]", str(self.minh.pk))
        self.submit(page, "main form button[type=submit]")
        expect(page.locator("main")).to_contain_text(vi("Sent for review."))
        expect(page.locator(".badge").first).to_have_text(vi("In review"))

"""A new issue is distributed at its approval, read, and shows in the receipt register."""

from documents.models import Revision
from documents.services import revisions as flow
from documents.services.changes import revision_new_from
from documents.services.distribution import distribution_add
from qms.agencies.roles import Role
from tests.e2e.browser import BrowserTestCase, expect, vi
from tests.helpers import make_agency, make_effective_document, make_unit, make_user


class DistributionJourneyTests(BrowserTestCase):
    def setUp(self):
        self.agency = make_agency("Sở Tư pháp")
        self.unit = make_unit(self.agency, "Phòng Hành chính tư pháp")
        self.office = make_unit(self.agency, "Văn phòng")
        # Hùng drafts, Mai reviews, Minh (Phó Giám đốc) approves.
        self.hung = make_user("Trần Văn Hùng", self.agency, [Role.DRAFTER])
        self.mai = make_user("Lê Thị Mai", self.agency, [Role.REVIEWER])
        self.minh = make_user("Phạm Văn Minh", self.agency, [Role.APPROVER])
        # Lan, the ISO secretary, keeps the receipt register.
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])
        # Hoa, staff of the unit that received issue 01, reads issue 02.
        self.hoa = make_user("Đỗ Thị Hoa", self.agency, [Role.STAFF], unit=self.unit)
        document = make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh
        )
        distribution_add(revision=document.effective_revision, by=self.lan, units=[self.unit])
        self.revision = revision_new_from(document=document, drafter=self.hung)
        flow.revision_update_content(
            revision=self.revision, by=self.hung, purpose="Sửa đổi", change_summary="Rút gọn"
        )
        flow.revision_submit(
            revision=self.revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=self.revision, by=self.mai)

    def test_the_approver_distributes_at_approval_and_the_reader_acknowledges(self):
        minh = self.signed_in(self.minh)
        self.open(minh, f"/documents/revisions/{self.revision.pk}/")
        # The unit of the previous issue is ticked; the approver keeps it.
        expect(minh.locator(f"[name=units][value='{self.unit.pk}']")).to_be_checked()
        expect(minh.locator(f"[name=units][value='{self.office.pk}']")).not_to_be_checked()
        self.submit(minh, f"main button:text-is('{vi('Approve')}')")
        expect(minh.locator("main .alert-success")).to_contain_text(vi("Approved."))
        self.revision.refresh_from_db()
        self.assertEqual(self.revision.status, Revision.Status.EFFECTIVE)

        hoa = self.signed_in(self.hoa)
        self.open(hoa, f"/documents/revisions/{self.revision.pk}/")
        acknowledge = hoa.get_by_role("button", name=vi("Read and understood"))
        with hoa.expect_navigation():
            acknowledge.click()
        expect(hoa.get_by_role("button", name=vi("Read and understood"))).to_have_count(0)

        lan = self.signed_in(self.lan)
        self.open(lan, f"/documents/revisions/{self.revision.pk}/readers/")
        row = lan.locator("#readers tbody tr", has_text=self.hoa.full_name)
        expect(row).to_have_count(1)
        expect(row).not_to_contain_text(vi("Not read yet"))
        self.open(lan, f"/documents/revisions/{self.revision.pk}/readers/?unread=1")
        expect(lan.locator("#readers tbody")).not_to_contain_text(self.hoa.full_name)

    def url(self, path: str) -> str:
        return self.live_server_url + path

    def open(self, page, path: str):
        page.goto(self.url(path))
        return page

    def submit(self, page, selector: str):
        with page.expect_navigation():
            page.locator(selector).first.click()
        return page

"""An internal audit finding, its nonconformity and the corrective action, to closure."""

import re
from datetime import timedelta

from django.utils import timezone

from audits.models import Action, Finding, Nonconformity
from qms.agencies.roles import Role
from tests.e2e.browser import BrowserTestCase, expect, vi
from tests.helpers import make_agency, make_notified_audit, make_unit, make_user

STATEMENT = "Sổ theo dõi hồ sơ tháng 6 không ghi ngày trả kết quả"
CORRECTION = "Đã bổ sung ngày trả kết quả cho 12 hồ sơ"
ACTION = "Bổ sung cột ngày trả kết quả vào mẫu sổ theo dõi"


class AuditJourneyTests(BrowserTestCase):
    def setUp(self):
        self.agency = make_agency("Sở Tư pháp")
        self.audited = make_unit(self.agency, "Phòng Hành chính tư pháp")
        office = make_unit(self.agency, "Văn phòng Sở")
        # Lan, the ISO secretary, keeps the programme and the nonconformity register.
        self.lan = make_user("Nguyễn Thị Lan", self.agency, [Role.ISO_SECRETARY])
        # Minh, the leader, approved the audit programme.
        self.minh = make_user("Phạm Văn Minh", self.agency, [Role.APPROVER])
        # Tâm, internal auditor from the office, audits another unit and verifies the action.
        self.tam = make_user("Vũ Minh Tâm", self.agency, [Role.AUDITOR], unit=office)
        # Hoa, staff of the audited unit, owns the corrective action.
        self.hoa = make_user("Đỗ Thị Hoa", self.agency, [Role.STAFF], unit=self.audited)
        self.audit = make_notified_audit(
            self.agency,
            secretary=self.lan,
            approver=self.minh,
            lead=self.tam,
            auditee=self.hoa,
            units=[self.audited],
        )

    def test_a_finding_becomes_a_nonconformity_that_closes_after_verification(self):
        tam = self.signed_in(self.tam)
        self.open(tam, f"/quality/audit/{self.audit.pk}/findings/new/")
        tam.select_option("[name=grade]", "minor")
        tam.fill("[name=statement]", STATEMENT)
        tam.fill("[name=evidence]", "Sổ theo dõi tháng 6/2026, 12 hồ sơ")
        tam.select_option("[name=clause]", index=1)
        tam.select_option("[name=unit]", str(self.audited.pk))
        self.submit(tam, "main form button[type=submit]")
        finding = Finding.objects.get(audit=self.audit)
        expect(tam).to_have_url(re.compile(rf"/quality/finding/{finding.pk}/$"))
        expect(tam.locator("main")).to_contain_text(STATEMENT)
        nonconformity = Nonconformity.objects.get(pk=finding.nonconformity_id)
        expect(tam.locator("main")).to_contain_text(nonconformity.code)

        lan = self.signed_in(self.lan)
        detail = f"/quality/nonconformities/{nonconformity.pk}/"
        self.open(lan, detail + "analysis/")
        lan.fill("[name=correction]", CORRECTION)
        lan.fill("[name=why_1]", "Mẫu sổ không có cột ngày trả kết quả")
        self.submit(lan, "main form button[type=submit]")
        expect(lan.locator("main")).to_contain_text(CORRECTION)

        self.open(lan, detail + "actions/new/")
        lan.select_option("[name=kind]", "corrective")
        lan.fill("[name=title]", ACTION)
        lan.select_option("[name=owner]", str(self.hoa.pk))
        due = timezone.localdate() + timedelta(days=14)
        lan.fill("[name=due_on]", due.strftime("%d/%m/%Y"))
        self.submit(lan, "main form button[type=submit]")
        self.open(lan, detail)
        expect(lan.locator("main")).to_contain_text(ACTION)
        self.submit(lan, f"form[action='{detail}start/'] button")
        expect(lan.locator("main .badge").first).to_have_text(vi("Actions in progress"))

        hoa = self.signed_in(self.hoa)
        action = Action.objects.get(nonconformity=nonconformity)
        self.open(hoa, f"/quality/actions/{action.pk}/completion/")
        hoa.fill("[name=evidence]", "Mẫu sổ mới đã dùng từ ngày 01/07")
        self.submit(hoa, "main form button[type=submit]")
        expect(hoa.locator("main")).to_contain_text("Mẫu sổ mới đã dùng từ ngày 01/07")

        # Tâm, who does not own the action, verifies that it worked.
        self.open(tam, detail + "verification/")
        tam.check("[name=result][value=effective]")
        tam.fill("[name=evidence]", "Kiểm tra 20 hồ sơ tháng 7: đều ghi ngày trả kết quả")
        self.submit(tam, "main form button[type=submit]")
        expect(tam.locator("main")).to_contain_text(
            vi("Verified effective. The ISO secretary may close it.")
        )

        self.open(lan, detail)
        self.submit(lan, f"form[action='{detail}closure/'] button")
        expect(lan.locator("main")).to_contain_text(
            vi("%(code)s is closed.") % {"code": nonconformity.code}
        )
        expect(lan.locator("main .badge").first).to_have_text(vi("Closed"))
        nonconformity.refresh_from_db()
        self.assertEqual(nonconformity.status, Nonconformity.Status.CLOSED)

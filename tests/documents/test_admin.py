from django.test import TestCase
from django.urls import reverse

from qms.agencies.roles import Role
from tests.helpers import make_agency, make_effective_document, make_user


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        agency = make_agency("Sở Tư pháp")
        cls.document = make_effective_document(
            agency,
            drafter=make_user("Trần Văn Hùng", agency, [Role.DRAFTER]),
            reviewer=make_user("Lê Thị Mai", agency, [Role.REVIEWER]),
            approver=make_user("Phạm Văn Minh", agency, [Role.APPROVER]),
        )
        # Root, the system administrator, who still must not rewrite approval evidence.
        cls.root = make_user("Quản trị", None, [], is_staff=True, is_superuser=True)

    def test_approval_evidence_cannot_be_changed_or_deleted_in_the_admin(self):
        self.client.force_login(self.root)
        decision = self.document.effective_revision.decisions.first()
        change = reverse("admin:documents_approvaldecision_change", args=[decision.pk])
        response = self.client.post(change, {"comment": "sửa"})
        decision.refresh_from_db()
        self.assertEqual(decision.comment, "")
        delete = reverse("admin:documents_approvaldecision_delete", args=[decision.pk])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertTrue(type(decision).objects.filter(pk=decision.pk).exists())
        self.assertIn(response.status_code, (200, 403))

    def test_a_revision_status_cannot_be_edited_in_the_admin(self):
        self.client.force_login(self.root)
        revision = self.document.effective_revision
        url = reverse("admin:documents_revision_change", args=[revision.pk])
        self.client.post(url, {"status": "draft", "purpose": "sửa"})
        revision.refresh_from_db()
        self.assertEqual((revision.status, revision.purpose[:5]), ("effective", "Quy đ"))

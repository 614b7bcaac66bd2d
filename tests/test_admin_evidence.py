"""The Django admin never changes evidence nor deletes a controlled object.

Walked from the model registry, so that a new history-tracked or append-only model is covered
as soon as it is registered in the admin.
"""

from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory, TestCase
from django.urls import reverse
from simple_history.models import HistoricalChanges

from qms.agencies.roles import Role
from qms.lib.models import AppendOnlyModel
from tests.helpers import make_agency, make_effective_document, make_unit, make_user


def _tracked_models():
    return [
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
        and not issubclass(model, HistoricalChanges)
    ]


def _evidence_models():
    return [model for model in apps.get_models() if issubclass(model, AppendOnlyModel)]


class AdminEvidenceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.document = make_effective_document(
            cls.agency,
            drafter=make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER]),
            reviewer=make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER]),
            approver=make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER]),
        )
        cls.unit = make_unit(cls.agency, "Phòng Hành chính")
        # Root, the system administrator: holds every permission, still changes no evidence.
        cls.root = make_user("Quản trị", None, [], is_staff=True, is_superuser=True)

    def setUp(self):
        self.request = RequestFactory().get("/admin/")
        self.request.user = self.root

    def test_the_walk_finds_the_models_it_guards(self):
        tracked = {model._meta.label for model in _tracked_models()}
        self.assertLessEqual({"documents.Revision", "audits.Nonconformity", "qms.Unit"}, tracked)
        evidence = {model._meta.label for model in _evidence_models()}
        self.assertLessEqual(
            {"documents.ApprovalDecision", "documents.Acknowledgement", "audits.ReviewEvent"},
            evidence,
        )

    def test_evidence_is_read_only_in_the_admin(self):
        for model in _evidence_models():
            model_admin = admin.site._registry.get(model)
            if model_admin is None:
                continue  # not in the admin at all: nothing to guard
            with self.subTest(model=model._meta.label):
                self.assertFalse(model_admin.has_add_permission(self.request))
                self.assertFalse(model_admin.has_change_permission(self.request))
                self.assertFalse(model_admin.has_delete_permission(self.request))

    def test_no_controlled_object_can_be_deleted_through_the_admin(self):
        for model in [*_tracked_models(), *_evidence_models()]:
            model_admin = admin.site._registry.get(model)
            if model_admin is None:
                continue
            with self.subTest(model=model._meta.label):
                self.assertFalse(model_admin.has_delete_permission(self.request))
                self.assertNotIn("delete_selected", model_admin.get_actions(self.request))

    def test_history_records_themselves_are_not_in_the_admin(self):
        for model in admin.site._registry:
            with self.subTest(model=model._meta.label):
                self.assertFalse(issubclass(model, HistoricalChanges))

    def test_a_delete_posted_to_the_admin_is_refused(self):
        self.client.force_login(self.root)
        url = reverse("admin:qms_unit_delete", args=[self.unit.pk])
        self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
        self.assertTrue(type(self.unit).objects.filter(pk=self.unit.pk).exists())

    def test_an_approved_revision_cannot_be_reverted_through_its_admin_history(self):
        self.client.force_login(self.root)
        revision = self.document.effective_revision
        first = revision.history.earliest()
        url = reverse("admin:documents_revision_simple_history", args=[revision.pk, first.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, {"_save": "1"})
        self.assertEqual(response.status_code, 403)
        revision.refresh_from_db()
        self.assertEqual(revision.status, "effective")

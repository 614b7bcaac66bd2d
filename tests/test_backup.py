import hashlib
import json
import tarfile
import tempfile
from io import BytesIO, StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import TransactionTestCase, override_settings

from documents.models import ApprovalDecision, Document, Revision
from qms.agencies.models import Agency, User
from qms.agencies.roles import Role
from qms.api.models import ApiToken
from qms.api.tokens import token_issue
from qms.lib.backup import verify_stored_files
from tests.helpers import KeepsCatalogue, make_agency, make_effective_document, make_user


class BackupRestoreTests(KeepsCatalogue, TransactionTestCase):
    def setUp(self):
        self.media = tempfile.TemporaryDirectory()
        self.addCleanup(self.media.cleanup)
        self.settings_override = override_settings(MEDIA_ROOT=self.media.name)
        self.settings_override.enable()
        self.addCleanup(self.settings_override.disable)
        agency = make_agency("Sở Tư pháp")
        # Hùng drafts, Mai reviews, Minh approves: one issued procedure with its copy.
        self.document = make_effective_document(
            agency,
            drafter=make_user("Trần Văn Hùng", agency, [Role.DRAFTER]),
            reviewer=make_user("Lê Thị Mai", agency, [Role.REVIEWER]),
            approver=make_user("Phạm Văn Minh", agency, [Role.APPROVER]),
        )
        self.revision = Revision.objects.get(pk=self.document.effective_revision_id)
        copy = b"%PDF-1.7\nQuy trinh kiem soat tai lieu\n%%EOF\n"
        if not self.revision.pdf_file:
            # Stand-in for the issued copy, so that the check has a file to verify.
            self.revision.pdf_file.save("controlled/qt-01.pdf", ContentFile(copy), save=False)
            self.revision.pdf_sha256 = hashlib.sha256(copy).hexdigest()
            self.revision.save(update_fields=["pdf_file", "pdf_sha256"])

    def counts(self):
        return {
            "agencies": Agency.objects.count(),
            "users": User.objects.count(),
            "documents": Document.objects.count(),
            "revisions": Revision.objects.count(),
            "decisions": ApprovalDecision.objects.count(),
            "history": Revision.history.count(),
        }

    def backup(self) -> Path:
        archive = Path(self.media.name).parent / f"{Path(self.media.name).name}.tar.gz"
        self.addCleanup(archive.unlink, missing_ok=True)
        call_command("backup", str(archive), stdout=StringIO())
        return archive

    def wipe(self):
        call_command("flush", interactive=False, verbosity=0)
        for file in Path(self.media.name).rglob("*"):
            if file.is_file():
                file.unlink()

    def test_a_restore_into_an_empty_database_loses_nothing(self):
        before = self.counts()
        member = User.objects.get(full_name="Lê Thị Mai")
        archive = self.backup()
        self.wipe()
        self.assertEqual(Document.objects.count(), 0)
        out = StringIO()
        call_command("restore", str(archive), stdout=out)
        self.assertEqual(self.counts(), before)
        self.assertIn("1 stored files match", out.getvalue())
        restored = User.objects.get(pk=member.pk)
        self.assertTrue(
            restored.has_perm("qms.review_documents", restored.groups.first().agency_role.agency)
        )

    def test_a_missing_or_changed_copy_is_reported(self):
        archive = self.backup()
        self.wipe()
        call_command("restore", str(archive), stdout=StringIO())
        stored = Path(self.media.name) / Revision.objects.get(pk=self.revision.pk).pdf_file.name
        stored.write_bytes(b"%PDF-1.7\nsua doi\n%%EOF\n")
        self.assertEqual(len(verify_stored_files().problems), 1)
        self.assertIn("changed documents.Revision", verify_stored_files().problems[0])
        stored.unlink()
        self.assertIn("missing documents.Revision", verify_stored_files().problems[0])

    def test_restoring_over_existing_data_is_refused(self):
        archive = self.backup()
        with self.assertRaises(CommandError):
            call_command("restore", str(archive), stdout=StringIO())

    def test_api_tokens_travel_hashed_and_an_older_archives_clear_tokens_are_left_out(self):
        hung = User.objects.get(full_name="Trần Văn Hùng")
        issued = token_issue(user=hung, name="Kết nối phần mềm một cửa")
        archive = self.backup()
        # An archive made before tokens were hashed also holds the framework's clear tokens.
        with tarfile.open(archive, "r:gz") as original:
            members = [(m, original.extractfile(m).read()) for m in original.getmembers()]
        with tarfile.open(archive, "w:gz") as older:
            for member, content in members:
                if member.name == "data.json":
                    rows = json.loads(content)
                    self.assertNotIn(issued.key, content.decode())
                    rows.append(
                        {
                            "model": "authtoken.token",
                            "pk": "0123456789abcdef0123456789abcdef01234567",
                            "fields": {"user": ["user1"], "created": "2025-01-01T00:00:00Z"},
                        }
                    )
                    content = json.dumps(rows).encode()
                    member.size = len(content)
                older.addfile(member, BytesIO(content))
        self.wipe()
        call_command("restore", str(archive), stdout=StringIO())
        self.assertTrue(ApiToken.objects.get(user__full_name="Trần Văn Hùng").matches(issued.key))

"""Files in an S3-compatible bucket: a real S3 API (moto's server on 127.0.0.1, see
tests/object_storage.py) behind the same views, services and commands as the local folder."""

import hashlib
import tempfile
from io import StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse

from documents.imports import staging
from documents.models import Document, Revision
from documents.services import revisions as flow
from qms.agencies.roles import Role
from qms.lib.backup import verify_stored_files
from qms.lib.storage import StorageUnavailable
from tests import object_storage
from tests.helpers import (
    KeepsCatalogue,
    make_agency,
    make_document,
    make_effective_document,
    make_pdf,
    make_user,
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class InBucket:
    """Runs the class with a bucket of its own as the default file storage."""

    @classmethod
    def setUpClass(cls):
        cls.bucket = object_storage.new_bucket()
        cls.bucket_override = override_settings(
            STORAGES=object_storage.storages_with_bucket(cls.bucket)
        )
        cls.bucket_override.enable()
        cls.addClassCleanup(cls.bucket_override.disable)
        super().setUpClass()


class BucketFlowTests(InBucket, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Hùng drafts, Mai reviews, Minh approves; Lan is the ISO secretary. Tuấn works at
        # Sở Y tế and must never reach Sở Tư pháp's files.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        cls.tuan = make_user("Trần Anh Tuấn", make_agency("Sở Y tế"), [Role.ISO_SECRETARY])

    def post_source(self, revision: Revision, name: str, data: bytes):
        self.client.force_login(self.hung)
        return self.client.post(
            reverse("documents:revision-edit", args=[revision.pk]),
            {
                "body": "Sổ tay chất lượng",
                "source_file": SimpleUploadedFile(name, data),
                "steps-TOTAL_FORMS": 0,
                "steps-INITIAL_FORMS": 0,
                "records-TOTAL_FORMS": 0,
                "records-INITIAL_FORMS": 0,
            },
        )

    def test_an_uploaded_source_goes_to_the_bucket_and_is_served_only_to_its_agency(self):
        revision = make_document(self.agency, self.hung, "Sổ tay chất lượng").revisions.get()
        pdf = make_pdf()
        self.assertEqual(self.post_source(revision, "sổ tay.pdf", pdf).status_code, 302)
        revision.refresh_from_db()
        self.assertEqual(
            object_storage.bucket_contents(self.bucket)[revision.source_file.name], pdf
        )
        url = reverse("documents:revision-file", args=[revision.pk])
        self.assertEqual(b"".join(self.client.get(url).streaming_content), pdf)
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_copy_issued_at_approval_is_stored_downloaded_and_verified_by_upload(self):
        document = make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh
        )
        revision = Revision.objects.get(pk=document.effective_revision_id)
        stored = object_storage.bucket_contents(self.bucket)[revision.pdf_file.name]
        self.assertTrue(stored.startswith(b"%PDF"))
        self.assertEqual(sha256(stored), revision.pdf_sha256)

        self.client.force_login(self.lan)
        url = reverse("documents:revision-pdf", args=[revision.pk])
        self.assertEqual(b"".join(self.client.get(url).streaming_content), stored)
        self.client.force_login(self.tuan)
        self.assertEqual(self.client.get(url).status_code, 404)

        self.client.logout()
        verify = reverse("verify", args=[revision.verification_token])
        same = self.client.post(verify, {"file": SimpleUploadedFile("qt.pdf", stored)})
        self.assertTrue(same.context["comparison"]["identical"])
        other = self.client.post(verify, {"file": SimpleUploadedFile("qt.pdf", make_pdf())})
        self.assertFalse(other.context["comparison"]["identical"])

        report = verify_stored_files()
        self.assertEqual((report.verified, report.problems), (1, []))

    def test_a_staged_import_lives_in_the_bucket_until_it_is_deleted(self):
        sheet = staging.CheckedUpload(
            file=ContentFile(b"PK sheet"), name="danh-muc.xlsx", kind="xlsx"
        )
        docx = staging.CheckedUpload(file=ContentFile(b"PK docx"), name="QT-01.docx", kind="docx")
        batch = staging.batch_stage(
            sheet=sheet,
            documents=[
                staging.Incoming(name="QT-01.docx", upload=docx),
                staging.Incoming(name="QT-02.doc", error="Tệp .doc cũ"),
            ],
        )
        prefix = f"imports/{batch}/"
        self.assertEqual(
            {k: v for k, v in object_storage.bucket_contents(self.bucket).items() if prefix in k},
            {
                f"{prefix}sheet.xlsx": b"PK sheet",
                f"{prefix}files/001.docx": b"PK docx",
                f"{prefix}manifest.json": staging.batch_read(batch, "manifest.json"),
            },
        )
        staging.batch_choices_save(batch, chosen={"1": 3}, file_only=[3])
        self.assertEqual(staging.batch_manifest(batch)["chosen"], {"1": 3})
        self.assertEqual(staging.batch_read(batch, "files/001.docx"), b"PK docx")

        staging.batches_sweep()  # a fresh batch stays
        self.assertEqual(staging.batch_manifest(batch)["file_only"], [3])
        staging.batches_sweep(older_than=-60)  # written before "a minute from now"
        self.assertFalse([k for k in object_storage.bucket_contents(self.bucket) if prefix in k])
        with self.assertRaises(FileNotFoundError):
            staging.batch_manifest(batch)


class BucketDownTests(TestCase):
    """The bucket does not answer: the person is told, and nothing is half-written."""

    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])

    def down(self):
        endpoint = object_storage.unreachable_endpoint()
        return override_settings(
            STORAGES=object_storage.storages_with_bucket("qms-down", endpoint_url=endpoint)
        )

    def test_an_upload_is_a_clear_503_and_the_revision_is_unchanged(self):
        revision = make_document(self.agency, self.hung, "Sổ tay chất lượng").revisions.get()
        history = revision.history.count()
        self.client.force_login(self.hung)
        with self.down():
            response = self.client.post(
                reverse("documents:revision-edit", args=[revision.pk]),
                {
                    "body": "Sổ tay chất lượng, lần sửa mới",
                    "source_file": SimpleUploadedFile("so-tay.pdf", make_pdf()),
                    "steps-TOTAL_FORMS": 0,
                    "steps-INITIAL_FORMS": 0,
                    "records-TOTAL_FORMS": 0,
                    "records-INITIAL_FORMS": 0,
                },
            )
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "Kho lưu trữ tệp không phản hồi", status_code=503)
        self.assertContains(response, "Chưa có gì được lưu", status_code=503)
        revision.refresh_from_db()
        self.assertFalse(revision.source_file)
        self.assertEqual(revision.body, "")
        self.assertEqual(revision.history.count(), history)

    def test_an_approval_whose_copy_cannot_be_stored_approves_nothing(self):
        document = make_document(self.agency, self.hung, "Quy trình tiếp nhận hồ sơ")
        revision = document.revisions.get()
        flow.revision_update_content(
            revision=revision,
            by=self.hung,
            purpose="Thống nhất cách tiếp nhận hồ sơ.",
            scope="Bộ phận một cửa.",
            steps=[{"content": "Tiếp nhận hồ sơ", "responsible": "Một cửa", "duration_days": 1}],
            records=[],
        )
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        status = Revision.objects.get(pk=revision.pk).status
        with self.down(), self.assertRaises(StorageUnavailable):
            flow.revision_approve(revision=Revision.objects.get(pk=revision.pk), by=self.minh)
        revision = Revision.objects.get(pk=revision.pk)
        self.assertEqual(
            (revision.status, revision.pdf_file.name, revision.pdf_sha256), (status, "", "")
        )


class BucketBackupTests(KeepsCatalogue, TransactionTestCase):
    def setUp(self):
        self.first = object_storage.new_bucket()
        self.use(self.first)
        agency = make_agency("Sở Tư pháp")
        self.document = make_effective_document(
            agency,
            drafter=make_user("Trần Văn Hùng", agency, [Role.DRAFTER]),
            reviewer=make_user("Lê Thị Mai", agency, [Role.REVIEWER]),
            approver=make_user("Phạm Văn Minh", agency, [Role.APPROVER]),
        )
        self.archive = Path(tempfile.mkdtemp()) / "qms-backup.tar.gz"
        self.addCleanup(self.archive.unlink, missing_ok=True)

    def use(self, bucket: str):
        override = override_settings(STORAGES=object_storage.storages_with_bucket(bucket))
        override.enable()
        self.addCleanup(override.disable)

    def test_a_backup_restores_into_a_fresh_database_and_an_empty_bucket(self):
        revisions = Revision.objects.count()
        files = object_storage.bucket_contents(self.first)
        self.assertTrue(files)
        call_command("backup", str(self.archive), stdout=StringIO())
        call_command("flush", interactive=False, verbosity=0)

        second = object_storage.new_bucket()
        self.use(second)
        out = StringIO()
        call_command("restore", str(self.archive), stdout=out)
        self.assertEqual(Revision.objects.count(), revisions)
        self.assertEqual(Document.objects.get().pk, self.document.pk)
        self.assertEqual(object_storage.bucket_contents(second), files)
        self.assertIn("1 stored files match their SHA-256", out.getvalue())

    def test_a_restore_into_a_bucket_that_holds_the_files_is_refused(self):
        call_command("backup", str(self.archive), stdout=StringIO())
        call_command("flush", interactive=False, verbosity=0)
        with self.assertRaisesMessage(CommandError, "restore into an empty one"):
            call_command("restore", str(self.archive), stdout=StringIO())
        self.assertEqual(Document.objects.count(), 0)


class CopyMediaTests(TestCase):
    """An installation moves its files from the local folder to a bucket and back."""

    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.media.cleanup)
        cls.bucket = object_storage.new_bucket()
        storages = object_storage.storages_with_bucket(cls.bucket)
        cls.local_override = override_settings(
            MEDIA_ROOT=cls.media.name, STORAGES={**storages, "default": storages["local"]}
        )
        cls.local_override.enable()
        cls.addClassCleanup(cls.local_override.disable)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        agency = make_agency("Sở Tư pháp")
        cls.document = make_effective_document(
            agency,
            drafter=make_user("Trần Văn Hùng", agency, [Role.DRAFTER]),
            reviewer=make_user("Lê Thị Mai", agency, [Role.REVIEWER]),
            approver=make_user("Phạm Văn Minh", agency, [Role.APPROVER]),
        )
        cls.revision = Revision.objects.get(pk=cls.document.effective_revision_id)
        default_storage.save("audit-evidence/2026/bien-ban.pdf", ContentFile(make_pdf()))

    def setUp(self):
        object_storage.empty_bucket(self.bucket)

    def local_files(self) -> dict[str, bytes]:
        root = Path(self.media.name)
        return {
            str(path.relative_to(root)): path.read_bytes()
            for path in root.rglob("*")
            if path.is_file() and path.relative_to(root).parts[0] != "cache"
        }

    def copy(self, source: str, target: str) -> str:
        out = StringIO()
        call_command("copy_media", "--from", source, "--to", target, stdout=out)
        return out.getvalue()

    def test_every_file_is_copied_checked_and_copied_once(self):
        files = self.local_files()
        self.assertEqual(len(files), 2)
        said = self.copy("local", "s3")
        self.assertIn("Copied 2 files from local to s3 (0 were already there", said)
        self.assertIn("1 files match the SHA-256 the database records", said)
        self.assertEqual(object_storage.bucket_contents(self.bucket), files)
        self.assertIn(
            "Copied 0 files from local to s3 (2 were already there", self.copy("local", "s3")
        )

    def test_a_different_file_in_the_target_is_reported_and_kept(self):
        object_storage.client().put_object(
            Bucket=self.bucket, Key=self.revision.pdf_file.name, Body=b"%PDF-1.7\nkhac\n%%EOF"
        )
        with self.assertRaises(CommandError) as raised:
            self.copy("local", "s3")
        message = str(raised.exception)
        self.assertIn(
            f"different file already in the target: {self.revision.pdf_file.name}", message
        )
        self.assertIn(f"changed documents.Revision #{self.revision.pk}", message)
        stored = object_storage.bucket_contents(self.bucket)[self.revision.pdf_file.name]
        self.assertEqual(stored, b"%PDF-1.7\nkhac\n%%EOF")

    def test_files_come_back_from_the_bucket_into_an_empty_folder(self):
        files = self.local_files()
        self.copy("local", "s3")
        with tempfile.TemporaryDirectory() as empty, override_settings(MEDIA_ROOT=empty):
            self.assertIn("Copied 2 files from s3 to local", self.copy("s3", "local"))
            root = Path(empty)
            self.assertEqual(
                {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()},
                files,
            )

    def test_an_unknown_storage_is_refused_by_name(self):
        with self.assertRaisesMessage(CommandError, "Unknown file storage 'nas'"):
            self.copy("local", "nas")


def test_no_code_reaches_stored_files_through_a_folder():
    """Stored files are read and written through the storage API only, so that a bucket
    serves them as well as the local folder: only the settings, the conversion cache (each
    machine's own disk) and the benchmark's throw-away media read MEDIA_ROOT."""
    root = Path(__file__).resolve().parent.parent
    allowed = {"qms/lib/conversions.py"}
    named = sorted(
        str(path.relative_to(root))
        for package in ("qms", "documents", "audits")
        for path in (root / package).rglob("*.py")
        if "settings.MEDIA_ROOT" in path.read_text(encoding="utf-8")
        and str(path.relative_to(root)) not in allowed
    )
    assert named == []

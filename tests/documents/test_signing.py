"""PAdES signatures: the agency's certificate, signed copies, and tampering detected."""

import io
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    pkcs12,
)
from cryptography.x509.oid import NameOID
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from documents import pdf
from documents.models import SigningCertificate
from documents.services import copies
from qms.agencies.roles import Role
from tests.documents.test_pdf import TempMediaMixin
from tests.helpers import LadderMixin, make_agency, make_effective_document, make_user

PASSWORD = "mat-khau-chung-thu-2026"


def make_pkcs12(
    *, password: str = PASSWORD, name: str = "Sở Tư pháp tỉnh Lâm Đồng", days: int = 365
) -> bytes:
    """A self-signed signing certificate with its key, as an agency would receive it.

    ``days`` below zero gives a certificate that has already expired."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ủy ban nhân dân tỉnh Lâm Đồng"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    now = datetime.now(UTC)
    start = now - timedelta(days=max(1, -days + 30))
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name.encode(), key, certificate, None, BestAvailableEncryption(password.encode())
    )


class CertificatePageTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp tỉnh Lâm Đồng")
        # Quân, administrator of Sở Tư pháp: uploads the agency's certificate.
        cls.quan = make_user("Hoàng Minh Quân", cls.agency, [Role.ADMIN])
        # Lan, ISO secretary: keeps documents but not the agency's keys.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Tuấn, administrator of Sở Y tế, who must never see Sở Tư pháp's certificate.
        cls.tuan = make_user("Trần Anh Tuấn", make_agency("Sở Y tế"), [Role.ADMIN])
        cls.pkcs12 = make_pkcs12()

    def upload(self, data: bytes, password: str = PASSWORD):
        return self.client.post(
            reverse("documents:certificate"),
            {"pkcs12": SimpleUploadedFile("chung-thu.p12", data), "password": password},
        )

    def test_the_page_follows_the_ladder_and_shows_only_the_own_agency(self):
        copies.certificate_upload(
            agency=self.agency,
            by=self.quan,
            pkcs12_file=io.BytesIO(self.pkcs12),
            password=PASSWORD,
        )
        url = reverse("documents:certificate")
        response = self.assert_ladder(url, outsider=None, wrong_role=self.lan, right_role=self.quan)
        self.assertContains(response, "Sở Tư pháp tỉnh Lâm Đồng")
        self.client.force_login(self.tuan)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["current"])

    def test_an_administrator_uploads_the_certificate_and_the_password_is_kept_encrypted(self):
        self.client.force_login(self.quan)
        response = self.upload(self.pkcs12)
        self.assertRedirects(response, reverse("documents:certificate"))
        stored = SigningCertificate.objects.get(agency=self.agency)
        self.assertEqual(stored.subject, "Sở Tư pháp tỉnh Lâm Đồng")
        self.assertEqual(bytes(stored.pkcs12), self.pkcs12)
        self.assertTrue(stored.is_active)
        self.assertEqual(stored.uploaded_by, self.quan)
        self.assertNotIn(PASSWORD.encode(), bytes(stored.encrypted_password))
        self.assertEqual(copies._password(stored), PASSWORD.encode())

    def test_a_wrong_password_is_refused_and_nothing_is_stored(self):
        self.client.force_login(self.quan)
        response = self.upload(self.pkcs12, password="sai-mat-khau")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["password"])
        self.assertFalse(SigningCertificate.objects.exists())

    def test_an_expired_certificate_is_refused(self):
        self.client.force_login(self.quan)
        response = self.upload(make_pkcs12(days=-1))
        self.assertTrue(response.context["form"].errors["pkcs12"])
        self.assertFalse(SigningCertificate.objects.exists())

    def test_a_file_that_is_not_a_certificate_is_refused(self):
        self.client.force_login(self.quan)
        response = self.upload(b"%PDF-1.4 khong phai chung thu")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(SigningCertificate.objects.exists())

    def test_only_an_administrator_may_upload_even_without_the_page(self):
        with self.assertRaises(PermissionDenied):
            copies.certificate_upload(
                agency=self.agency,
                by=self.lan,
                pkcs12_file=io.BytesIO(self.pkcs12),
                password=PASSWORD,
            )

    def test_signing_is_turned_off_and_on_again(self):
        self.client.force_login(self.quan)
        self.upload(self.pkcs12)
        url = reverse("documents:certificate-active")
        self.client.post(url, {"active": "0"})
        self.assertFalse(SigningCertificate.objects.get().is_active)
        self.client.post(url, {"active": "1"})
        self.assertTrue(SigningCertificate.objects.get().is_active)
        self.client.force_login(self.lan)
        self.assertEqual(self.client.post(url, {"active": "0"}).status_code, 403)


class SignedCopyTests(TempMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp tỉnh Lâm Đồng")
        # Quân, administrator: registered the agency's certificate.
        cls.quan = make_user("Hoàng Minh Quân", cls.agency, [Role.ADMIN])
        # Hùng drafts, Mai reviews, Minh approves.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        copies.certificate_upload(
            agency=cls.agency,
            by=cls.quan,
            pkcs12_file=io.BytesIO(make_pkcs12()),
            password=PASSWORD,
        )
        cls.people = {"drafter": cls.hung, "reviewer": cls.mai, "approver": cls.minh}
        cls.revision = make_effective_document(cls.agency, **cls.people).effective_revision

    def stored(self) -> bytes:
        with self.revision.pdf_file.open("rb") as handle:
            return handle.read()

    def trusted(self) -> bytes:
        return copies._certificate_der(SigningCertificate.objects.get(agency=self.agency))

    def test_an_approved_copy_is_signed_and_the_signature_validates(self):
        self.assertTrue(self.revision.pdf_signed)
        check = pdf.check_signature(self.stored(), trusted_certificate_der=self.trusted())
        self.assertTrue(check.intact)
        self.assertTrue(check.valid)
        self.assertIn("Sở Tư pháp tỉnh Lâm Đồng", check.signer)
        response = self.client.get(reverse("verify", args=[self.revision.verification_token]))
        self.assertTrue(response.context["signature"]["valid"])

    def test_a_copy_changed_after_signing_fails(self):
        data = self.stored()
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        writer.root["/Lang"] = generic.TextStringObject("en")  # an edit after signing
        writer.update_root()
        edited = io.BytesIO()
        writer.write(edited)
        check = pdf.check_signature(edited.getvalue(), trusted_certificate_der=self.trusted())
        self.assertFalse(check.valid)

        offset = data.index(b"/Type /Page")  # inside the signed byte range
        flipped = data[:offset] + b"/Type /Pagf" + data[offset + 11 :]
        check = pdf.check_signature(flipped, trusted_certificate_der=self.trusted())
        self.assertFalse(check.intact)

    def test_the_verification_page_reports_a_tampered_stored_copy(self):
        data = self.stored()
        offset = data.index(b"/Type /Page")
        with self.revision.pdf_file.open("wb") as handle:
            handle.write(data[:offset] + b"/Type /Pagf" + data[offset + 11 :])
        response = self.client.get(reverse("verify", args=[self.revision.verification_token]))
        self.assertFalse(response.context["signature"]["valid"])

    def test_another_certificate_is_not_trusted(self):
        _key, other, _chain = pkcs12.load_key_and_certificates(
            make_pkcs12(name="Kẻ giả mạo"), PASSWORD.encode()
        )
        check = pdf.check_signature(
            self.stored(), trusted_certificate_der=other.public_bytes(Encoding.DER)
        )
        self.assertTrue(check.intact)
        self.assertFalse(check.valid)

    def test_with_signing_off_approved_copies_are_not_signed(self):
        copies.certificate_set_active(agency=self.agency, by=self.quan, active=False)
        revision = make_effective_document(
            self.agency, title="Quy trình không ký số", **self.people
        ).effective_revision
        self.assertFalse(revision.pdf_signed)
        response = self.client.get(reverse("verify", args=[revision.verification_token]))
        self.assertIsNone(response.context["signature"])

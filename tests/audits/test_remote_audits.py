"""Remote and hybrid audits (ISO 19011:2026): the method and the places, virtual ones included,
on the plan, the programme, the PDFs and the API; the auditee's consent before any recording or
screen capture; evidence files of findings checked by content and printed with their SHA-256.

The clock stands on 15 June 2026, the audit's first day."""

import hashlib
import io
from datetime import date

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from audits.audit_pdf import plan_pdf, report_pdf
from audits.models import Audit, Finding, FindingEvidence, RecordingConsent
from audits.services import audit_plans, findings, remote
from documents.models import IsoClause
from qms.agencies.roles import Role
from tests.documents.test_pdf import pdf_text
from tests.helpers import (
    audit_fields,
    count_queries,
    make_agency,
    make_notified_audit,
    make_unit,
    make_user,
)

MEETING = "Phòng họp trực tuyến Zoom “ĐGNB Sở Tư pháp”: https://zoom.us/j/84512345678"
CLOCK = time_machine.travel("2026-06-15 08:30 +07:00", tick=False)


def screen_capture() -> bytes:
    """A PNG such as the Windows snipping tool saves: the TTHC software's list of files."""
    image = Image.new("RGB", (320, 180), (240, 244, 248))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def recording() -> bytes:
    """The start of an MP4 as a meeting app saves it: the ftyp box, then media data."""
    ftyp = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    media = b"\x00\x00\x00\x10mdat" + b"\x00\x11\x22\x33\x44\x55\x66\x77"
    return ftyp + media


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@CLOCK
class RemoteAuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with CLOCK:
            cls.agency = make_agency("Sở Tư pháp tỉnh Lâm Đồng")
            cls.office = make_unit(cls.agency, "Văn phòng Sở")
            cls.legal = make_unit(cls.agency, "Phòng Hành chính tư pháp")
            # Lan, ISO secretary; Minh, the director.
            cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY], unit=cls.office)
            cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], unit=cls.office)
            # Hùng, lead auditor from the office.
            cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.AUDITOR], unit=cls.office)
            # Dũng, head of the legal unit, the auditee, who shares his screen.
            cls.dung = make_user("Võ Văn Dũng", cls.agency, [Role.STAFF], unit=cls.legal)
            # Hoa, staff of the legal unit, not named in the plan.
            cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF], unit=cls.legal)
            # Tuấn, the province's supervisor, who reads and never writes.
            cls.tuan = make_user("Ngô Anh Tuấn", cls.agency.province, [Role.SUPERVISOR])
            other = make_agency("Sở Y tế tỉnh Khánh Hòa")
            cls.stranger = make_user("Lê Quốc Khánh", other, [Role.ISO_SECRETARY])
            cls.audit = make_notified_audit(
                cls.agency,
                secretary=cls.lan,
                approver=cls.minh,
                lead=cls.hung,
                auditee=cls.dung,
                units=[cls.legal],
                start_on=date(2026, 6, 15),
                end_on=date(2026, 6, 16),
                method=Audit.Method.REMOTE,
                locations=f"{MEETING}\n  \nPhần mềm một cửa điện tử (chia sẻ màn hình)",
            )
            cls.finding = findings.finding_record(
                audit=cls.audit,
                by=cls.hung,
                grade=Finding.Grade.MINOR,
                statement="Hồ sơ trễ hạn không có phiếu xin lỗi",
                evidence="Màn hình phần mềm một cửa: 3/25 hồ sơ trễ hạn tháng 5/2026",
                clause=IsoClause.objects.get(version="2015", number="8.5.1"),
                unit=cls.legal,
            )

    def test_the_plan_keeps_its_method_and_each_place_on_its_own_line(self):
        self.assertEqual(self.audit.method, Audit.Method.REMOTE)
        self.assertEqual(
            self.audit.locations.splitlines(),
            [MEETING, "Phần mềm một cửa điện tử (chia sẻ màn hình)"],
        )
        text = pdf_text(plan_pdf(self.audit))
        self.assertIn("Từ xa", text)
        # The link may wrap at its slashes: the words of the PDF joined again.
        self.assertIn("zoom.us/j/84512345678", text.replace(" ", ""))

    def test_a_remote_or_hybrid_audit_names_where_it_meets_online(self):
        for method in (Audit.Method.REMOTE, Audit.Method.HYBRID):
            with self.subTest(method=method), self.assertRaises(ValidationError) as caught:
                audit_plans.audit_plan_update(
                    audit=self.audit,
                    by=self.lan,
                    **audit_fields(self.agency, units=[self.legal], criteria="TCVN ISO 9001:2015"),
                    method=method,
                    locations="   \n",
                )
            self.assertIn("locations", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            audit_plans.audit_plan_update(
                audit=self.audit,
                by=self.lan,
                **audit_fields(self.agency, units=[self.legal], criteria="TCVN ISO 9001:2015"),
                method="by_letter",
            )
        self.assertIn("method", caught.exception.message_dict)
        self.audit.refresh_from_db()
        self.assertEqual(self.audit.method, Audit.Method.REMOTE)

    def test_the_programme_shows_the_methods_planned(self):
        self.client.force_login(self.lan)
        response = self.client.get(
            reverse("audits:programme-detail", args=[self.audit.programme_id])
        )
        self.assertEqual(
            [(str(label), n) for label, n in response.context["methods"]],
            [("Tại chỗ", 1), ("Từ xa", 1)],
        )
        self.assertContains(response, "Phương pháp đánh giá đã hoạch định")

    def test_the_plan_form_edits_the_method_and_the_places(self):
        self.client.force_login(self.lan)
        url = reverse("audits:audit-edit", args=[self.audit.pk])
        form = self.client.get(url).context["form"]
        data = {
            key: value
            for key, value in {**form.initial, "criteria": self.audit.criteria}.items()
            if key not in ("units", "clauses", "documents", "auditees")
        }
        data.update(
            start_on="15/06/2026",
            end_on="16/06/2026",
            units=[self.legal.pk],
            clauses=[clause.pk for clause in self.audit.clauses.all()],
            auditees=[self.dung.pk],
            method=Audit.Method.HYBRID,
            locations="Phòng họp tầng 2, 36 Trần Phú\n" + MEETING,
        )
        response = self.client.post(url, data)
        self.assertRedirects(response, reverse("audits:audit-detail", args=[self.audit.pk]))
        self.audit.refresh_from_db()
        self.assertEqual(self.audit.method, Audit.Method.HYBRID)
        page = self.client.get(reverse("audits:audit-detail", args=[self.audit.pk]))
        self.assertContains(page, "Kết hợp: tại chỗ và từ xa")
        self.assertContains(page, "Phòng họp tầng 2, 36 Trần Phú")

    # Consent -------------------------------------------------------------------------------

    def test_only_the_auditee_consents_for_himself_and_may_withdraw(self):
        for person in (self.hung, self.lan, self.hoa):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                remote.consent_give(audit=self.audit, by=person)
        consent = remote.consent_give(audit=self.audit, by=self.dung, scope="Cuộc họp 15/06")
        self.assertTrue(consent.is_active)
        with self.assertRaises(ValidationError):
            remote.consent_give(audit=self.audit, by=self.dung)
        remote.consent_withdraw(audit=self.audit, by=self.dung)
        consent.refresh_from_db()
        self.assertFalse(consent.is_active)
        again = remote.consent_give(audit=self.audit, by=self.dung)
        self.assertEqual(again.pk, consent.pk)
        self.assertTrue(again.is_active)
        self.assertEqual(consent.history.count(), 3)

    def test_the_auditee_gives_his_consent_on_the_audit_page(self):
        self.client.force_login(self.dung)
        url = reverse("audits:audit-detail", args=[self.audit.pk])
        page = self.client.get(url)
        self.assertContains(page, "Tôi đồng ý được ghi hình, ghi âm trong cuộc đánh giá này")
        self.client.post(
            reverse("audits:audit-consent-give", args=[self.audit.pk]), {"scope": "Họp 15/06"}
        )
        page = self.client.get(url)
        self.assertContains(page, "Rút lại sự đồng ý")
        self.assertEqual(RecordingConsent.objects.get().given_by, self.dung)
        # Nobody else sees the button; the lead auditor cannot consent in his name.
        self.client.force_login(self.hung)
        self.assertNotContains(self.client.get(url), "Tôi đồng ý được ghi hình")
        response = self.client.post(reverse("audits:audit-consent-give", args=[self.audit.pk]))
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.stranger)
        response = self.client.post(reverse("audits:audit-consent-give", args=[self.audit.pk]))
        self.assertEqual(response.status_code, 404)

    # Evidence files ------------------------------------------------------------------------

    def test_a_recording_needs_a_standing_consent(self):
        for kind, name, data in (
            (FindingEvidence.Kind.RECORDING, "hop-15-06.mp4", recording()),
            (FindingEvidence.Kind.SCREEN_CAPTURE, "mot-cua.png", screen_capture()),
        ):
            with self.subTest(kind=kind), self.assertRaises(ValidationError) as caught:
                remote.finding_evidence_add(
                    finding=self.finding, by=self.hung, kind=kind, upload=upload(name, data)
                )
            self.assertIn("consent", caught.exception.message_dict)
        consent = remote.consent_give(audit=self.audit, by=self.dung)
        remote.consent_withdraw(audit=self.audit, by=self.dung)
        with self.assertRaises(ValidationError):
            remote.finding_evidence_add(
                finding=self.finding,
                by=self.hung,
                kind=FindingEvidence.Kind.RECORDING,
                upload=upload("hop-15-06.mp4", recording()),
                consent=consent,
            )
        self.assertFalse(FindingEvidence.objects.exists())

    def test_each_file_is_stored_with_the_sha256_of_its_bytes(self):
        consent = remote.consent_give(audit=self.audit, by=self.dung)
        data = recording()
        evidence = remote.finding_evidence_add(
            finding=self.finding,
            by=self.hung,
            kind=FindingEvidence.Kind.RECORDING,
            upload=upload("Ghi hình họp 15-06.mp4", data),
            consent=consent,
        )
        self.assertEqual(evidence.sha256, hashlib.sha256(data).hexdigest())
        self.assertEqual(evidence.size, len(data))
        with evidence.file.open("rb") as stored:
            self.assertEqual(hashlib.sha256(stored.read()).hexdigest(), evidence.sha256)
        document = remote.finding_evidence_add(
            finding=self.finding,
            by=self.hung,
            kind=FindingEvidence.Kind.PHOTO,
            upload=upload("so-theo-doi.png", screen_capture()),
        )
        self.assertIsNone(document.consent)  # a photo of a register shows nobody

    def test_a_file_is_checked_by_its_content_not_its_name(self):
        consent = remote.consent_give(audit=self.audit, by=self.dung)
        for kind, name, data in (
            (FindingEvidence.Kind.RECORDING, "hop.mp4", screen_capture()),
            (FindingEvidence.Kind.PHOTO, "anh.png", b"MZ\x90\x00 not an image"),
            (FindingEvidence.Kind.SCREEN_CAPTURE, "man-hinh.png", recording()),
        ):
            with self.subTest(kind=kind), self.assertRaises(ValidationError) as caught:
                remote.finding_evidence_add(
                    finding=self.finding,
                    by=self.hung,
                    kind=kind,
                    upload=upload(name, data),
                    consent=consent,
                )
            self.assertIn("file", caught.exception.message_dict)
        self.assertFalse(FindingEvidence.objects.exists())

    def test_only_the_audit_team_attaches_files(self):
        for person in (self.dung, self.lan, self.tuan):
            with self.subTest(person=person.username), self.assertRaises(PermissionDenied):
                remote.finding_evidence_add(
                    finding=self.finding,
                    by=person,
                    kind=FindingEvidence.Kind.DOCUMENT,
                    upload=upload("bien-ban.png", screen_capture()),
                )
        self.client.force_login(self.tuan)
        url = reverse("audits:finding-evidence-add", args=[self.finding.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.stranger)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_auditor_attaches_a_screen_capture_through_the_page(self):
        remote.consent_give(audit=self.audit, by=self.dung)
        consent = RecordingConsent.objects.get()
        self.client.force_login(self.hung)
        url = reverse("audits:finding-evidence-add", args=[self.finding.pk])
        response = self.client.post(
            url,
            {
                "kind": FindingEvidence.Kind.SCREEN_CAPTURE,
                "file": upload("Phần mềm một cửa.png", screen_capture()),
            },
        )
        self.assertEqual(response.status_code, 200)  # the form again, with the reason
        self.assertContains(response, "cần sự đồng ý của người được đánh giá")
        response = self.client.post(
            url,
            {
                "kind": FindingEvidence.Kind.SCREEN_CAPTURE,
                "file": upload("Phần mềm một cửa.png", screen_capture()),
                "consent": consent.pk,
            },
        )
        self.assertRedirects(response, reverse("audits:finding-detail", args=[self.finding.pk]))
        evidence = FindingEvidence.objects.get()
        page = self.client.get(reverse("audits:finding-detail", args=[self.finding.pk]))
        self.assertContains(page, evidence.sha256)
        self.assertContains(page, "Phần mềm một cửa.png")
        download = self.client.get(reverse("audits:evidence-file", args=[evidence.pk]))
        self.assertEqual(b"".join(download.streaming_content), screen_capture())
        self.client.force_login(self.stranger)
        response = self.client.get(reverse("audits:evidence-file", args=[evidence.pk]))
        self.assertEqual(response.status_code, 404)

    def test_the_report_and_the_api_carry_the_method_consents_and_digests(self):
        consent = remote.consent_give(audit=self.audit, by=self.dung)
        evidence = remote.finding_evidence_add(
            finding=self.finding,
            by=self.hung,
            kind=FindingEvidence.Kind.SCREEN_CAPTURE,
            upload=upload("mot-cua.png", screen_capture()),
            consent=consent,
        )
        text = pdf_text(report_pdf(self.audit)).replace("\n", "")
        self.assertIn(evidence.sha256, text.replace(" ", ""))
        self.assertIn("Võ Văn Dũng", text)
        self.client.force_login(self.lan)
        audits = self.client.get("/api/v1/audits/").json()["results"]
        row = next(item for item in audits if item["code"] == self.audit.code)
        self.assertEqual(row["method"], "remote")
        found = self.client.get("/api/v1/findings/").json()["results"]
        [files] = [item["evidence_files"] for item in found if item["code"] == self.finding.code]
        self.assertEqual(files[0]["sha256"], evidence.sha256)

    def test_the_finding_page_costs_the_same_with_one_file_or_ten(self):
        self.client.force_login(self.hung)
        url = reverse("audits:finding-detail", args=[self.finding.pk])
        photo = FindingEvidence.Kind.PHOTO
        remote.finding_evidence_add(
            finding=self.finding, by=self.hung, kind=photo, upload=upload("1.png", screen_capture())
        )
        one = count_queries(lambda: self.client.get(url))
        for n in range(9):
            remote.finding_evidence_add(
                finding=self.finding,
                by=self.hung,
                kind=photo,
                upload=upload(f"{n}.png", screen_capture()),
            )
        self.assertEqual(count_queries(lambda: self.client.get(url)), one)

    def test_once_the_fieldwork_ends_nothing_more_is_attached_or_consented(self):
        Audit.objects.filter(pk=self.audit.pk).update(status=Audit.Status.COMPLETED)
        with self.assertRaises(ValidationError):
            remote.consent_give(audit=self.audit, by=self.dung)
        with self.assertRaises(ValidationError):
            remote.finding_evidence_add(
                finding=self.finding,
                by=self.hung,
                kind=FindingEvidence.Kind.DOCUMENT,
                upload=upload("bien-ban.png", screen_capture()),
            )

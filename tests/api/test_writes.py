"""Write endpoints: each goes through its service; bad input stores nothing."""

from datetime import date, timedelta

from django.test import TestCase
from django.utils import timezone

from audits.models import Measurement, Nonconformity, NonconformityEvent
from documents.models import ExternalDocument
from tests.api.base import ApiData

LATE_DOSSIER = {
    "agency": "sotp",
    "source": "late_dossier",
    "source_reference": "Hồ sơ 000.00.21.H36-261120-0001",
    "title": "Hồ sơ khai sinh trả kết quả trễ hạn",
    "description": "Hệ thống một cửa báo hồ sơ trễ 1 ngày so với thời hạn.",
    "procedure": "1.000050",
}


class RaiseNonconformityTests(ApiData, TestCase):
    def test_the_one_stop_system_reports_a_late_dossier(self):
        response = self.api(self.thao).post("/api/v1/nonconformities/", LATE_DOSSIER)
        self.assertEqual(response.status_code, 201, response.content)
        created = Nonconformity.objects.get(pk=response.json()["id"])
        self.assertEqual(created.document, self.document)
        self.assertEqual(created.detected_on, timezone.localdate())
        self.assertEqual(created.detected_by, self.thao)
        self.assertEqual(created.history.get().history_user, self.thao)
        self.assertTrue(
            NonconformityEvent.objects.filter(nonconformity=created, kind="registered").exists()
        )
        self.assertEqual(response.json()["code"], created.code)

    def test_the_permission_ladder(self):
        url = "/api/v1/nonconformities/"
        before = Nonconformity.objects.count()
        self.assertEqual(self.api().post(url, LATE_DOSSIER).status_code, 401)
        self.assertEqual(self.api(self.hoa).post(url, LATE_DOSSIER).status_code, 403)
        self.assertEqual(self.api(self.tuan).post(url, LATE_DOSSIER).status_code, 403)
        # Another agency's code reads as an unknown one.
        response = self.api(self.binh).post(url, LATE_DOSSIER)
        self.assertEqual(response.status_code, 400)
        self.assertIn("agency", response.json()["errors"])
        self.assertEqual(Nonconformity.objects.count(), before)

    def test_bad_input_is_a_400_with_field_messages_and_stores_nothing(self):
        client = self.api(self.lan)
        before = Nonconformity.objects.count()
        future = (timezone.localdate() + timedelta(days=3)).isoformat()
        cases = [
            ({"source": "rumour"}, "source"),
            ({"title": ""}, "title"),
            ({"title": 42}, "title"),
            ({"unit": "7"}, "unit"),
            ({"agency": ["sotp"]}, "agency"),
            ({"detected_on": future}, "detected_on"),
            ({"detected_on": "25/11/2026"}, "detected_on"),
            ({"unit": 10**6}, "unit"),
            ({"document": self.document_b.pk, "procedure": ""}, "document"),
            ({"procedure": "9.999999"}, "procedure"),
            ({"clause": "99.9"}, "clause"),
            ({"extra": "x"}, "extra"),
        ]
        for change, field in cases:
            with self.subTest(change=change):
                response = client.post("/api/v1/nonconformities/", {**LATE_DOSSIER, **change})
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json()["errors"])
        self.assertEqual(Nonconformity.objects.count(), before)

    def test_another_agencys_unit_is_refused(self):
        from tests.helpers import make_unit

        unit_b = make_unit(self.b)
        response = self.api(self.lan).post(
            "/api/v1/nonconformities/", {**LATE_DOSSIER, "unit": unit_b.pk}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.json()["errors"])


class ExternalDocumentTests(ApiData, TestCase):
    DECREE = {
        "agency": "sotp",
        "kind": "decree",
        "number": "30/2020/NĐ-CP",
        "title": "Nghị định về công tác văn thư",
        "issuer": "Chính phủ",
        "issued_on": "2020-03-05",
        "effective_on": "2020-03-05",
    }

    def test_the_iso_secretary_registers_an_external_document(self):
        response = self.api(self.lan).post("/api/v1/external-documents/", self.DECREE)
        self.assertEqual(response.status_code, 201, response.content)
        external = ExternalDocument.objects.get(pk=response.json()["id"])
        self.assertEqual((external.agency, external.issued_on), (self.a, date(2020, 3, 5)))
        self.assertEqual(external.history.get().history_user, self.lan)

    def test_the_permission_ladder(self):
        url = "/api/v1/external-documents/"
        self.assertEqual(self.api(self.hoa).post(url, self.DECREE).status_code, 403)
        self.assertEqual(self.api(self.tuan).post(url, self.DECREE).status_code, 403)
        self.assertEqual(self.api(self.khanh).post(url, self.DECREE).status_code, 400)
        self.assertFalse(ExternalDocument.objects.filter(kind="decree").exists())

    def test_a_duplicate_is_a_409_and_bad_input_a_400(self):
        client = self.api(self.lan)
        duplicate = {**self.DECREE, "kind": "tthc", "number": "1.000050"}
        response = client.post("/api/v1/external-documents/", duplicate)
        self.assertEqual(response.status_code, 409)
        self.assertIn("number", response.json()["errors"])
        for change, field in [
            ({"effective_on": "2020-01-01"}, "effective_on"),
            ({"time_limit_days": 5}, "time_limit_days"),
            ({"kind": "tthc", "time_limit_days": -1}, "time_limit_days"),
            ({"issued_on": "2020-02-30"}, "issued_on"),
            ({"number": "x" * 101}, "number"),
        ]:
            with self.subTest(change=change):
                response = client.post("/api/v1/external-documents/", {**self.DECREE, **change})
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.json()["errors"])
        self.assertEqual(ExternalDocument.objects.count(), 1)


class MeasurementTests(ApiData, TestCase):
    def url(self, objective=None):
        return f"/api/v1/objectives/{(objective or self.objective).pk}/measurements/"

    def test_the_responsible_person_records_a_measurement(self):
        body = {"period": "Q2/2026", "period_end": "2026-06-30", "value": "93.5"}
        response = self.api(self.hoa).post(self.url(), body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["met"], False)
        measurement = Measurement.objects.get(pk=response.json()["id"])
        self.assertEqual(measurement.measured_by, self.hoa)
        self.assertEqual(measurement.history.get().history_user, self.hoa)

    def test_the_permission_ladder(self):
        body = {"period": "Q2/2026", "period_end": "2026-06-30", "value": 93}
        self.assertEqual(self.api(self.minh).post(self.url(), body).status_code, 403)
        self.assertEqual(self.api(self.tuan).post(self.url(), body).status_code, 403)
        self.assertEqual(self.api(self.binh).post(self.url(), body).status_code, 404)
        self.assertEqual(self.objective.measurements.count(), 1)

    def test_a_period_measured_twice_is_a_409_and_bad_input_a_400(self):
        client = self.api(self.lan)
        twice = {"period": "Q1/2026", "period_end": "2026-03-31", "value": 90}
        self.assertEqual(client.post(self.url(), twice).status_code, 409)
        for change, field in [
            ({"period_end": "2025-12-31"}, "period_end"),
            ({"value": "many"}, "value"),
            ({"value": "1" * 20}, "value"),
            ({"period": "  "}, "period"),
            ({"measured_by": 1}, "measured_by"),
        ]:
            with self.subTest(change=change):
                response = client.post(self.url(), {**twice, "period_end": "2026-06-30", **change})
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json()["errors"])
        self.assertEqual(self.objective.measurements.count(), 1)

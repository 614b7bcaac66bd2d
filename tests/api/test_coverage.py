"""The coverage figures for the Sở KH&CN's tools: the dashboard's figures, for the province's
supervisors only, on any day, in a fixed number of queries."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from qms.agencies.models import Agency
from qms.agencies.roles import Role
from tests.api.base import ApiData
from tests.helpers import (
    count_queries,
    make_agency,
    make_document,
    make_ministry,
    make_user,
)


class CoverageApiTests(ApiData, TestCase):
    def test_the_supervisor_reads_the_figures_of_the_province(self):
        body = self.api(self.tuan).get("/api/v1/coverage/", {"province": "lamdong"}).json()
        self.assertEqual(body["province"], "lamdong")
        self.assertEqual(body["as_of"], timezone.localdate().isoformat())
        self.assertEqual(body["total"]["total"], len(body["agencies"]))
        by_code = {row["code"]: row for row in body["agencies"]}
        self.assertEqual(set(by_code), {"sotp", "soyt"})
        # Sở Tư pháp has a procedure in force and drafts: it is building its system.
        self.assertEqual(by_code["sotp"]["status"], "building")
        self.assertEqual(sum(body["total"]["counts"].values()), 2)

    def test_a_past_day_is_reproduced(self):
        day = (timezone.localdate() - timedelta(days=400)).isoformat()
        body = self.api(self.tuan).get("/api/v1/coverage/", {"province": "lamdong", "as_of": day})
        self.assertEqual(body.json()["as_of"], day)
        # Nothing had been built 400 days ago.
        self.assertEqual(body.json()["total"]["counts"]["not_started"], 2)

    def test_only_the_provinces_supervisors_read_it(self):
        url = "/api/v1/coverage/"
        self.assertEqual(self.api().get(url, {"province": "lamdong"}).status_code, 401)
        for person in (self.lan, self.binh, self.khanh):
            with self.subTest(person=person.full_name):
                response = self.api(person).get(url, {"province": "lamdong"})
                self.assertEqual(response.status_code, 404)
        other = Agency.objects.get(code="khsotp").parent
        response = self.api(self.tuan).get(url, {"province": other.code})
        self.assertEqual(response.status_code, 404)

    def test_without_a_province_the_supervisor_gets_theirs_and_others_a_403(self):
        body = self.api(self.tuan).get("/api/v1/coverage/").json()
        self.assertEqual(body["province"], "lamdong")
        self.assertEqual(self.api(self.lan).get("/api/v1/coverage/").status_code, 403)

    def test_bad_parameters_are_a_400(self):
        client = self.api(self.tuan)
        response = client.get("/api/v1/coverage/", {"province": "lamdong", "as_of": "31/12"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("as_of", response.json()["errors"])

    def test_the_query_count_does_not_grow_with_agencies(self):
        client = self.api(self.tuan)

        def read():
            return client.get("/api/v1/coverage/", {"province": "lamdong"})

        before = count_queries(read)
        for index in range(4):
            agency = make_agency(f"Xã {index}", province=self.province, level="commune")
            make_document(agency, make_user(f"Thư ký {index}", agency, [Role.ISO_SECRETARY]))
        self.assertEqual(count_queries(read), before)


class NationalCoverageApiTests(ApiData, TestCase):
    def test_the_ministrys_supervisor_names_any_province(self):
        # Hưng, supervisor at the Ministry; Vy, staff there.
        ministry = make_ministry()
        hung = make_user("Phạm Quang Hưng", ministry, [Role.SUPERVISOR])
        vy = make_user("Lê Thị Vy", ministry, [Role.STAFF])
        other = Agency.objects.get(code="khsotp").parent
        for code in ("lamdong", other.code):
            with self.subTest(province=code):
                body = self.api(hung).get("/api/v1/coverage/", {"province": code}).json()
                self.assertEqual(body["province"], code)
            response = self.api(vy).get("/api/v1/coverage/", {"province": code})
            self.assertEqual(response.status_code, 404)
        # No province of its own: the Ministry names the one it reads.
        self.assertEqual(self.api(hung).get("/api/v1/coverage/").status_code, 403)

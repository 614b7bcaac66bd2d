"""The markup that accessibility rests on, read from the pages without a browser: a skip link,
a favicon and a description on every page, an <h1> on the revision page, help and errors tied
to their fields, valid <time datetime> on the history pages, named scroll boxes for the
dashboard's charts and no empty header cell in action columns."""

import re

from django.test import TestCase
from django.urls import reverse

from audits.models import Survey
from qms.agencies.roles import Role
from tests.helpers import (
    make_agency,
    make_effective_document,
    make_province,
    make_unit,
    make_user,
)

# HTML's global date and time: seconds at most, never microseconds, and an offset.
VALID_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$")


class AccessibleMarkupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("Ủy ban nhân dân tỉnh Lâm Đồng")
        cls.agency = make_agency("Sở Tư pháp tỉnh Lâm Đồng", province=cls.province)
        cls.unit = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary of the Sở.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY, Role.STAFF])
        # Hùng reviews and Minh approves the procedures.
        cls.hung = make_user("Lê Văn Hùng", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Tuấn, supervisor of the province at the Sở KH&CN.
        cls.tuan = make_user("Ngô Anh Tuấn", cls.province, [Role.SUPERVISOR])
        cls.document = make_effective_document(
            cls.agency,
            drafter=cls.lan,
            reviewer=cls.hung,
            approver=cls.minh,
            title="Quy trình cấp bản sao trích lục hộ tịch",
            owner_unit=cls.unit,
        )
        cls.revision = cls.document.revisions.get()

    def page(self, user, url: str) -> str:
        self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_every_page_has_a_skip_link_a_local_favicon_and_a_description(self):
        for body in (
            self.page(self.lan, reverse("documents:register")),
            self.client.get(reverse("portal:index")).content.decode(),
        ):
            self.assertIn('<a class="qms-skip-link" href="#content">', body)
            self.assertIn('id="content"', body)
            self.assertRegex(body, r'<link rel="icon" href="/static/qms/favicon\.svg"')
            self.assertRegex(body, r'<meta name="description" content="[^"]{40,}">')

    def test_the_revision_page_has_one_h1_the_documents_title(self):
        body = self.page(self.lan, reverse("documents:revision-detail", args=[self.revision.pk]))
        self.assertEqual(re.findall(r"<h1[^>]*>(.*?)</h1>", body), [self.document.title])

    def test_history_pages_write_valid_datetimes(self):
        for url in (
            reverse("documents:document-history", args=[self.document.pk]),
            reverse("trail"),
        ):
            with self.subTest(url=url):
                stamps = re.findall(r'<time datetime="([^"]*)"', self.page(self.lan, url))
                self.assertTrue(stamps)
                self.assertEqual([s for s in stamps if not VALID_DATETIME.match(s)], [])

    def test_help_texts_and_errors_are_tied_to_their_fields(self):
        self.client.force_login(self.lan)
        response = self.client.post(
            reverse("audits:satisfaction-survey-create"),
            {"title": "", "overall_question": "", "intro": "Xin ông/bà cho ý kiến."},
        )
        body = response.content.decode()
        self.assertFalse(Survey.objects.filter(intro="Xin ông/bà cho ý kiến.").exists())
        self.assertIn('id="id_title_error"', body)
        self.assertRegex(body, r'<input[^>]*name="title"[^>]*aria-describedby="id_title_error"')
        self.assertIn('id="id_overall_question_helptext"', body)
        self.assertRegex(
            body,
            r'<input[^>]*name="overall_question"[^>]*'
            r'aria-describedby="id_overall_question_helptext id_overall_question_error"',
        )
        # Every id an input points to is printed on the page.
        pointed = {
            target
            for ids in re.findall(r'aria-describedby="([^"]+)"', body)
            for target in ids.split()
        }
        self.assertEqual({t for t in pointed if f'id="{t}"' not in body}, set())

    def test_the_dashboard_charts_scroll_in_named_boxes_the_keyboard_reaches(self):
        body = self.page(self.tuan, reverse("monitoring:dashboard"))
        boxes = re.findall(r'<div class="table-responsive"([^>]*)>\s*<svg', body)
        self.assertTrue(boxes)
        for attributes in boxes:
            self.assertRegex(attributes, r'tabindex="0" role="region" aria-label="[^"]+"')

    def test_no_header_cell_is_empty(self):
        body = self.page(self.lan, reverse("documents:review-due"))
        self.assertNotRegex(body, r"<th[^>]*>\s*</th>")

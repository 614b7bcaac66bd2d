"""The "mô hình khung": expected procedures per level and the agencies × procedures matrix."""

from django.test import TestCase
from django.urls import reverse

from documents.services.external import external_document_save
from qms.agencies.models import Agency
from qms.agencies.roles import Role
from qms.monitoring.models import FrameworkProcedure
from qms.monitoring.selectors.framework import DRAFT, EFFECTIVE, MISSING, framework_matrix
from tests.helpers import LadderMixin, make_agency, make_document, make_province, make_user
from tests.monitoring.builders import Team

L = Agency.Level


class FrameworkTests(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = make_province("UBND tỉnh Lâm Đồng")
        # Tuấn, the province's supervisor, who keeps the list.
        cls.supervisor = make_user("Tuấn", cls.province, [Role.SUPERVISOR])
        cls.ward = make_agency("Phường Xuân Hương", province=cls.province, level=L.COMMUNE)
        # The ward's secretary, reviewer and leader.
        cls.team = Team(cls.ward, "Xuân Hương")
        cls.team.effective("Quy trình Kiểm soát Tài liệu")
        make_document(cls.ward, cls.team.secretary, "Quy trình đăng ký khai sinh")
        tthc = external_document_save(
            agency=cls.ward,
            by=cls.team.secretary,
            kind="tthc",
            number="1.000893",
            title="Đăng ký kết hôn",
        )
        cls.team.effective("Quy trình một cửa số 7", administrative_procedure=tthc)
        cls.expected = [
            FrameworkProcedure.objects.create(
                province=cls.province, level=L.COMMUNE, order=1, title="Kiểm soát tài liệu"
            ),
            FrameworkProcedure.objects.create(
                province=cls.province,
                level=L.COMMUNE,
                order=2,
                title="Khai sinh",
                keywords="khai sinh; giay khai sinh",
            ),
            FrameworkProcedure.objects.create(
                province=cls.province,
                level=L.COMMUNE,
                order=3,
                title="Kết hôn",
                keywords="dang ky ket hon",
                tthc_code="1.000893",
            ),
            FrameworkProcedure.objects.create(
                province=cls.province,
                level=L.COMMUNE,
                order=4,
                title="Chứng thực",
            ),
        ]

    def test_the_matrix_matches_titles_without_diacritics_and_tthc_codes(self):
        [row] = framework_matrix([self.ward], self.expected)
        self.assertEqual(row["cells"], [EFFECTIVE, DRAFT, EFFECTIVE, MISSING])
        self.assertEqual(row["missing"], 1)

    def test_the_page_ladder_and_the_matrix(self):
        url = reverse("monitoring:framework") + "?level=commune"
        response = self.assert_ladder(
            url, outsider=None, wrong_role=self.team.secretary, right_role=self.supervisor
        )
        self.assertEqual(response.context["matrix"][0]["agency"], self.ward)

    def test_the_supervisor_edits_the_list(self):
        url = reverse("monitoring:framework-edit") + "?level=commune"
        self.client.force_login(self.supervisor)
        formset = self.client.get(url).context["formset"]
        data = {
            "form-TOTAL_FORMS": str(len(formset.forms)),
            "form-INITIAL_FORMS": "4",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
        }
        for index, form in enumerate(formset.forms):
            instance = form.instance
            data |= {
                f"form-{index}-id": instance.pk or "",
                f"form-{index}-order": instance.order,
                f"form-{index}-title": instance.title,
                f"form-{index}-keywords": instance.keywords,
                f"form-{index}-tthc_code": instance.tthc_code,
            }
        data["form-3-DELETE"] = "on"
        data["form-4-title"], data["form-4-order"] = "Đăng ký thường trú", 5
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        titles = list(
            FrameworkProcedure.objects.filter(level=L.COMMUNE).values_list("title", flat=True)
        )
        self.assertEqual(
            titles, ["Kiểm soát tài liệu", "Khai sinh", "Kết hôn", "Đăng ký thường trú"]
        )

    def test_an_agency_cannot_edit_the_list(self):
        self.client.force_login(self.team.secretary)
        response = self.client.post(reverse("monitoring:framework-edit"), {})
        self.assertEqual(response.status_code, 403)

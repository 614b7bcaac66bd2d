"""Import of the list of administrative procedures (TTHC) into the external documents register."""

import io
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from documents.models import ExternalDocument
from documents.services.external import external_document_save
from documents.services.tthc import tthc_import
from documents.tthc import TthcRow, time_limit
from qms.agencies.roles import Role
from tests.helpers import LadderMixin, count_queries, make_agency, make_document, make_user

HEADERS = ["STT", "Mã TTHC", "Tên thủ tục", "Cấp thực hiện", "Lĩnh vực", "Thời hạn giải quyết"]
ROWS = [
    ["1.001193", "Đăng ký khai sinh", "Cấp xã", "Hộ tịch", "01 ngày làm việc"],
    ["1.000894", "Đăng ký kết hôn", "Cấp xã", "Hộ tịch", 5],
    ["2.000815", "Chứng thực bản sao từ bản chính", "Cấp xã", "Chứng thực", "1"],
]
TTHC = ExternalDocument.Kind.PROCEDURE


def make_csv(rows, *, headers=HEADERS, delimiter=",", bom=True) -> bytes:
    lines = [delimiter.join(headers)]
    for index, row in enumerate(rows, start=1):
        lines.append(delimiter.join(f'"{cell}"' for cell in [index, *row]))
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode()


def make_xlsx(rows, *, headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ"])
    sheet.append(headers)
    for index, row in enumerate(rows, start=1):
        sheet.append([index, *row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TthcImportBase(LadderMixin, TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.media = tempfile.mkdtemp(prefix="qms-tthc-test-")
        cls.media_override = override_settings(MEDIA_ROOT=cls.media)
        cls.media_override.enable()

    @classmethod
    def tearDownClass(cls):
        cls.media_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("UBND phường Xuân Hương - Đà Lạt", level="commune")
        # Yến, ISO secretary of the ward, who imports the list.
        cls.yen = make_user("Bùi Thị Hải Yến", cls.agency, [Role.ISO_SECRETARY])
        # Phương, staff of the ward: reads the register, imports nothing.
        cls.phuong = make_user("Lê Văn Phương", cls.agency, [Role.STAFF])
        cls.other = make_agency("Sở Y tế")
        # Tuấn, ISO secretary of Sở Y tế, who must never reach the ward's staged list.
        cls.tuan = make_user("Trần Anh Tuấn", cls.other, [Role.ISO_SECRETARY])

    def setUp(self):
        # Each test starts without staged lists (the media folder is shared by the class).
        shutil.rmtree(Path(self.media) / "imports", ignore_errors=True)

    def staged(self) -> list[str]:
        root = Path(self.media) / "imports"
        return sorted(p.name for p in root.iterdir()) if root.is_dir() else []

    def upload(self, data: bytes, name: str = "danh-muc-tthc.csv"):
        return self.client.post(
            reverse("documents:external-import"), {"file": SimpleUploadedFile(name, data)}
        )

    def batch_of(self, response) -> str:
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return response["Location"].rsplit("batch=", 1)[1]

    def preview(self, batch: str):
        return self.client.get(f"{reverse('documents:external-import-preview')}?batch={batch}")

    def confirm(self, batch: str):
        return self.client.post(reverse("documents:external-import-confirm"), {"batch": batch})

    def tthcs(self, agency=None) -> dict[str, ExternalDocument]:
        queryset = ExternalDocument.objects.filter(agency=agency or self.agency, kind=TTHC)
        return {e.number: e for e in queryset}


class TthcImportFlowTests(TthcImportBase):
    def test_a_csv_list_is_previewed_then_imported(self):
        self.client.force_login(self.yen)
        batch = self.batch_of(self.upload(make_csv(ROWS)))
        preview = self.preview(batch).context["preview"]
        self.assertEqual(len(preview.new_rows), 3)
        self.assertEqual(preview.failed_rows, [])
        self.assertEqual(self.tthcs(), {})  # the preview saves nothing
        response = self.confirm(batch)
        self.assertRedirects(response, reverse("documents:external-import"))
        imported = self.tthcs()
        self.assertEqual(set(imported), {"1.001193", "1.000894", "2.000815"})
        birth = imported["1.001193"]
        self.assertEqual(birth.title, "Đăng ký khai sinh")
        self.assertEqual((birth.level, birth.sector), ("Cấp xã", "Hộ tịch"))
        self.assertEqual(birth.time_limit_days, Decimal("1"))
        self.assertEqual(imported["1.000894"].time_limit_days, Decimal("5"))
        self.assertEqual(birth.history.get().history_user, self.yen)
        self.assertEqual(self.staged(), [])

    def test_an_xlsx_list_under_a_title_row_is_imported(self):
        self.client.force_login(self.yen)
        batch = self.batch_of(self.upload(make_xlsx(ROWS), "danh-muc.xlsx"))
        self.confirm(batch)
        self.assertEqual(self.tthcs()["1.000894"].sector, "Hộ tịch")
        self.assertEqual(len(self.tthcs()), 3)

    def test_a_semicolon_csv_without_bom_is_read(self):
        self.client.force_login(self.yen)
        batch = self.batch_of(self.upload(make_csv(ROWS, delimiter=";", bom=False)))
        self.assertEqual(len(self.preview(batch).context["preview"].new_rows), 3)

    def test_reimporting_updates_instead_of_duplicating(self):
        self.client.force_login(self.yen)
        self.confirm(self.batch_of(self.upload(make_csv(ROWS))))
        changed = [["1.000894", "Đăng ký kết hôn", "Cấp xã", "Hộ tịch", 3], *ROWS[::2]]
        batch = self.batch_of(self.upload(make_csv(changed)))
        preview = self.preview(batch).context["preview"]
        self.assertEqual([row.row.code for row in preview.update_rows], ["1.000894"])
        self.assertEqual(len(preview.unchanged_rows), 2)
        self.confirm(batch)
        self.assertEqual(ExternalDocument.objects.filter(agency=self.agency).count(), 3)
        marriage = self.tthcs()["1.000894"]
        self.assertEqual(marriage.time_limit_days, Decimal("3"))
        self.assertEqual(marriage.history.count(), 2)
        self.assertEqual(self.tthcs()["1.001193"].history.count(), 1)  # unchanged, not saved

    def test_bad_rows_are_reported_and_left_out(self):
        self.client.force_login(self.yen)
        rows = [
            *ROWS,
            ["", "Thủ tục không có mã", "Cấp xã", "Hộ tịch", 1],
            ["abc", "Mã sai", "Cấp xã", "Hộ tịch", 1],
            ["1.000656", "", "Cấp xã", "Hộ tịch", 1],
            ["1.000657", "Đăng ký khai tử", "Cấp xã", "Hộ tịch", "theo quy định"],
            ["1.001193", "Đăng ký khai sinh (trùng)", "Cấp xã", "Hộ tịch", 1],
        ]
        batch = self.batch_of(self.upload(make_csv(rows)))
        preview = self.preview(batch).context["preview"]
        failed = {row.line: row for row in preview.failed_rows}
        self.assertEqual(set(failed), {2, 5, 6, 7, 8, 9})  # both copies of 1.001193
        self.assertEqual(len(preview.new_rows), 2)
        self.confirm(batch)
        self.assertEqual(set(self.tthcs()), {"1.000894", "2.000815"})
        report = self.client.get(reverse("documents:external-import")).context["report"]
        self.assertEqual((report["created"], report["updated"]), (2, 0))
        self.assertEqual(len(report["failed"]), 6)

    def test_a_file_that_is_not_csv_or_xlsx_is_refused(self):
        self.client.force_login(self.yen)
        for name, data in (
            ("danh-muc.csv", b"%PDF-1.7\n%%EOF\n"),
            ("danh-muc.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
            ("danh-muc.xlsx", b"Mot dong khong co dau phan cach\n"),
        ):
            with self.subTest(data=data[:8]):
                response = self.upload(data, name)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors["file"])
        self.assertEqual(self.staged(), [])

    def test_a_list_without_the_code_column_is_refused_at_upload(self):
        self.client.force_login(self.yen)
        headers = ["STT", "Số hiệu", "Tên thủ tục", "Lĩnh vực"]
        response = self.upload(make_csv([["1", "Đăng ký", "Hộ tịch"]], headers=headers))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["file"])
        self.assertEqual(self.staged(), [])

    def test_cancel_deletes_the_staged_file(self):
        self.client.force_login(self.yen)
        batch = self.batch_of(self.upload(make_csv(ROWS)))
        self.assertEqual(self.staged(), [batch])
        self.client.post(reverse("documents:external-import-cancel"), {"batch": batch})
        self.assertEqual(self.staged(), [])
        self.assertEqual(self.tthcs(), {})


class TthcImportPermissionTests(TthcImportBase):
    def test_only_the_iso_secretary_imports(self):
        for name in ("external-import",):
            self.assert_ladder(
                reverse(f"documents:{name}"),
                outsider=None,
                wrong_role=self.phuong,
                right_role=self.yen,
            )
        self.client.force_login(self.phuong)
        self.assertEqual(self.upload(make_csv(ROWS)).status_code, 403)

    def test_another_agency_never_reaches_the_staged_list(self):
        self.client.force_login(self.yen)
        batch = self.batch_of(self.upload(make_csv(ROWS)))
        self.client.force_login(self.tuan)
        self.assertRedirects(self.preview(batch), reverse("documents:external-import"))
        self.confirm(batch)
        self.assertEqual(ExternalDocument.objects.filter(kind=TTHC).count(), 0)
        self.assertEqual(self.staged(), [batch])

    def test_the_service_checks_the_role_and_the_rows(self):
        rows = [TthcRow(code="1.001193", name="Đăng ký khai sinh")]
        with self.assertRaises(PermissionDenied):
            tthc_import(agency=self.agency, by=self.phuong, rows=rows)
        with self.assertRaises(PermissionDenied):
            tthc_import(agency=self.agency, by=self.tuan, rows=rows)
        with self.assertRaises(ValidationError):
            tthc_import(agency=self.agency, by=self.yen, rows=[*rows, *rows])
        with self.assertRaises(ValidationError):
            tthc_import(agency=self.agency, by=self.yen, rows=[TthcRow(code="x y", name="Sai")])
        self.assertEqual(ExternalDocument.objects.count(), 0)

    def test_the_service_keeps_the_status_and_the_links_of_a_known_tthc(self):
        tthc = external_document_save(
            agency=self.agency, by=self.yen, kind="tthc", number="1.001193", title="Khai sinh"
        )
        document = make_document(self.agency, self.yen, administrative_procedure=tthc)
        result = tthc_import(
            agency=self.agency,
            by=self.yen,
            rows=[TthcRow(code="1.001193", name="Đăng ký khai sinh", time_limit_days=Decimal(1))],
        )
        self.assertEqual((len(result.created), len(result.updated)), (0, 1))
        document.refresh_from_db()
        self.assertEqual(document.administrative_procedure.title, "Đăng ký khai sinh")


class TthcReadingTests(TestCase):
    def test_time_limits_are_read_from_numbers_and_words(self):
        for value, expected in (
            (5, Decimal("5")),
            (7.5, Decimal("7.5")),
            ("7,5", Decimal("7.5")),
            ("05 ngày làm việc", Decimal("5")),
            ("", None),
            (None, None),
        ):
            with self.subTest(value=value):
                self.assertEqual(time_limit(value), expected)
        for value in ("trong ngày", "-", True):
            with self.subTest(value=value), self.assertRaises(ValueError):
                time_limit(value)


class ExternalRegisterSearchTests(TthcImportBase):
    def test_the_register_searches_the_folded_column(self):
        tthc_import(
            agency=self.agency,
            by=self.yen,
            rows=[
                TthcRow(code="1.001193", name="Đăng ký khai sinh", sector="Hộ tịch"),
                TthcRow(code="2.000815", name="Chứng thực bản sao", sector="Chứng thực"),
            ],
        )
        self.client.force_login(self.phuong)
        url = reverse("documents:external-list")
        for query, expected in (
            ("dang ky khai sinh", ["1.001193"]),
            ("ho tich", ["1.001193"]),
            ("CHUNG THUC", ["2.000815"]),
            ("1.001193", ["1.001193"]),
        ):
            with self.subTest(query=query):
                page = self.client.get(url, {"q": query}).context["page"]
                self.assertEqual([e.number for e in page], expected)

    def test_the_search_text_follows_every_save(self):
        tthc = external_document_save(
            agency=self.agency, by=self.yen, kind="tthc", number="1.000656", title="Khai tử"
        )
        self.assertEqual(tthc.search_text, "1.000656 1 000656 khai tu")
        tthc.title = "Đăng ký khai tử"
        tthc.save(update_fields=["title"])
        tthc.refresh_from_db()
        self.assertEqual(tthc.search_text, "1.000656 1 000656 dang ky khai tu")

    def test_the_register_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.phuong)
        url = reverse("documents:external-list") + "?q=dang+ky"

        def rows(start: int, count: int) -> list[TthcRow]:
            return [
                TthcRow(code=f"1.{n:06}", name=f"Đăng ký thủ tục số {n}", sector="Hộ tịch")
                for n in range(start, start + count)
            ]

        tthc_import(agency=self.agency, by=self.yen, rows=rows(1, 3))
        before = count_queries(lambda: self.client.get(url))
        tthc_import(agency=self.agency, by=self.yen, rows=rows(100, 40))
        after = count_queries(lambda: self.client.get(url))
        self.assertEqual(before, after)

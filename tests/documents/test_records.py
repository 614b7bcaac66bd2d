from datetime import date

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from documents.models import RecordDisposal, RecordItem, Revision
from documents.selectors.records import LOOKBACK_YEARS, MAX_YEARS, disposals_due, due_series
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from documents.services.records import last_year_due
from documents.views.records import PROCEDURES_PER_PAGE
from qms.agencies.roles import Role
from tests.helpers import (
    LadderMixin,
    count_queries,
    make_agency,
    make_document,
    make_unit,
    make_user,
)

RECORDS = [
    {"name": "Sổ theo dõi hồ sơ", "keeper": "Văn phòng", "retention_years": 5},
    {"name": "Quyết định ban hành", "keeper": "Văn thư", "retention_years": None},
    {"name": "Biên bản thẩm định", "keeper": "Phòng chuyên môn", "retention_years": 10},
]


class RecordsTestCase(LadderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.office = make_unit(cls.agency, "Văn phòng")
        cls.legal = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary of Sở Tư pháp: keeps the register and records disposals.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter of Sở Tư pháp.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        # Mai, reviewer (Chánh Văn phòng).
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        # Minh, approver (Phó Giám đốc).
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa, staff of Sở Tư pháp: reads the register, disposes of nothing.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])
        # Khách, an account with no role in any agency.
        cls.khach = make_user("Vũ Văn Khách", None)
        cls.other_agency = make_agency("Sở Y tế")
        # Tuấn, ISO secretary of Sở Y tế, who must never see or touch Sở Tư pháp's records.
        cls.tuan = make_user("Trần Anh Tuấn", cls.other_agency, [Role.ISO_SECRETARY])
        cls.today = timezone.localdate()
        cls.procedure = cls.effective(
            "Quy trình chứng thực bản sao", RECORDS, unit=cls.office, years_ago=10
        )

    @classmethod
    def effective(cls, title, records, *, unit=None, years_ago=0, agency=None, people=None):
        """A procedure with these "Hồ sơ cần lưu" rows, in force since ``years_ago`` years."""
        agency = agency or cls.agency
        drafter, reviewer, approver = people or (cls.hung, cls.mai, cls.minh)
        document = make_document(agency, drafter, title, owner_unit=unit)
        revision = document.revisions.get()
        flow.revision_update_content(
            revision=revision, by=drafter, purpose="Mục đích", records=records
        )
        flow.revision_submit(revision=revision, by=drafter, reviewers=[reviewer], approver=approver)
        flow.revision_review_pass(revision=revision, by=reviewer)
        flow.revision_approve(revision=revision, by=approver)
        if years_ago:
            # The approve service refuses a past date; these procedures have been in force
            # for years, which is what the disposal rule is about.
            Revision.objects.filter(pk=revision.pk).update(
                effective_date=date(cls.today.year - years_ago, 3, 1)
            )
        document.refresh_from_db()
        return document


class RecordRegisterTests(RecordsTestCase):
    url = reverse("documents:record-register")

    def test_the_register_follows_the_ladder(self):
        # Every role may read the register; only an account without any role is refused.
        response = self.assert_ladder(
            self.url, outsider=None, wrong_role=self.khach, right_role=self.hoa
        )
        self.assertContains(response, "Sổ theo dõi hồ sơ")

    def test_it_lists_the_records_of_effective_procedures_of_the_agency_only(self):
        make_document(self.agency, self.hung, "Quy trình còn dự thảo")
        tuan_people = (
            make_user("Người soạn Y tế", self.other_agency, [Role.DRAFTER]),
            make_user("Người xem xét Y tế", self.other_agency, [Role.REVIEWER]),
            make_user("Người phê duyệt Y tế", self.other_agency, [Role.APPROVER]),
        )
        self.effective(
            "Quy trình cấp phép hành nghề y",
            [{"name": "Hồ sơ cấp phép hành nghề", "keeper": "Phòng Nghiệp vụ"}],
            agency=self.other_agency,
            people=tuan_people,
        )
        self.client.force_login(self.hoa)
        response = self.client.get(self.url)
        rows = [
            (item.revision.document.code, item.name, item.retention_display)
            for item in response.context["page"]
        ]
        code = self.procedure.code
        self.assertEqual(
            [row[:2] for row in rows],
            [
                (code, "Sổ theo dõi hồ sơ"),
                (code, "Quyết định ban hành"),
                (code, "Biên bản thẩm định"),
            ],
        )
        # Written as procedures write it; a permanent series shows a label, never a number,
        # an empty cell or "None".
        self.assertEqual([row[2] for row in rows], ["05 năm", "Vĩnh viễn", "10 năm"])
        self.assertContains(response, "Vĩnh viễn")
        self.assertFalse(rows[1][2].isdigit() or rows[1][2] in ("", "None"))
        self.assertContains(response, "Văn phòng")
        self.assertContains(
            response, reverse("documents:document-detail", args=[self.procedure.pk])
        )
        self.assertNotContains(response, "Hồ sơ cấp phép hành nghề")

        self.client.force_login(self.tuan)
        self.assertNotContains(self.client.get(self.url), "Sổ theo dõi hồ sơ")

    def test_a_procedure_leaves_the_register_when_its_new_issue_lists_no_records(self):
        self.client.force_login(self.hoa)

        def listed():
            page = self.client.get(self.url).context["page"]
            return {item.revision.document.code for item in page}

        self.assertEqual(listed(), {self.procedure.code})
        # Issue 02 keeps no records of its own; once it takes effect, none are listed.
        change = change_request_create(document=self.procedure, by=self.hoa, reason="Bỏ hồ sơ")
        revision = change_request_decide(
            change_request=change, by=self.lan, accept=True, drafter=self.hung
        )
        flow.revision_update_content(
            revision=revision,
            by=self.hung,
            purpose="Mục đích",
            change_summary="Bỏ hồ sơ.",
            records=[],
        )
        flow.revision_submit(
            revision=revision, by=self.hung, reviewers=[self.mai], approver=self.minh
        )
        flow.revision_review_pass(revision=revision, by=self.mai)
        flow.revision_approve(revision=revision, by=self.minh)
        self.procedure.refresh_from_db()
        self.assertEqual(self.procedure.effective_revision_id, revision.pk)
        self.assertFalse(self.procedure.lists_records)
        self.assertEqual(listed(), set())

    def test_it_filters_by_owner_unit_and_searches_the_record_name(self):
        self.effective(
            "Quy trình hộ tịch",
            [{"name": "Sổ đăng ký khai sinh", "keeper": "Phòng HCTP", "retention_years": None}],
            unit=self.legal,
        )
        self.client.force_login(self.hoa)
        response = self.client.get(self.url, {"owner_unit": self.legal.pk})
        self.assertEqual([i.name for i in response.context["page"]], ["Sổ đăng ký khai sinh"])
        response = self.client.get(self.url, {"q": "biên bản"})
        self.assertEqual([i.name for i in response.context["page"]], ["Biên bản thẩm định"])

    def test_a_page_holds_every_record_of_its_procedures(self):
        two = [
            {"name": "Sổ theo dõi", "keeper": "Văn phòng", "retention_years": 5},
            {"name": "Phiếu kiểm soát", "keeper": "Văn phòng", "retention_years": None},
        ]
        for index in range(PROCEDURES_PER_PAGE):
            self.effective(f"Quy trình số {index:02}", two)
        self.client.force_login(self.hoa)
        pages = [self.client.get(self.url, {"page": n}).context["page"] for n in (1, 2)]
        first, second = ([item.revision.document for item in page] for page in pages)
        self.assertEqual(pages[0].paginator.num_pages, 2)
        # Twenty procedures on the first page with all their records, the last one on the next.
        self.assertEqual(len(set(first)), PROCEDURES_PER_PAGE)
        self.assertEqual(len(set(second)), 1)
        self.assertFalse(set(first) & set(second))
        shown = [(item.revision.document.code, item.name) for page in pages for item in page]
        self.assertEqual(len(shown), 2 * PROCEDURES_PER_PAGE + len(RECORDS))
        self.assertEqual(shown, sorted(shown, key=lambda row: row[0]))

    def test_the_register_query_count_does_not_grow(self):
        self.client.force_login(self.hoa)
        few = count_queries(lambda: self.client.get(self.url))
        for index in range(6):
            self.effective(f"Quy trình số {index}", RECORDS, unit=self.legal if index % 2 else None)
        self.assertEqual(count_queries(lambda: self.client.get(self.url)), few)


class RecordDisposalTests(RecordsTestCase):
    url = reverse("documents:record-disposal")

    def post(self, record_name="Sổ theo dõi hồ sơ", year=None, note="", document=None):
        """Post a disposal and follow the redirect, so the page's messages are the answer's."""
        return self.client.post(
            self.url,
            {
                "document": (document or self.procedure).pk,
                "record_name": record_name,
                "year": year,
                "note": note,
            },
            follow=True,
        )

    def errors(self, response) -> list[str]:
        return [m.message for m in response.context["messages"] if m.level_tag == "error"]

    def due_years(self):
        return {
            (series.document.pk, series.item.name): series.years
            for series in disposals_due(agency=self.agency, today=self.today)
        }

    def test_the_disposal_page_follows_the_ladder(self):
        self.assert_ladder(self.url, outsider=None, wrong_role=self.hoa, right_role=self.lan)
        self.client.force_login(self.hoa)
        response = self.client.post(
            self.url,
            {"document": self.procedure.pk, "record_name": "Sổ theo dõi hồ sơ", "year": 2000},
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(RecordDisposal.objects.exists())

    def test_years_are_due_once_year_plus_retention_is_before_this_year(self):
        year = self.today.year
        # In force for 10 years, kept 5: the records of year-10 … year-6 are due; year-5 is not.
        # Kept 10 years: nothing yet. Permanent: never.
        self.assertEqual(
            self.due_years(),
            {(self.procedure.pk, "Sổ theo dõi hồ sơ"): list(range(year - 10, year - 5))},
        )
        self.client.force_login(self.lan)
        response = self.client.get(self.url)
        self.assertEqual([s.item.name for s in response.context["due"]], ["Sổ theo dõi hồ sơ"])
        self.assertContains(response, f"{year - 10}–{year - 6}")

    def test_recording_a_disposal_stores_it_and_takes_the_year_off_the_list(self):
        year = self.today.year - 10
        self.client.force_login(self.lan)
        response = self.post(year=year, note="Biên bản hủy số 01/BB-STP")
        self.assertRedirects(response, self.url)
        disposal = RecordDisposal.objects.get()
        self.assertEqual(
            (disposal.agency, disposal.document, disposal.record_name, disposal.year),
            (self.agency, self.procedure, "Sổ theo dõi hồ sơ", year),
        )
        self.assertEqual((disposal.disposed_by, disposal.disposed_on), (self.lan, self.today))
        self.assertNotIn(year, self.due_years()[(self.procedure.pk, "Sổ theo dõi hồ sơ")])
        response = self.client.get(self.url)
        self.assertContains(response, "Biên bản hủy số 01/BB-STP")
        self.assertContains(response, "Nguyễn Thị Lan")

    def test_a_year_already_disposed_of_is_refused(self):
        year = self.today.year - 9
        self.client.force_login(self.lan)
        self.post(year=year)
        response = self.post(year=year, note="lần hai")
        self.assertRedirects(response, self.url)
        self.assertEqual(RecordDisposal.objects.count(), 1)
        self.assertFalse(RecordDisposal.objects.filter(note="lần hai").exists())
        self.assertEqual(len(self.errors(response)), 1)

    def test_a_year_not_yet_due_is_refused(self):
        self.client.force_login(self.lan)
        response = self.post(year=self.today.year - 5)
        self.assertRedirects(response, self.url)
        self.assertFalse(RecordDisposal.objects.exists())
        [message] = self.errors(response)
        self.assertIn(str(self.today.year), message)

    def test_a_permanent_series_is_never_due_and_cannot_be_disposed_of(self):
        self.effective(
            "Quy trình rất cũ",
            [{"name": "Sổ gốc", "keeper": "Văn thư", "retention_years": None}],
            years_ago=60,
        )
        names = {name for _pk, name in self.due_years()}
        self.assertNotIn("Sổ gốc", names)
        self.assertNotIn("Quyết định ban hành", names)
        self.client.force_login(self.lan)
        response = self.post(record_name="Quyết định ban hành", year=self.today.year - 10)
        self.assertEqual(len(self.errors(response)), 1)
        self.assertFalse(RecordDisposal.objects.exists())

    def test_without_a_known_first_effective_date_it_looks_back_twenty_years(self):
        Revision.objects.filter(document=self.procedure).update(effective_date=None)
        years = self.due_years()[(self.procedure.pk, "Sổ theo dõi hồ sơ")]
        self.assertEqual(years[0], self.today.year - LOOKBACK_YEARS)
        self.assertEqual(years[-1], self.today.year - 6)

    def test_another_agencys_procedure_cannot_be_disposed_of(self):
        self.client.force_login(self.tuan)
        response = self.post(year=self.today.year - 10)
        self.assertRedirects(response, self.url)
        self.assertEqual(len(self.errors(response)), 1)
        self.assertFalse(RecordDisposal.objects.exists())
        self.assertNotContains(response, "Sổ theo dõi hồ sơ")

    def test_the_disposal_page_query_count_does_not_grow(self):
        self.client.force_login(self.lan)
        self.post(year=self.today.year - 10)
        few = count_queries(lambda: self.client.get(self.url))
        for index in range(5):
            document = self.effective(f"Quy trình số {index}", RECORDS, years_ago=8)
            self.post(document=document, year=self.today.year - 8, note=f"Biên bản {index}")
        self.assertEqual(RecordDisposal.objects.count(), 6)
        self.assertEqual(count_queries(lambda: self.client.get(self.url)), few)


class DisposalReachableTests(RecordsTestCase):
    def test_the_register_links_to_the_disposal_page_for_the_secretary_only(self):
        disposal_url = reverse("documents:record-disposal")
        self.client.force_login(self.lan)
        self.assertContains(self.client.get(reverse("documents:record-register")), disposal_url)
        self.client.force_login(self.hoa)
        self.assertNotContains(self.client.get(reverse("documents:record-register")), disposal_url)

    def test_records_due_for_disposal_wait_in_the_secretarys_tasks(self):
        self.client.force_login(self.lan)
        response = self.client.get(reverse("home"))
        groups = {group.title: group for group in response.context["task_groups"]}
        group = groups[gettext("Records due for disposal")]
        names = [item.title for item in group.items]
        self.assertIn(f"{self.procedure.code} · Sổ theo dõi hồ sơ", names)
        self.assertContains(response, reverse("documents:record-disposal"))
        # Hoa, staff, has no such list.
        self.client.force_login(self.hoa)
        titles = [g.title for g in self.client.get(reverse("home")).context["task_groups"]]
        self.assertNotIn(gettext("Records due for disposal"), titles)

    def test_the_tasks_query_count_does_not_grow_with_record_series(self):
        self.client.force_login(self.lan)
        before = count_queries(lambda: self.client.get(reverse("home")))
        for index in range(4):
            self.effective(f"Quy trình lưu trữ số {index}", RECORDS, years_ago=10)
        self.assertEqual(count_queries(lambda: self.client.get(reverse("home"))), before)


class DueSeriesFollowTheRuleTests(RecordsTestCase):
    """The database picks the series due for disposal; the rule that records a disposal
    (``last_year_due``) decides year by year. Both must agree, on any day of the year."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        R = RecordItem.Retention
        old = cls.effective("Quy trình lưu trữ lịch sử", [], years_ago=120)
        undated = cls.effective("Quy trình chưa rõ ngày hiệu lực", [])
        Revision.objects.filter(document=undated).update(effective_date=None)
        second = cls.effective("Quy trình ban hành lần 2", [], years_ago=6)
        Revision.objects.filter(document=second).update(number=2)
        first_issue = cls.effective("Quy trình ban hành lần đầu", [], years_ago=3)
        rows = [
            (old, "Sổ đăng ký", R.YEARS, 10),
            (old, "Hồ sơ hợp đồng", R.YEARS_AFTER_EVENT, 5),
            (undated, "Sổ theo dõi", R.YEARS, 2),
            (undated, "Sổ theo dõi", R.YEARS, 3),  # listed twice: the first counts
            (undated, "Sổ lưu lâu dài", R.YEARS, 25),  # longer than the look-back: not yet
            (second, "Phiếu kiểm soát", R.UNTIL_SUPERSEDED, None),
            (second, "Biên bản", R.PERMANENT, None),
            (second, "Biên bản", R.YEARS, 1),  # after a permanent twin, it counts
            (first_issue, "Phiếu kiểm soát", R.UNTIL_SUPERSEDED, None),  # nothing superseded
            (first_issue, "Sổ nhật ký", R.YEARS, 1),
        ]
        for order, (document, name, retention, years) in enumerate(rows, start=1):
            RecordItem.objects.create(
                revision=document.effective_revision,
                order=order,
                name=name,
                retention=retention,
                retention_years=years,
            )
        year = cls.today.year
        for document, name, disposed in [
            (old, "Sổ đăng ký", range(year - MAX_YEARS, year - 20)),
            (first_issue, "Sổ nhật ký", range(year - 3, year - 1)),  # every year due: gone
            (undated, "Sổ theo dõi", [year - 5]),
        ]:
            for disposed_year in disposed:
                RecordDisposal.objects.create(
                    agency=cls.agency,
                    document=document,
                    record_name=name,
                    year=disposed_year,
                    disposed_by=cls.lan,
                    disposed_on=cls.today,
                )

    def rule(self, today):
        """Series by series, the years ``last_year_due`` lets go, as a loop over every row."""
        items = (
            RecordItem.objects.filter(
                revision__document__agency=self.agency, revision__status=Revision.Status.EFFECTIVE
            )
            .exclude(retention=RecordItem.Retention.PERMANENT)
            .select_related("revision")
            .order_by("revision__document__code", "order")
        )
        disposed = set(RecordDisposal.objects.values_list("document_id", "record_name", "year"))
        due, seen = {}, set()
        for item in items:
            document_id, last = item.revision.document_id, last_year_due(item, today=today)
            if (document_id, item.name) in seen or last is None:
                continue
            seen.add((document_id, item.name))
            dates = Revision.objects.filter(
                document_id=document_id, status__in=Revision.LOCKED, effective_date__isnull=False
            ).values_list("effective_date", flat=True)
            start = min(dates).year if dates else today.year - LOOKBACK_YEARS
            start = max(start, today.year - MAX_YEARS)
            years = [
                y for y in range(start, last + 1) if (document_id, item.name, y) not in disposed
            ]
            if years:
                due[(document_id, item.name)] = years
        return due

    def test_the_series_due_are_those_of_the_rule_on_every_edge_of_the_year(self):
        for today in (
            self.today,
            date(self.today.year, 1, 1),
            date(self.today.year, 12, 31),
            date(2028, 2, 29),
        ):
            with self.subTest(today=today):
                listed = {
                    (series.document.pk, series.item.name): series.years
                    for series in disposals_due(agency=self.agency, today=today)
                }
                self.assertEqual(listed, self.rule(today))
                self.assertGreaterEqual(len(listed), 5)

    def test_a_page_of_the_series_due_is_counted_and_read_by_the_database(self):
        series = due_series(agency=self.agency, today=self.today)
        self.assertEqual(series.count(), len(self.rule(self.today)))
        # Its rows come in the register's order: by procedure code, then as the issue lists them.
        codes = [item.revision.document.code for item in series]
        self.assertEqual(codes, sorted(codes))

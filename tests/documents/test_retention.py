"""The retention rule of a record to keep: how it is written, and what the records register
and the disposal list do with each kind (permanent, until superseded, N years, N years after
an event), with the clock at the year's edges."""

from datetime import date

import time_machine
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from documents.models import RecordDisposal, RecordItem
from documents.services import revisions as flow
from documents.services.changes import change_request_create, change_request_decide
from documents.services.records import record_disposal_register
from documents.views.records import disposals_due
from qms.agencies.roles import Role
from tests.helpers import make_agency, make_document, make_user

R = RecordItem.Retention
KEPT_3_YEARS = {
    "name": "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả",
    "keeper": "Bộ phận Một cửa",
    "retention": "years",
    "retention_years": 3,
}
PERMANENT = {"name": "Sổ đăng ký gốc", "keeper": "Văn thư", "retention": "permanent"}
UNTIL_SUPERSEDED = {
    "name": "Quy trình này (bản gốc)",
    "keeper": "Thư ký ISO",
    "retention": "until_superseded",
}
AFTER_CONTRACT = {
    "name": "Hợp đồng dịch vụ bảo trì",
    "keeper": "Văn phòng",
    "retention": "years_after_event",
    "retention_years": 2,
    "retention_event": "kể từ khi kết thúc hợp đồng",
}
RECORDS = [KEPT_3_YEARS, PERMANENT, UNTIL_SUPERSEDED, AFTER_CONTRACT]


def at(day: date):
    """The clock at 9:00 in Hà Nội on ``day``."""
    return time_machine.travel(f"{day.isoformat()} 09:00 +07:00", tick=False)


class RetentionDisplayTests(TestCase):
    def item(self, **fields) -> RecordItem:
        return RecordItem(name="Hồ sơ", **fields)

    def test_each_rule_is_written_as_procedures_write_it(self):
        self.assertEqual(
            self.item(retention=R.YEARS, retention_years=3).retention_display, "03 năm"
        )
        self.assertEqual(self.item(retention=R.PERMANENT).retention_display, "Vĩnh viễn")
        self.assertEqual(
            self.item(retention=R.UNTIL_SUPERSEDED).retention_display,
            str(R.UNTIL_SUPERSEDED.label),
        )
        after = self.item(
            retention=R.YEARS_AFTER_EVENT,
            retention_years=2,
            retention_event="kể từ khi kết thúc hợp đồng",
        )
        self.assertEqual(after.retention_display, "02 năm kể từ khi kết thúc hợp đồng")
        self.assertEqual(
            self.item(retention=R.YEARS, retention_years=10).retention_display, "10 năm"
        )

    def test_the_rules_are_the_word_structures_rules(self):
        from documents.word.structure import Retention

        self.assertEqual({str(r) for r in Retention}, set(R.values))


class RetentionRulesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary of Sở Tư pháp: keeps the register and records disposals.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        # Hùng, drafter; Mai, reviewer; Minh, approver.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Issue 01 in force from 1 March 2015, superseded by issue 02 on 1 June 2022.
        with at(date(2015, 3, 1)):
            cls.procedure = make_document(
                cls.agency, cls.hung, "Quy trình cấp phiếu lý lịch tư pháp"
            )
            cls.issue(cls.procedure.revisions.get(), RECORDS)
        cls.procedure.refresh_from_db()
        with at(date(2022, 6, 1)):
            request = change_request_create(
                document=cls.procedure, by=cls.hung, reason="Luật Lưu trữ 2024"
            )
            second = change_request_decide(
                change_request=request, by=cls.lan, accept=True, drafter=cls.hung
            )
            cls.issue(second, RECORDS, summary="Cập nhật thời hạn lưu hồ sơ")
        # A procedure still at its first issue since 2015: nothing it keeps "until
        # superseded" has been superseded.
        with at(date(2015, 3, 1)):
            cls.first_only = make_document(cls.agency, cls.hung, "Quy trình chứng thực")
            cls.issue(cls.first_only.revisions.get(), [UNTIL_SUPERSEDED])
        cls.procedure.refresh_from_db()

    @classmethod
    def issue(cls, revision, records, summary=""):
        flow.revision_update_content(
            revision=revision,
            by=cls.hung,
            purpose="Quy định trình tự cấp Phiếu lý lịch tư pháp.",
            records=records,
            change_summary=summary,
        )
        flow.revision_submit(revision=revision, by=cls.hung, reviewers=[cls.mai], approver=cls.minh)
        flow.revision_review_pass(revision=revision, by=cls.mai)
        flow.revision_approve(revision=revision, by=cls.minh)

    def due(self, today: date) -> dict:
        return {
            (series.document.pk, series.item.name): (series.years, series.counted_from_event)
            for series in disposals_due(agency=self.agency, today=today)
        }


class RegisterAndDisposalListTests(RetentionRulesTestCase):
    def test_the_register_writes_each_rule(self):
        with at(date(2026, 1, 1)):
            self.client.force_login(self.lan)
            response = self.client.get(reverse("documents:record-register"))
        displays = [item.retention_display for item in response.context["page"]]
        self.assertEqual(displays[:2], ["03 năm", "Vĩnh viễn"])
        self.assertContains(response, "02 năm kể từ khi kết thúc hợp đồng")

    def test_on_1_january_each_rule_gives_its_years(self):
        key = self.procedure.pk
        with at(date(2026, 1, 1)):
            due = self.due(date(2026, 1, 1))
        # 3 years: 2015 … 2022 (2022 + 3 < 2026). Until superseded: the years before issue 02
        # took effect in 2022. 2 years after an event: 2023 at the earliest, for the secretary
        # to judge. Permanent: never; a first issue never superseded: never.
        self.assertEqual(
            due,
            {
                (key, KEPT_3_YEARS["name"]): (list(range(2015, 2023)), False),
                (key, UNTIL_SUPERSEDED["name"]): (list(range(2015, 2022)), False),
                (key, AFTER_CONTRACT["name"]): (list(range(2015, 2024)), True),
            },
        )

    def test_on_31_december_the_year_has_not_turned(self):
        key = (self.procedure.pk, KEPT_3_YEARS["name"])
        self.assertEqual(self.due(date(2025, 12, 31))[key][0][-1], 2021)
        self.assertEqual(self.due(date(2026, 1, 1))[key][0][-1], 2022)
        self.assertEqual(self.due(date(2026, 12, 31))[key][0][-1], 2022)

    def test_the_disposal_page_lists_event_rules_for_the_secretary_to_judge(self):
        with at(date(2026, 12, 31)):
            self.client.force_login(self.lan)
            response = self.client.get(reverse("documents:record-disposal"))
        self.assertEqual(
            [series.item.name for series in response.context["due"]],
            [KEPT_3_YEARS["name"], UNTIL_SUPERSEDED["name"], AFTER_CONTRACT["name"]],
        )
        self.assertContains(response, "02 năm kể từ khi kết thúc hợp đồng")
        self.assertContains(response, "2015–2023")
        self.assertNotContains(response, PERMANENT["name"])


class DisposalServiceTests(RetentionRulesTestCase):
    def dispose(self, record: dict, year: int, document=None):
        return record_disposal_register(
            document=document or self.procedure, by=self.lan, record_name=record["name"], year=year
        )

    def test_n_years_go_once_their_years_have_passed(self):
        with at(date(2026, 1, 1)):
            self.assertEqual(self.dispose(KEPT_3_YEARS, 2022).disposed_on, date(2026, 1, 1))
            with self.assertRaisesMessage(ValidationError, "2026"):
                self.dispose(KEPT_3_YEARS, 2023)

    def test_until_superseded_goes_only_for_the_years_of_the_superseded_issue(self):
        with at(date(2026, 12, 31)):
            self.dispose(UNTIL_SUPERSEDED, 2021)
            with self.assertRaises(ValidationError):
                self.dispose(UNTIL_SUPERSEDED, 2022)
            with self.assertRaises(ValidationError):
                self.dispose(UNTIL_SUPERSEDED, 2015, document=self.first_only)
        self.assertEqual(
            list(RecordDisposal.objects.values_list("record_name", "year")),
            [(UNTIL_SUPERSEDED["name"], 2021)],
        )

    def test_n_years_after_an_event_is_the_secretarys_call_from_the_earliest_year(self):
        with at(date(2026, 1, 1)):
            self.dispose(AFTER_CONTRACT, 2023)
            with self.assertRaisesMessage(ValidationError, "02 năm kể từ khi kết thúc hợp đồng"):
                self.dispose(AFTER_CONTRACT, 2024)

    def test_permanent_records_are_never_disposed_of(self):
        with at(date(2026, 12, 31)), self.assertRaisesMessage(ValidationError, "vĩnh viễn"):
            self.dispose(PERMANENT, 2015)
        self.assertFalse(RecordDisposal.objects.exists())


class RetentionInTheDraftTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Hùng, drafter of Sở Tư pháp, writing his draft in the form.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.document = make_document(cls.agency, cls.hung, "Quy trình cấp phiếu lý lịch tư pháp")
        cls.revision = cls.document.revisions.get()

    def post(self, **record):
        data = {
            "purpose": "Quy định trình tự.",
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-0-content": "Tiếp nhận hồ sơ",
            "steps-0-time_text": "4 giờ",
            "steps-0-duration_days": "0,5",
            "records-TOTAL_FORMS": "1",
            "records-INITIAL_FORMS": "0",
        }
        data |= {f"records-0-{name}": value for name, value in record.items()}
        self.client.force_login(self.hung)
        return self.client.post(reverse("documents:revision-edit", args=[self.revision.pk]), data)

    def test_the_form_saves_the_rule_and_the_time_as_written(self):
        response = self.post(
            name="Hợp đồng dịch vụ bảo trì",
            retention="years_after_event",
            retention_years="2",
            retention_event="kể từ khi kết thúc hợp đồng",
        )
        self.assertRedirects(
            response, reverse("documents:revision-detail", args=[self.revision.pk])
        )
        item = self.revision.records.get()
        self.assertEqual(item.retention_display, "02 năm kể từ khi kết thúc hợp đồng")
        step = self.revision.steps.get()
        self.assertEqual((step.time_text, str(step.duration_days)), ("4 giờ", "0.5"))
        page = self.client.get(reverse("documents:revision-detail", args=[self.revision.pk]))
        self.assertContains(page, "4 giờ")
        self.assertContains(page, "02 năm kể từ khi kết thúc hợp đồng")

    def test_a_rule_in_years_without_its_years_is_refused_and_nothing_is_saved(self):
        response = self.post(name="Sổ theo dõi", retention="years", retention_years="")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["records"].forms[0].errors["retention_years"])
        self.assertFalse(self.revision.records.exists())
        self.assertFalse(self.revision.steps.exists())

    def test_a_row_without_a_rule_keeps_its_years_or_is_permanent(self):
        flow.revision_update_content(
            revision=self.revision,
            by=self.hung,
            records=[
                {"name": "Sổ theo dõi", "keeper": "Văn phòng", "retention_years": 5},
                {"name": "Quyết định ban hành", "keeper": "Văn thư", "retention_years": None},
            ],
        )
        self.assertEqual(
            list(self.revision.records.values_list("retention", "retention_years")),
            [("years", 5), ("permanent", None)],
        )

    def test_the_service_refuses_a_rule_in_years_without_years(self):
        with self.assertRaises(ValidationError):
            flow.revision_update_content(
                revision=self.revision,
                by=self.hung,
                records=[{"name": "Sổ theo dõi", "retention": "years_after_event"}],
            )
        self.assertFalse(self.revision.records.exists())

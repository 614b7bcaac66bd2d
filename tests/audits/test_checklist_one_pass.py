"""The checklist answered in one pass: every item saved at once through one service call,
one item saved without leaving the page, the place kept, and what is still unanswered."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse

from audits.models import Audit, ChecklistItem, Finding
from audits.services import checklists, findings
from qms.agencies.roles import Role
from tests.helpers import count_queries, make_agency, make_notified_audit, make_unit, make_user

R = ChecklistItem.Result
EVIDENCE = "Sổ theo dõi hồ sơ tháng 6/2026: 25 hồ sơ, đều ghi ngày trả kết quả"


class ChecklistFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        cls.office = make_unit(cls.agency, "Văn phòng Sở")
        cls.legal = make_unit(cls.agency, "Phòng Hành chính tư pháp")
        # Lan, ISO secretary: keeps the programme, is not on the team, answers nothing.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY], unit=cls.office)
        # Minh, the leader.
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER], unit=cls.office)
        # Hùng, internal auditor of the Văn phòng, lead auditor of the audit.
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.AUDITOR], unit=cls.office)
        # Dũng, head of the legal unit, auditee.
        cls.dung = make_user("Võ Văn Dũng", cls.agency, [Role.STAFF], unit=cls.legal)
        # Tuấn, auditor and secretary of Sở Y tế, who must never see Sở Tư pháp's audits.
        other = make_agency("Sở Y tế")
        cls.tuan = make_user("Ngô Anh Tuấn", other, [Role.ISO_SECRETARY, Role.AUDITOR])
        cls.audit = make_notified_audit(
            cls.agency,
            secretary=cls.lan,
            approver=cls.minh,
            lead=cls.hung,
            auditee=cls.dung,
            units=[cls.legal],
        )
        for question in (
            "Phiếu kiểm soát quá trình giải quyết hồ sơ có ghi đủ ngày chuyển?",
            "Công chức một cửa có dùng đúng lần ban hành của biểu mẫu?",
        ):
            checklists.checklist_item_add(audit=cls.audit, by=cls.hung, question=question)

    def items(self) -> list[ChecklistItem]:
        return list(self.audit.checklist.order_by("order"))

    def fields(self, answers: dict[ChecklistItem, tuple[str, str]]) -> dict[str, str]:
        data = {}
        for item, (result, evidence) in answers.items():
            data[f"{item.pk}-result"], data[f"{item.pk}-evidence"] = result, evidence
        return data


class AnswerManyServiceTests(ChecklistFixture):
    def test_many_items_are_answered_in_one_call_with_their_history(self):
        first, second = self.items()
        changed = checklists.checklist_answer_many(
            audit=self.audit,
            by=self.hung,
            answers={first.pk: (R.CONFORMING, EVIDENCE), second.pk: (R.NOT_APPLICABLE, "")},
        )
        self.assertEqual({item.pk for item in changed}, {first.pk, second.pk})
        first.refresh_from_db()
        self.assertEqual(
            (first.result, first.evidence, first.answered_by), (R.CONFORMING, EVIDENCE, self.hung)
        )
        latest = first.history.latest()
        self.assertEqual(latest.history_user, self.hung)
        self.assertIn(str(R.CONFORMING.label), latest.history_change_reason)

    def test_an_unchanged_answer_writes_nothing(self):
        first, _second = self.items()
        checklists.checklist_answer(
            item=first, by=self.hung, result=R.CONFORMING, evidence=EVIDENCE
        )
        rows = first.history.count()
        changed = checklists.checklist_answer_many(
            audit=self.audit, by=self.hung, answers={first.pk: (R.CONFORMING, EVIDENCE)}
        )
        self.assertEqual(changed, [])
        self.assertEqual(first.history.count(), rows)

    def test_one_item_in_error_saves_nothing_and_names_the_item(self):
        first, second = self.items()
        with self.assertRaises(ValidationError) as refused:
            checklists.checklist_answer_many(
                audit=self.audit,
                by=self.hung,
                answers={first.pk: (R.CONFORMING, EVIDENCE), second.pk: (R.NONCONFORMING, " ")},
            )
        self.assertEqual(list(refused.exception.error_dict), [second.pk])
        self.assertFalse(self.audit.checklist.exclude(result="").exists())

    def test_only_auditors_of_the_team_answer(self):
        first, _second = self.items()
        for outsider in (self.lan, self.dung, self.tuan):
            with self.subTest(user=outsider.username), self.assertRaises(PermissionDenied):
                checklists.checklist_answer_many(
                    audit=self.audit, by=outsider, answers={first.pk: (R.CONFORMING, EVIDENCE)}
                )
        self.assertFalse(self.audit.checklist.exclude(result="").exists())

    def test_an_item_of_another_audit_is_refused(self):
        other = make_notified_audit(
            self.agency,
            secretary=self.lan,
            approver=self.minh,
            lead=self.hung,
            auditee=self.dung,
            units=[self.legal],
        )
        stranger = checklists.checklist_item_add(
            audit=other, by=self.hung, question="Sổ công văn đến có ghi người xử lý?"
        )
        with self.assertRaises(ValidationError):
            checklists.checklist_answer_many(
                audit=self.audit, by=self.hung, answers={stranger.pk: (R.CONFORMING, EVIDENCE)}
            )
        stranger.refresh_from_db()
        self.assertEqual(stranger.result, "")

    def test_not_assessed_yet_clears_an_answer_unless_a_finding_cites_it(self):
        first, second = self.items()
        for item in (first, second):
            checklists.checklist_answer(
                item=item, by=self.hung, result=R.NONCONFORMING, evidence=EVIDENCE
            )
        checklists.checklist_answer(item=first, by=self.hung, result="", evidence="")
        first.refresh_from_db()
        self.assertEqual((first.result, first.answered_by), ("", None))
        findings.finding_record(
            audit=self.audit,
            by=self.hung,
            grade=Finding.Grade.MINOR,
            statement="Phiếu kiểm soát không ghi ngày chuyển hồ sơ",
            evidence=EVIDENCE,
            clause=self.audit.clauses.first(),
            unit=self.legal,
            checklist_item=second,
        )
        with self.assertRaises(ValidationError):
            checklists.checklist_answer(item=second, by=self.hung, result="", evidence="")


class ChecklistPageTests(ChecklistFixture):
    def url(self) -> str:
        return reverse("audits:audit-checklist", args=[self.audit.pk])

    def test_saving_all_at_once_returns_to_the_progress(self):
        first, second = self.items()
        self.client.force_login(self.hung)
        response = self.client.post(
            self.url(),
            self.fields({first: (R.CONFORMING, EVIDENCE), second: (R.OBSERVATION, EVIDENCE)}),
        )
        self.assertRedirects(response, self.url() + "#progress", fetch_redirect_response=False)
        self.assertEqual(
            list(self.audit.checklist.order_by("order").values_list("result", flat=True)),
            [R.CONFORMING, R.OBSERVATION],
        )

    def test_an_error_comes_back_with_what_was_typed(self):
        first, second = self.items()
        self.client.force_login(self.hung)
        response = self.client.post(
            self.url(),
            self.fields({first: (R.CONFORMING, EVIDENCE), second: (R.NONCONFORMING, "")}),
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, EVIDENCE, status_code=400)
        self.assertContains(response, f'id="errors-{second.pk}" data-errors><div>', status_code=400)
        self.assertFalse(self.audit.checklist.exclude(result="").exists())

    def test_an_unknown_result_is_refused_on_its_item(self):
        first, _second = self.items()
        self.client.force_login(self.hung)
        response = self.client.post(self.url(), self.fields({first: ("tot", EVIDENCE)}))
        self.assertContains(response, f'id="errors-{first.pk}" data-errors><div>', status_code=400)
        first.refresh_from_db()
        self.assertEqual(first.result, "")

    def test_one_item_saved_without_script_comes_back_to_its_anchor(self):
        _first, second = self.items()
        self.client.force_login(self.hung)
        response = self.client.post(
            reverse("audits:checklistitem-answer", args=[second.pk]),
            self.fields({second: (R.CONFORMING, EVIDENCE)}),
        )
        self.assertRedirects(
            response, self.url() + f"#item-{second.order}", fetch_redirect_response=False
        )

    def test_one_item_saved_by_the_script_answers_the_progress_in_json(self):
        first, second = self.items()
        self.client.force_login(self.hung)
        response = self.client.post(
            reverse("audits:checklistitem-answer", args=[first.pk]),
            self.fields({first: (R.CONFORMING, EVIDENCE)}),
            headers={"accept": "application/json"},
        )
        body = response.json()
        self.assertEqual(body["order"], first.order)
        self.assertEqual(body["result"], str(R.CONFORMING.label))
        self.assertEqual((body["unanswered"], body["next"]), (1, second.order))
        refused = self.client.post(
            reverse("audits:checklistitem-answer", args=[second.pk]),
            self.fields({second: (R.NONCONFORMING, "")}),
            headers={"accept": "application/json"},
        )
        self.assertEqual(refused.status_code, 400)
        self.assertTrue(refused.json()["errors"])

    def test_the_page_counts_the_unanswered_and_links_the_next(self):
        first, second = self.items()
        checklists.checklist_answer(
            item=first, by=self.hung, result=R.CONFORMING, evidence=EVIDENCE
        )
        self.client.force_login(self.hung)
        response = self.client.get(self.url())
        self.assertEqual(response.context["progress"].unanswered, 1)
        self.assertContains(response, f'href="#item-{second.order}"')
        # The audit cannot be finished yet: its unanswered item is marked.
        self.assertContains(response, "qms-checklist-open")
        self.assertContains(
            response, f'id="item-{second.order}" class="qms-card qms-checklist-item qms-unanswered"'
        )
        # Removing an item sits in one folded place, not under every question.
        content = response.content.decode()
        self.assertEqual(content.count("/remove/"), 1)
        self.assertLess(content.index("<details"), content.index("/remove/"))

    def test_a_refused_completion_returns_to_the_progress(self):
        self.client.force_login(self.hung)
        response = self.client.post(reverse("audits:audit-complete", args=[self.audit.pk]))
        self.assertRedirects(response, self.url() + "#progress", fetch_redirect_response=False)
        self.assertEqual(Audit.objects.get(pk=self.audit.pk).status, Audit.Status.NOTIFIED)

    def test_the_secretary_reads_but_answers_nothing(self):
        first, _second = self.items()
        self.client.force_login(self.lan)
        self.assertNotContains(self.client.get(self.url()), "Save item")
        response = self.client.post(self.url(), self.fields({first: (R.CONFORMING, EVIDENCE)}))
        self.assertEqual(response.status_code, 403)
        first.refresh_from_db()
        self.assertEqual(first.result, "")

    def test_another_agency_gets_a_404(self):
        first, _second = self.items()
        self.client.force_login(self.tuan)
        data = self.fields({first: (R.CONFORMING, EVIDENCE)})
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.client.post(self.url(), data).status_code, 404)
        answer = reverse("audits:checklistitem-answer", args=[first.pk])
        self.assertEqual(self.client.post(answer, data).status_code, 404)
        first.refresh_from_db()
        self.assertEqual(first.result, "")

    def test_the_page_query_count_does_not_grow_with_items(self):
        self.client.force_login(self.hung)

        def grow_to(n):
            for number in range(self.audit.checklist.count(), n):
                item = checklists.checklist_item_add(
                    audit=self.audit,
                    by=self.hung,
                    question=f"Hồ sơ số {number + 1} có đủ thành phần?",
                )
                checklists.checklist_answer(
                    item=item, by=self.hung, result=R.CONFORMING, evidence=EVIDENCE
                )

        grow_to(5)
        five = count_queries(lambda: self.client.get(self.url()))
        grow_to(30)
        thirty = count_queries(lambda: self.client.get(self.url()))
        self.assertEqual(five, thirty)

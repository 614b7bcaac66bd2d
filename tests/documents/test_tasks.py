from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from documents.services.changes import change_request_create
from documents.services.distribution import distribution_add
from documents.services.documents import document_update
from documents.services.external import external_document_end, external_document_save
from qms.agencies.roles import Role
from qms.lib.tasks import SHOWN
from tests.helpers import count_queries, make_agency, make_effective_document, make_user


class SecretaryTaskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = make_agency("Sở Tư pháp")
        # Lan, ISO secretary, whose list gathers what the agency's documents need.
        cls.lan = make_user("Nguyễn Thị Lan", cls.agency, [Role.ISO_SECRETARY])
        cls.hung = make_user("Trần Văn Hùng", cls.agency, [Role.DRAFTER])
        cls.mai = make_user("Lê Thị Mai", cls.agency, [Role.REVIEWER])
        cls.minh = make_user("Phạm Văn Minh", cls.agency, [Role.APPROVER])
        # Hoa, staff: her list stays empty.
        cls.hoa = make_user("Đỗ Thị Hoa", cls.agency, [Role.STAFF])

    def effective(self, title):
        return make_effective_document(
            self.agency, drafter=self.hung, reviewer=self.mai, approver=self.minh, title=title
        )

    def test_the_secretary_sees_change_requests_and_documents_citing_replaced_law(self):
        decree = external_document_save(
            agency=self.agency,
            by=self.lan,
            kind="decree",
            number="61/2018/NĐ-CP",
            title="Nghị định về thực hiện cơ chế một cửa",
        )
        document = self.effective("Quy trình tiếp nhận hồ sơ một cửa")
        document_update(document=document, by=self.lan, reason="Bổ sung căn cứ", cited=[decree])
        change_request_create(document=document, by=self.hoa, reason="Thời hạn giải quyết thay đổi")
        external_document_end(external=decree, by=self.lan, status="replaced")
        self.client.force_login(self.lan)
        response = self.client.get(reverse("home"))
        titles = [group.title for group in response.context["task_groups"]]
        self.assertIn("Yêu cầu sửa đổi chờ quyết định", titles)
        self.assertContains(response, "61/2018/NĐ-CP")
        self.client.force_login(self.hoa)
        self.assertEqual(self.client.get(reverse("home")).context["task_count"], 0)

    def test_documents_due_for_review_appear_in_time(self):
        document = self.effective("Quy trình kiểm soát hồ sơ")
        # Distributed, so that only its review can bring it to the list.
        distribution_add(revision=document.effective_revision, by=self.lan, users=[self.hoa])
        self.client.force_login(self.lan)
        self.assertNotContains(self.client.get(reverse("home")), document.code)
        document.review_due = timezone.localdate() + timedelta(days=10)
        document.save(update_fields=["review_due"])
        self.assertContains(self.client.get(reverse("home")), document.code)

    def test_my_tasks_query_count_does_not_grow(self):
        self.client.force_login(self.lan)
        few = count_queries(lambda: self.client.get(reverse("home")))
        for index in range(SHOWN + 2):
            document = self.effective(f"Quy trình số {index}")
            change_request_create(document=document, by=self.hoa, reason="Đề nghị sửa")
            Document.objects.get(pk=document.pk)
        self.assertEqual(count_queries(lambda: self.client.get(reverse("home"))), few)

    def test_a_long_group_shows_its_first_items_and_how_many_wait_in_all(self):
        today = timezone.localdate()
        for index in range(SHOWN + 3):
            document = self.effective(f"Quy trình số {index:02}")
            document.review_due = today + timedelta(days=index)
            document.save(update_fields=["review_due"])
        self.client.force_login(self.lan)
        response = self.client.get(reverse("home"))
        [group] = [
            g for g in response.context["task_groups"] if g.title == "Tài liệu đến hạn rà soát"
        ]
        # The nearest dates first, then the true count and the way to the full list.
        self.assertEqual(len(group.items), SHOWN)
        self.assertEqual(group.items[0].due, today)
        self.assertEqual((group.count, group.more), (SHOWN + 3, 3))
        self.assertContains(response, f'<span class="badge text-bg-secondary">{SHOWN + 3}</span>')
        self.assertContains(response, reverse("documents:review-due"))
        self.assertContains(response, f"Xem tất cả {SHOWN + 3}")
        # Each is also approved and given to nobody yet: the page's total counts both lists.
        self.assertEqual(response.context["task_count"], 2 * (SHOWN + 3))

"""Who may distribute an issue, acknowledge it and remind its readers: for every status (and
every stage of reading) and every kind of user, ``distribution_allowed_actions`` agrees with
the services, and the distribution page and the receipt register show the buttons it allows."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from documents.models import Revision
from documents.services import revisions as flow
from documents.services.distribution import (
    acknowledgement_record,
    acknowledgement_remind,
    distribution_add,
)
from documents.workflow import DISTRIBUTION_CHECKS, distribution_allowed_actions
from qms.agencies.roles import Role
from tests.helpers import (
    AllowedActionsMixin,
    button_to,
    make_document,
    make_effective_document,
    make_user,
    make_workflow_cast,
    withdraw_effective,
)


class DistributionAllowedActionsTests(AllowedActionsMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.cast = cast = make_workflow_cast()
        # Vân, staff, is never a recipient: the ISO secretary can always add her.
        cls.van = make_user("Lý Thị Vân", cast.agency, [Role.STAFF])
        cls.states = cls._build_states()

    @classmethod
    def _effective(cls, title: str, *, readers=(), read_by=()) -> Revision:
        cast = cls.cast
        document = make_effective_document(
            cast.agency, drafter=cast.hung, reviewer=cast.mai, approver=cast.minh, title=title
        )
        revision = document.revisions.get()
        if readers:
            distribution_add(revision=revision, by=cast.lan, users=list(readers))
        for person in read_by:
            acknowledgement_record(revision=revision, by=person)
        return revision

    @classmethod
    def _build_states(cls) -> dict[str, Revision]:
        cast = cls.cast
        draft = make_document(cast.agency, cast.hung, "Quy trình đang soạn").revisions.get()
        approved = make_document(cast.agency, cast.hung, "Quy trình hiệu lực sau").revisions.get()
        flow.revision_update_content(
            revision=approved, by=cast.hung, purpose="Thống nhất.", body="Nội dung."
        )
        flow.revision_submit(
            revision=approved, by=cast.hung, reviewers=[cast.mai], approver=cast.minh
        )
        flow.revision_review_pass(revision=approved, by=cast.mai)
        flow.revision_approve(
            revision=approved,
            by=cast.minh,
            effective_date=timezone.localdate() + timedelta(days=10),
        )
        distribution_add(revision=approved, by=cast.lan, users=[cast.hoa])
        withdrawn = cls._effective("Quy trình bị bãi bỏ", readers=[cast.hoa])
        withdraw_effective(withdrawn, secretary=cast.lan, leader=cast.minh, reason="Bãi bỏ TTHC")
        return {
            "draft": draft,
            "approved and distributed": approved,
            "effective, not distributed": cls._effective("Quy trình chưa phân phối"),
            "effective, nobody read": cls._effective(
                "Quy trình chưa ai đọc", readers=[cast.hoa, cast.mai]
            ),
            "effective, half read": cls._effective(
                "Quy trình một nửa đã đọc", readers=[cast.hoa, cast.mai], read_by=[cast.hoa]
            ),
            "effective, all read": cls._effective(
                "Quy trình đã đọc hết", readers=[cast.hoa, cast.mai], read_by=[cast.hoa, cast.mai]
            ),
            "obsolete": withdrawn,
        }

    def fresh(self, name: str) -> Revision:
        return Revision.objects.select_related("document__agency").get(pk=self.states[name].pk)

    def calls(self):
        return {
            "distribute": lambda revision, by: distribution_add(
                revision=revision, by=by, users=[self.van]
            ),
            "acknowledge": lambda revision, by: acknowledgement_record(revision=revision, by=by),
            "remind": lambda revision, by: acknowledgement_remind(revision=revision, by=by),
        }

    def test_the_names_are_those_of_the_services(self):
        self.assertEqual(set(self.calls()), set(DISTRIBUTION_CHECKS))

    def test_allowed_actions_agree_with_the_services(self):
        self.assert_allowed_agrees_with_services(
            users=self.cast.roles,
            states=self.states,
            fresh=self.fresh,
            allowed_actions=distribution_allowed_actions,
            calls=self.calls(),
        )

    def test_a_few_answers_spelled_out(self):
        lan, hoa, mai = self.cast.lan, self.cast.hoa, self.cast.mai
        self.assertEqual(
            distribution_allowed_actions(self.fresh("effective, half read"), lan),
            {"distribute", "remind"},
        )
        self.assertEqual(
            distribution_allowed_actions(self.fresh("effective, half read"), mai), {"acknowledge"}
        )
        self.assertEqual(
            distribution_allowed_actions(self.fresh("effective, half read"), hoa), set()
        )
        self.assertEqual(
            distribution_allowed_actions(self.fresh("approved and distributed"), hoa), set()
        )
        self.assertEqual(
            distribution_allowed_actions(self.fresh("effective, all read"), lan), {"distribute"}
        )
        self.assertEqual(distribution_allowed_actions(self.fresh("obsolete"), lan), set())

    def test_the_distribution_page_shows_a_button_exactly_when_allowed(self):
        self.assert_page_shows_allowed_buttons(
            users=self.cast.roles,
            states=self.states,
            fresh=self.fresh,
            allowed_actions=lambda revision, user: (
                distribution_allowed_actions(revision, user) - {"remind"}
            ),
            page_url=lambda revision: reverse(
                "documents:revision-distribution", args=[revision.pk]
            ),
            buttons={
                "distribute": lambda revision: 'id="distribution-form"',
                "acknowledge": button_to("documents:revision-acknowledge"),
            },
        )

    def test_the_receipt_register_offers_a_reminder_exactly_when_allowed(self):
        remind = button_to("documents:revision-readers-remind")
        for role, user in self.cast.roles.items():
            self.client.force_login(user)
            for name in self.states:
                revision = self.fresh(name)
                response = self.client.get(
                    reverse("documents:revision-readers", args=[revision.pk])
                )
                if response.status_code != 200:
                    continue
                with self.subTest(role=role, state=name):
                    allowed = distribution_allowed_actions(revision, user)
                    self.assertEqual(
                        "remind" in allowed, remind(revision) in response.content.decode()
                    )

"""Distribution of a revision to units and people, and their "Đã đọc và hiểu".

Who is a recipient is read in ``documents.selectors.distribution``, the one definition of a
recipient that these writes and the pages share.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from documents.models import Acknowledgement, Distribution, Document, ReadingReminder, Revision
from documents.selectors.distribution import previous_distributed, recipients_of
from documents.services.revisions import revision_approve
from documents.workflow import (
    check_revision_acknowledge,
    check_revision_distribute,
    check_revision_remind,
)
from qms.agencies.models import User
from qms.lib.mail import send_after_commit

S = Revision.Status


def _locked(revision: Revision) -> Revision:
    Document.objects.select_for_update().get(pk=revision.document_id)
    return (
        Revision.objects.select_for_update().select_related("document__agency").get(pk=revision.pk)
    )


@transaction.atomic
def distribution_add(*, revision: Revision, by: User, units=(), users=()) -> list[Distribution]:
    """Distribute an approved or effective revision to ``units`` and ``users`` of its agency
    (ISO secretary). Recipients who already have it are skipped; people newly reached get a
    mail after commit.

    Raises PermissionDenied without manage_documents, and ValidationError for a revision
    that is not approved or effective, a unit of another agency or no longer active, a
    person without a role in the agency, or when nobody new is chosen.
    """
    revision = _locked(revision)
    check_revision_distribute(revision, by)
    return _distribute(revision=revision, by=by, units=units, users=users)


def _distribute(*, revision: Revision, by: User, units, users) -> list[Distribution]:
    """The writes of ``distribution_add`` for a locked revision, once the caller has checked
    who ``by`` is (the ISO secretary, or the approver at approval)."""
    agency = revision.document.agency
    units, users = list(dict.fromkeys(units)), list(dict.fromkeys(users))
    if any(unit.agency_id != agency.pk or not unit.is_active for unit in units):
        raise ValidationError({"units": _("Choose active units of this agency.")})
    members = set(
        User.objects.filter(
            pk__in=[user.pk for user in users],
            is_active=True,
            groups__agency_role__agency=agency,
        ).values_list("pk", flat=True)
    )
    if any(user.pk not in members for user in users):
        raise ValidationError({"users": _("Choose active people who hold a role in this agency.")})
    have = set(revision.distributions.values_list("unit_id", "user_id"))
    rows = [
        Distribution(revision=revision, unit=unit, distributed_by=by)
        for unit in units
        if (unit.pk, None) not in have
    ] + [
        Distribution(revision=revision, user=user, distributed_by=by)
        for user in users
        if (None, user.pk) not in have
    ]
    if not rows:
        raise ValidationError(_("Every chosen recipient already has this revision."))
    before = set(recipients_of(revision).values_list("pk", flat=True))
    try:
        with transaction.atomic():
            Distribution.objects.bulk_create(rows)
    except IntegrityError:
        raise ValidationError(_("Every chosen recipient already has this revision.")) from None
    # The overview of acknowledgements lists the document once its effective issue goes out.
    Document.objects.filter(effective_revision=revision).update(is_distributed=True)
    reached = list(recipients_of(revision).exclude(pk__in=before))
    send_after_commit(
        recipients=reached,
        template="emails/revision_distributed.txt",
        context={
            "revision": revision,
            "by": by,
            "effective": revision.status == S.EFFECTIVE,
        },
    )
    return rows


@transaction.atomic
def distribution_copy_previous(*, revision: Revision, by: User) -> list[Distribution]:
    """Distribute ``revision`` to the units and people of the latest distributed earlier
    issue (those still active and, for people, still holding a role in the agency).

    Raises ValidationError when there is no such issue or nobody new to add.
    """
    previous = previous_distributed(revision)
    if previous is None:
        raise ValidationError(_("No earlier issue has recipients to copy."))
    agency_id = revision.document.agency_id
    rows = previous.distributions.select_related("unit", "user")
    units = [row.unit for row in rows if row.unit and row.unit.is_active]
    members = set(
        User.objects.filter(is_active=True, groups__agency_role__agency_id=agency_id).values_list(
            "pk", flat=True
        )
    )
    users = [row.user for row in rows if row.user and row.user.pk in members]
    return distribution_add(revision=revision, by=by, units=units, users=users)


@transaction.atomic
def acknowledgement_record(*, revision: Revision, by: User) -> Acknowledgement:
    """Record that ``by`` has read and understood ``revision`` ("Đã đọc và hiểu").

    Raises PermissionDenied for someone who is not a recipient, and ValidationError for a
    revision that is not effective or one already acknowledged.
    """
    revision = Revision.objects.select_related("document").get(pk=revision.pk)
    check_revision_acknowledge(revision, by)
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(revision=revision, user=by)
    except IntegrityError:
        # Two clicks at once: the first one won.
        raise ValidationError(_("You have already acknowledged this revision.")) from None


@transaction.atomic
def revision_approve_distributing(
    *,
    revision: Revision,
    by: User,
    comment: str = "",
    effective_date: date | None = None,
    units=(),
    users=(),
) -> tuple[Revision, list[Distribution]]:
    """Approve ``revision`` (``revision_approve``) and, in the same transaction, distribute
    it to ``units`` and ``users`` as its approver chose at approval (usually those of the
    previous issue). Choosing nobody approves without distributing: the issue then waits in
    the ISO secretary's "Việc của tôi" until it is distributed.

    Raises what ``revision_approve`` and ``distribution_add`` raise; nothing is approved when
    the distribution is refused.
    """
    revision = revision_approve(
        revision=revision, by=by, comment=comment, effective_date=effective_date
    )
    if not units and not users:
        return revision, []
    return revision, _distribute(revision=_locked(revision), by=by, units=units, users=users)


@transaction.atomic
def acknowledgement_remind(*, revision: Revision, by: User) -> int:
    """Mail every recipient of an effective ``revision`` who has not read it yet ("Nhắc
    lại"); returns how many were reminded.

    Raises PermissionDenied without manage_documents (a read-only role reminds nobody), and
    ValidationError for a revision that is not effective or when everyone has read it.
    """
    revision = _locked(revision)
    check_revision_remind(revision, by)
    unread = list(recipients_of(revision).filter(acknowledged=False))
    send_after_commit(
        recipients=unread,
        template="emails/acknowledgement_reminder.txt",
        context={"revision": revision, "by": by},
    )
    ReadingReminder.objects.create(revision=revision, sent_by=by, recipients=len(unread))
    return len(unread)

"""Who hears about what in the improvement cycle; every message goes out after commit."""

from datetime import date

from audits.models import Action, Audit, AuditProgramme, Finding, ManagementReview, Nonconformity
from qms.agencies.models import User
from qms.agencies.permissions import holders_of
from qms.agencies.selectors import people_of_unit
from qms.lib.mail import send_after_commit


def nonconformity_registered(nonconformity: Nonconformity, *, by: User) -> None:
    """The ISO secretaries hear of a nonconformity someone else registered."""
    send_after_commit(
        recipients=holders_of(nonconformity.agency, "manage_audits").exclude(pk=by.pk),
        template="emails/nonconformity_registered.txt",
        context={"nonconformity": nonconformity},
    )


def nonconformity_to_verify(nonconformity: Nonconformity) -> None:
    """Auditors and secretaries who own none of the actions may verify their effectiveness."""
    owners = nonconformity.actions.values_list("owner_id", flat=True)
    verifiers = User.objects.filter(
        groups__agencygroupobjectpermission__content_object=nonconformity.agency,
        groups__agencygroupobjectpermission__permission__codename__in=["audit", "manage_audits"],
        is_active=True,
    ).exclude(pk__in=owners)
    send_after_commit(
        recipients=verifiers.distinct(),
        template="emails/nonconformity_to_verify.txt",
        context={"nonconformity": nonconformity},
    )


def nonconformity_reopened(nonconformity: Nonconformity) -> None:
    send_after_commit(
        recipients=holders_of(nonconformity.agency, "manage_audits"),
        template="emails/nonconformity_reopened.txt",
        context={"nonconformity": nonconformity},
    )


def action_assigned(action: Action) -> None:
    if action.owner_id == action.created_by_id:
        return
    send_after_commit(
        recipients=[action.owner],
        template="emails/action_assigned.txt",
        context={"action": action, "parent": action.parent},
    )


def actions_reminder(owner: User, actions: list[Action], *, on: date) -> None:
    send_after_commit(
        recipients=[owner],
        template="emails/action_reminder.txt",
        context={
            "owner": owner,
            "overdue": [a for a in actions if a.due_on < on],
            "due_soon": [a for a in actions if a.due_on >= on],
        },
    )


def review_to_approve(review: ManagementReview) -> None:
    send_after_commit(
        recipients=holders_of(review.agency, "approve_documents").exclude(pk=review.prepared_by_id),
        template="emails/review_to_approve.txt",
        context={"review": review},
    )


def review_returned(review: ManagementReview, *, by: User, comment: str) -> None:
    send_after_commit(
        recipients=[review.prepared_by],
        template="emails/review_returned.txt",
        context={"review": review, "by": by, "comment": comment},
    )


def programme_to_approve(programme: AuditProgramme) -> None:
    send_after_commit(
        recipients=holders_of(programme.agency, "approve_documents"),
        template="emails/audit_programme_to_approve.txt",
        context={"programme": programme},
    )


def _audit_people(audit: Audit):
    """The team and the auditees of an audit, each once."""
    people = {assignment.auditor for assignment in audit.team.select_related("auditor")}
    return people | set(audit.auditees.all())


def audit_plan_sent(audit: Audit) -> None:
    send_after_commit(
        recipients=_audit_people(audit),
        template="emails/audit_plan.txt",
        context={"audit": audit, "team": audit.team.select_related("auditor")},
    )


def audit_reminder(audit: Audit, *, days: int) -> None:
    send_after_commit(
        recipients=_audit_people(audit),
        template="emails/audit_reminder.txt",
        context={"audit": audit, "days": days},
    )


def finding_recorded(finding: Finding) -> None:
    """The auditees of the unit (or, if the plan names none there, its people) hear of the
    finding they are to acknowledge."""
    people = people_of_unit(finding.unit)
    auditees = list(finding.audit.auditees.filter(pk__in=people.values("pk")))
    send_after_commit(
        recipients=auditees or people.filter(is_active=True),
        template="emails/audit_finding.txt",
        context={"finding": finding},
    )


def audit_report_to_approve(audit: Audit) -> None:
    team = audit.team.values_list("auditor_id", flat=True)
    send_after_commit(
        recipients=holders_of(audit.agency, "approve_documents").exclude(pk__in=team),
        template="emails/audit_report_to_approve.txt",
        context={"audit": audit},
    )

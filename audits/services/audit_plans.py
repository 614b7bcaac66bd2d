"""The plan of each audit in the yearly programme: its scope, dates, auditees and timetable,
sent to the auditees once the programme is approved and the team is complete; its reminders
and its cancellation.

Audits are planned in a programme that is not awaiting approval; a plan goes to the auditees
only once the programme is approved and the team is independent (invariant 4).
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audits import notifications
from audits.models import Audit, AuditProgramme, AuditReminder, ScheduleItem
from audits.services.checks import check_member, required_text
from audits.services.programmes import locked_programme, save_with_reason
from audits.workflow import (
    check_plannable,
    check_programme_plan,
    check_transition,
    is_lead_auditor,
)
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.agencies.selectors import unit_in
from qms.lib.text import nfc

P = AuditProgramme.Status
U = Audit.Status


def locked_audit(audit: Audit) -> Audit:
    """Re-read the audit under a row lock: every change of it and of its checklist, team and
    findings is serialised on it."""
    return (
        Audit.objects.select_for_update(of=("self",))
        .select_related("agency", "programme")
        .get(pk=audit.pk)
    )


def require_lead_or_secretary(audit: Audit, by: User) -> None:
    """The audit's lead auditor or the ISO secretary; PermissionDenied for anyone else."""
    if not is_lead_auditor(audit, by):
        require(by, "manage_audits", audit.agency)


def _check_plan_fields(agency: Agency, programme, start_on: date, end_on: date, units, documents):
    if end_on < start_on:
        raise ValidationError({"end_on": _("The audit cannot end before it starts.")})
    if start_on.year != programme.year:
        raise ValidationError(
            {
                "start_on": _("The audit must start in %(year)s, the programme's year.")
                % {"year": programme.year}
            }
        )
    if not units:
        raise ValidationError({"units": _("Choose at least one unit to audit.")})
    for unit in units:
        if unit.agency_id != agency.pk:
            raise ValidationError({"units": _("This belongs to another agency.")})
    for document in documents:
        if document.agency_id != agency.pk:
            raise ValidationError({"documents": _("This belongs to another agency.")})


def _check_clauses(version: str, clauses) -> None:
    """The clauses are of ``version``: the agency's edition for a new audit, the edition an
    audit was planned under when its plan changes."""
    if not clauses:
        raise ValidationError({"clauses": _("Choose the clauses the audit covers.")})
    if any(clause.version != version for clause in clauses):
        raise ValidationError(
            {
                "clauses": _("Choose clauses of %(version)s, the version this agency applies.")
                % {"version": f"TCVN ISO 9001:{version}"}
            }
        )


def _checked_locations(method: str, locations: str) -> str:
    """The locations, one per line; a remote or hybrid audit names where it meets online."""
    if method not in Audit.Method.values:
        raise ValidationError({"method": _("Choose how the audit is conducted.")})
    lines = [nfc(line.strip()) for line in locations.splitlines() if line.strip()]
    if method != Audit.Method.ON_SITE and not lines:
        raise ValidationError(
            {
                "locations": _(
                    "A remote or hybrid audit names where it meets online: the video meeting "
                    "and its link."
                )
            }
        )
    return "\n".join(lines)


@transaction.atomic
def audit_plan_create(
    *,
    programme: AuditProgramme,
    by: User,
    title: str,
    objectives: str,
    start_on: date,
    end_on: date,
    units,
    clauses,
    documents=(),
    auditees=(),
    scope_note: str = "",
    criteria: str = "",
    method: str = Audit.Method.ON_SITE,
    locations: str = "",
) -> Audit:
    """Add an audit to the programme with the next code of its year (ĐGNB-2026-03)."""
    programme = locked_programme(programme)
    agency = programme.agency
    check_programme_plan(programme, by)
    units, clauses, documents, auditees = (
        list(units),
        list(clauses),
        list(documents),
        list(auditees),
    )
    _check_plan_fields(agency, programme, start_on, end_on, units, documents)
    _check_clauses(agency.iso_version, clauses)
    for person in auditees:
        check_member(agency, auditees=person)
    number = (programme.audits.aggregate(top=Max("number"))["top"] or 0) + 1
    audit = Audit(
        programme=programme,
        agency=agency,
        number=number,
        code=f"ĐGNB-{programme.year}-{number:02}",
        title=nfc(required_text(title, "title", _("Give the audit a title."))),
        objectives=nfc(required_text(objectives, "objectives", _("State the objectives."))),
        scope_note=nfc(scope_note.strip()),
        criteria=nfc(criteria.strip()) or programme.criteria,
        iso_version=agency.iso_version,
        start_on=start_on,
        end_on=end_on,
        method=method,
        locations=_checked_locations(method, locations),
    )
    save_with_reason(audit, by, _("Audit planned"))
    audit.units.set(units)
    audit.clauses.set(clauses)
    audit.documents.set(documents)
    audit.auditees.set(auditees)
    return audit


@transaction.atomic
def audit_plan_update(
    *,
    audit: Audit,
    by: User,
    title: str,
    objectives: str,
    start_on: date,
    end_on: date,
    units,
    clauses,
    documents=(),
    auditees=(),
    scope_note: str = "",
    criteria: str = "",
    method: str = Audit.Method.ON_SITE,
    locations: str = "",
) -> Audit:
    """Change the plan before the audit is completed. A change of units that would make a team
    member audit their own unit without a justification is refused."""
    audit = locked_audit(audit)
    agency = audit.agency
    require(by, "manage_audits", agency)
    check_plannable(audit.programme)
    if audit.status not in Audit.PLANNING:
        raise ValidationError(_("The plan of a completed or cancelled audit no longer changes."))
    units, clauses, documents, auditees = (
        list(units),
        list(clauses),
        list(documents),
        list(auditees),
    )
    _check_plan_fields(agency, audit.programme, start_on, end_on, units, documents)
    _check_clauses(audit.iso_version, clauses)
    for person in auditees:
        check_member(agency, auditees=person)
    unit_ids = {unit.pk for unit in units}
    for assignment in audit.team.select_related("auditor__unit"):
        # The auditor's unit in this agency: a person may hold another unit elsewhere.
        own_unit = unit_in(assignment.auditor, agency)
        if own_unit is not None and own_unit.pk in unit_ids and not assignment.justification:
            raise ValidationError(
                {
                    "units": _(
                        "%(name)s would audit their own unit (%(unit)s). Remove them from "
                        "the team or justify the exception first."
                    )
                    % {"name": assignment.auditor, "unit": own_unit}
                }
            )
    audit.title = nfc(required_text(title, "title", _("Give the audit a title.")))
    audit.objectives = nfc(required_text(objectives, "objectives", _("State the objectives.")))
    audit.scope_note = nfc(scope_note.strip())
    audit.criteria = nfc(required_text(criteria, "criteria", _("State the audit criteria.")))
    audit.start_on, audit.end_on = start_on, end_on
    audit.method, audit.locations = method, _checked_locations(method, locations)
    save_with_reason(audit, by, _("Plan edited"))
    audit.units.set(units)
    audit.clauses.set(clauses)
    audit.documents.set(documents)
    audit.auditees.set(auditees)
    return audit


@transaction.atomic
def schedule_item_add(
    *,
    audit: Audit,
    by: User,
    on: date,
    starts_at,
    ends_at,
    activity: str,
    unit=None,
    auditors: str = "",
) -> ScheduleItem:
    """Add a line to the plan's timetable, within the audit's dates."""
    audit = locked_audit(audit)
    require(by, "manage_audits", audit.agency)
    if audit.status not in Audit.PLANNING:
        raise ValidationError(_("The plan of a completed or cancelled audit no longer changes."))
    if not audit.start_on <= on <= audit.end_on:
        raise ValidationError({"on": _("Choose a day between the audit's first and last day.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end time must be after the start time.")})
    if unit is not None and unit.agency_id != audit.agency_id:
        raise ValidationError({"unit": _("This belongs to another agency.")})
    item = ScheduleItem(
        audit=audit,
        on=on,
        starts_at=starts_at,
        ends_at=ends_at,
        unit=unit,
        activity=nfc(required_text(activity, "activity", _("Say what happens."))),
        auditors=nfc(auditors.strip()),
    )
    save_with_reason(item, by, _("Schedule item added"))
    return item


@transaction.atomic
def schedule_item_remove(*, item: ScheduleItem, by: User) -> None:
    audit = locked_audit(item.audit)
    require(by, "manage_audits", audit.agency)
    if audit.status not in Audit.PLANNING:
        raise ValidationError(_("The plan of a completed or cancelled audit no longer changes."))
    item._history_user = by
    item._change_reason = _("Schedule item removed")
    item.delete()


def plan_gaps(audit: Audit) -> list[str]:
    """What keeps the plan from going out, in words; empty when it may be sent."""
    gaps = []
    team = list(audit.team.all())
    if audit.programme.status != P.APPROVED:
        gaps.append(_("The programme has not been approved."))
    if not any(member.is_lead for member in team):
        gaps.append(_("Name a lead auditor."))
    if any(member.justification for member in team) and len(team) < 2:
        gaps.append(_("An auditor audits their own unit: the team needs a second auditor as well."))
    if not audit.auditees.exists():
        gaps.append(_("Name the auditees who receive the plan."))
    return gaps


@transaction.atomic
def audit_plan_send(*, audit: Audit, by: User) -> Audit:
    """Send the plan to the auditees and the team by e-mail (again, if it changed since)."""
    audit = locked_audit(audit)
    if audit.status not in Audit.PLANNING:
        raise ValidationError(_("The plan of a completed or cancelled audit is not sent again."))
    require_lead_or_secretary(audit, by)
    gaps = plan_gaps(audit)
    if gaps:
        raise ValidationError(gaps)
    resent = audit.status == U.NOTIFIED
    audit.status = U.NOTIFIED
    audit.plan_sent_at = timezone.now()
    save_with_reason(
        audit,
        by,
        _("Plan sent again") if resent else _("Plan sent to the auditees"),
        ["status", "plan_sent_at"],
    )
    notifications.audit_plan_sent(audit)
    return audit


@transaction.atomic
def audit_cancel(*, audit: Audit, by: User, reason: str) -> Audit:
    audit = locked_audit(audit)
    check_transition(audit, U.CANCELLED, by=by)
    audit.cancel_reason = nfc(required_text(reason, "reason", _("Say why the audit is cancelled.")))
    audit.status = U.CANCELLED
    save_with_reason(
        audit,
        by,
        _("Audit cancelled: %(reason)s") % {"reason": audit.cancel_reason},
        ["status", "cancel_reason"],
    )
    return audit


# Days before an audit's first day when the team and the auditees are reminded, each reminder
# covering the audits that start after the next one's window.
REMINDERS = ((14, 3), (3, 0))


def audits_remind(*, on: date | None = None) -> int:
    """Remind the team and the auditees of every planned audit starting in 14 or in 3 days.

    Run daily: each reminder goes out once (a second run on the same day sends nothing); a
    day missed by cron is caught up on the next run, and an audit planned less than 14 days
    ahead gets only the reminders still ahead of it. Returns the number of reminders sent.
    """
    on = on or timezone.localdate()
    sent = 0
    for days, after in REMINDERS:
        due = Audit.objects.filter(
            status__in=Audit.PLANNING,
            start_on__gt=on + timedelta(days=after),
            start_on__lte=on + timedelta(days=days),
        ).exclude(reminders__days_before=days)
        for audit in due.select_related("agency"):
            with transaction.atomic():
                AuditReminder.objects.create(audit=audit, days_before=days, sent_on=on)
                notifications.audit_reminder(audit, days=(audit.start_on - on).days)
            sent += 1
    return sent

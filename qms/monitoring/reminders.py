"""Reminders to agencies behind, and the weekly digest for the province's supervisors."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from qms.agencies.models import Agency
from qms.agencies.permissions import holders_of
from qms.lib.mail import send_after_commit
from qms.monitoring.models import MonitoringReminder
from qms.monitoring.selectors.coverage import ANNOUNCED, province_coverage
from qms.monitoring.selectors.status import STATUS_LABELS, STATUSES, AgencyStatus

# Neither an agency nor a province hears from the supervision more than once a week.
INTERVAL = timedelta(days=7)


def is_behind(row: AgencyStatus) -> bool:
    """Bound to apply ISO and not announced, or carrying a warning."""
    return (row.agency.iso_mandatory and row.status not in ANNOUNCED) or bool(row.warnings)


def _recent(kind: str, on: date) -> set[int]:
    return set(
        MonitoringReminder.objects.filter(kind=kind, sent_on__gt=on - INTERVAL).values_list(
            "agency_id", flat=True
        )
    )


def _remind_agencies(province: Agency, rows: list[AgencyStatus], on: date, recent: set[int]) -> int:
    sent = 0
    for row in rows:
        if not is_behind(row) or row.agency.pk in recent:
            continue
        send_after_commit(
            recipients=holders_of(row.agency, "manage_documents"),
            template="emails/monitoring_reminder.txt",
            context={"row": row, "province": province},
        )
        MonitoringReminder.objects.create(
            agency=row.agency, kind=MonitoringReminder.Kind.AGENCY, sent_on=on
        )
        sent += 1
    return sent


def _digest(province: Agency, rows: list[AgencyStatus], on: date) -> None:
    previous = (
        MonitoringReminder.objects.filter(agency=province, kind=MonitoringReminder.Kind.DIGEST)
        .order_by("-sent_on", "-pk")
        .first()
    )
    before = previous.statuses if previous else {}
    statuses = {str(row.agency.pk): row.status for row in rows}
    changes = [
        {
            "agency": row.agency.name,
            "before": STATUS_LABELS[before[str(row.agency.pk)]],
            "after": row.status_label,
        }
        for row in rows
        if str(row.agency.pk) in before and before[str(row.agency.pk)] != row.status
    ]
    counts = [(label, sum(1 for row in rows if row.status == key)) for key, label in STATUSES]
    send_after_commit(
        recipients=holders_of(province, "supervise"),
        template="emails/monitoring_digest.txt",
        context={
            "province": province,
            "on": on,
            "counts": counts,
            "total": len(rows),
            "changes": changes,
            "since": previous.sent_on if previous else None,
            "warned": sum(1 for row in rows if row.warnings),
        },
    )
    MonitoringReminder.objects.create(
        agency=province, kind=MonitoringReminder.Kind.DIGEST, sent_on=on, statuses=statuses
    )


@transaction.atomic
def monitoring_remind(*, on: date | None = None) -> tuple[int, int]:
    """Mail the ISO secretaries of agencies behind (at most weekly per agency) and the
    supervisors of each province their weekly digest: status counts and changes since the
    last digest. Returns (reminders, digests) sent; a second run in the week sends nothing."""
    on = on or timezone.localdate()
    reminded, digests = (
        _recent(MonitoringReminder.Kind.AGENCY, on),
        _recent(MonitoringReminder.Kind.DIGEST, on),
    )
    sent_reminders = sent_digests = 0
    for province in Agency.objects.filter(level=Agency.Level.PROVINCE, province__isnull=True):
        rows = province_coverage(province, as_of=on).rows
        sent_reminders += _remind_agencies(province, rows, on, reminded)
        if province.pk not in digests:
            _digest(province, rows, on)
            sent_digests += 1
    return sent_reminders, sent_digests

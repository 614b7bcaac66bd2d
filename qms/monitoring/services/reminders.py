"""Reminders about annual reports not yet submitted: 14 and 3 days before the deadline, then
each week after it; each occasion once per agency, whatever how often the command runs."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from qms.agencies.permissions import holders_of
from qms.lib.mail import send_after_commit
from qms.monitoring.models import AnnualReport, ReportReminder, ReportTemplate
from qms.monitoring.selectors.reports import reporting_agencies

EARLY, LAST_CALL = 14, 3


def occasion_for(days_left: int) -> str | None:
    """Which reminder is due with ``days_left`` days to the deadline (negative: late).

    Windows rather than exact days, so that a day the cron missed still sends its reminder.
    """
    if days_left > EARLY:
        return None
    if days_left > LAST_CALL:
        return "before_14"
    if days_left >= 0:
        return "before_3"
    return f"late_week_{(-days_left - 1) // 7 + 1}"


def annual_reports_remind(*, on: date | None = None) -> int:
    """Mail the ISO secretaries of every agency whose report is not submitted, for the
    occasion due today; returns how many agencies were reminded."""
    on = on or timezone.localdate()
    sent = 0
    for template in ReportTemplate.objects.select_related("province"):
        occasion = occasion_for((template.deadline - on).days)
        if occasion is None:
            continue
        done = set(
            template.reports.filter(status=AnnualReport.Status.SUBMITTED).values_list(
                "agency_id", flat=True
            )
        )
        already = set(
            template.reminders.filter(occasion=occasion).values_list("agency_id", flat=True)
        )
        for agency in reporting_agencies(template.province):
            if agency.pk in done or agency.pk in already:
                continue
            sent += _remind(template, agency, occasion, on)
    return sent


def _remind(template: ReportTemplate, agency, occasion: str, on: date) -> int:
    try:
        with transaction.atomic():
            # The row is the proof the occasion was served; a concurrent run hits the unique
            # constraint and sends nothing.
            ReportReminder.objects.create(
                template=template, agency=agency, occasion=occasion, sent_on=on
            )
            send_after_commit(
                recipients=holders_of(agency, "manage_documents"),
                template="emails/annual_report_reminder.txt",
                context={
                    "template": template,
                    "agency": agency,
                    "late": occasion.startswith("late"),
                },
            )
    except IntegrityError:
        return 0
    return 1

from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.agencies.models import Agency


class MonitoringReminder(models.Model):
    """A reminder sent to an agency behind, or a weekly digest sent for a province.

    ``statuses`` keeps the digest's status per agency id, so the next digest reports changes.
    """

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Reminder to an agency")
        DIGEST = "digest", _("Weekly digest")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="monitoring_reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_on = models.DateField()
    statuses = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("supervision reminder")
        verbose_name_plural = _("supervision reminders")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["agency", "kind", "sent_on"], name="monitoring_remind_idx")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.kind} · {self.sent_on:%d/%m/%Y}"

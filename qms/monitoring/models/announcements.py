"""Công bố HTQLCL phù hợp TCVN ISO 9001: the agency head's decision announcing the system."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, User


class AnnouncementQuerySet(models.QuerySet):
    def of_agency(self, agency: Agency):
        return self.filter(agency=agency)


class Announcement(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", _("First announcement")
        RENEWED = "renewed", _("Re-announcement")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="announcements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(
        _("reason for re-announcing"),
        blank=True,
        help_text=_("For a re-announcement: what changed (scope, version, merger)."),
    )
    decision_number = models.CharField(
        _("decision number and symbol"), max_length=100, help_text=_("For example 125/QĐ-STP.")
    )
    decided_on = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=150)
    iso_version = models.CharField(_("ISO version"), max_length=4)
    procedures = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("procedures in the scope"),
        related_name="announcements",
    )
    posted_on = models.DateField(
        _("posted at the agency on"),
        null=True,
        blank=True,
        help_text=_("The day the announcement was posted at the agency's office."),
    )
    file = models.FileField(_("signed decision (PDF)"), upload_to="announcements/%Y/")
    file_name = models.CharField(_("file name"), max_length=255)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[procedures])

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["agency", "decided_on"], name="announcement_agency_idx")]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.decided_on:%d/%m/%Y})"

    @property
    def iso_standard(self) -> str:
        return f"TCVN ISO 9001:{self.iso_version}"

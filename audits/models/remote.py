"""What a remote or hybrid audit adds to the fieldwork (ISO 19011:2026): the auditees'
consent to being recorded or having their screen captured (asked before any capture, Annex
A.16), and the evidence files attached to findings, each with the SHA-256 of its content so
that the report proves what was seen."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.models.audit_work import Finding
from audits.models.programmes import Audit
from qms.agencies.models import User


class RecordingConsent(models.Model):
    """An auditee's consent, given in the system, to be recorded or to have their screen
    captured during the audit. Withdrawing it stops new recordings; evidence captured while it
    stood keeps its link to it."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="consents"
    )
    given_by = models.ForeignKey(
        User, verbose_name=_("given by"), on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("given at"))
    scope = models.TextField(
        _("what it covers"),
        blank=True,
        help_text=_("For example: the video meeting of 14/05 and captures of the TTHC software."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent to recording")
        verbose_name_plural = _("consents to recording")
        ordering = ["audit", "given_at"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "given_by"], name="consent_once_per_auditee")
        ]

    def __str__(self) -> str:
        return f"{self.audit.code} {self.given_by}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class FindingEvidence(models.Model):
    """A file seen as evidence of a finding, stored with the SHA-256 of its content."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document or record")
        PHOTO = "photo", _("Photo")
        SCREEN_CAPTURE = "screen_capture", _("Screen capture")
        RECORDING = "recording", _("Recording")

    # Kinds that capture a person and so need their consent.
    NEEDS_CONSENT = (Kind.SCREEN_CAPTURE, Kind.RECORDING)

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.PROTECT, related_name="evidence_files"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="audit-evidence/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    consent = models.ForeignKey(
        RecordingConsent,
        verbose_name=_("consent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    added_by = models.ForeignKey(
        User, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["finding", "added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=["screen_capture", "recording"])
                | models.Q(consent__isnull=False),
                name="evidence_capture_has_consent",
            )
        ]

    def __str__(self) -> str:
        return self.name

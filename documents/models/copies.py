"""Controlled copies reach people: distribution lists, read acknowledgements, signing keys."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qms.agencies.models import Agency, Unit, User
from qms.lib.models import AppendOnlyModel


class Distribution(models.Model):
    """One recipient (a unit or a person) of one revision, chosen by the ISO secretary."""

    revision = models.ForeignKey(
        "documents.Revision",
        verbose_name=_("revision"),
        on_delete=models.PROTECT,
        related_name="distributions",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    distributed_by = models.ForeignKey(
        User, verbose_name=_("distributed by"), on_delete=models.PROTECT, related_name="+"
    )
    distributed_at = models.DateTimeField(_("distributed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["revision", "distributed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, user__isnull=True)
                | Q(unit__isnull=True, user__isnull=False),
                name="distribution_to_a_unit_or_a_person",
            ),
            models.UniqueConstraint(
                fields=["revision", "unit"],
                condition=Q(unit__isnull=False),
                name="distribution_unit_once",
            ),
            models.UniqueConstraint(
                fields=["revision", "user"],
                condition=Q(user__isnull=False),
                name="distribution_user_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.revision} → {self.unit or self.user}"


class Acknowledgement(AppendOnlyModel):
    """ "Đã đọc và hiểu": immutable, tied to one revision; a new revision asks again."""

    revision = models.ForeignKey(
        "documents.Revision",
        verbose_name=_("revision"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["revision", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "user"], name="acknowledge_once_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.revision}"


class ReadingReminder(AppendOnlyModel):
    """One "Nhắc lại" of an issue's readers: who sent it, when, and to how many people. The
    register shows the latest, and a second reminder waits a day, so that nobody gets the same
    mail twice in an afternoon."""

    revision = models.ForeignKey(
        "documents.Revision",
        verbose_name=_("revision"),
        on_delete=models.PROTECT,
        related_name="reading_reminders",
    )
    sent_by = models.ForeignKey(
        User, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("people reminded"))

    class Meta:
        verbose_name = _("reading reminder")
        verbose_name_plural = _("reading reminders")
        ordering = ["revision", "-sent_at"]
        indexes = [models.Index(fields=["revision", "-sent_at"], name="reminder_latest_idx")]

    def __str__(self) -> str:
        return f"{self.revision} · {self.sent_at:%d/%m/%Y %H:%M}"


class SigningCertificate(models.Model):
    """An agency's PKCS#12 signing certificate for PAdES signatures on approved PDFs.

    The password is stored encrypted with a key derived from SECRET_KEY, never in clear.
    """

    agency = models.OneToOneField(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="signing_certificate",
    )
    pkcs12 = models.BinaryField(_("certificate (PKCS#12)"), editable=False)
    encrypted_password = models.BinaryField(editable=False)
    subject = models.CharField(_("subject"), max_length=255, editable=False)
    valid_until = models.DateTimeField(_("valid until"), editable=False)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    is_active = models.BooleanField(_("sign approved documents"), default=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")

    def __str__(self) -> str:
        return self.subject


class CopyRendering(models.Model):
    """A controlled copy being made after its approval, by the queue (``documents.jobs``):
    the row exists from the approval until the copy is stored, and says who approved, how
    many attempts were made and, after the last, why it could not be made."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in progress")
        FAILED = "failed", _("failed")

    revision = models.OneToOneField(
        "documents.Revision",
        verbose_name=_("revision"),
        on_delete=models.CASCADE,
        related_name="copy_rendering",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("reason"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("controlled copy being made")
        verbose_name_plural = _("controlled copies being made")

    def __str__(self) -> str:
        return str(self.revision)

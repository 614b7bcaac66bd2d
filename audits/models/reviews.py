from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, User
from qms.lib.models import AppendOnlyModel


class ManagementReview(models.Model):
    """Xem xét của lãnh đạo: a meeting whose inputs are compiled from the data and frozen, its
    minutes per input and its decisions (tracked actions); immutable once the leader approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft minutes")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        APPROVED = "approved", _("Approved")

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="management_reviews",
    )
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("meeting date"))
    location = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.ForeignKey(
        User, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    participants = models.ManyToManyField(
        User, verbose_name=_("participants"), blank=True, related_name="management_reviews"
    )
    guests = models.CharField(
        _("other participants"),
        max_length=500,
        blank=True,
        help_text=_("People from outside the agency's members, separated by commas."),
    )
    # The standard the review follows, fixed when it was prepared: it decides the inputs.
    iso_version = models.CharField(_("ISO version"), max_length=4, editable=False)
    inputs = models.JSONField(_("compiled inputs"), default=dict, blank=True, editable=False)
    compiled_at = models.DateTimeField(
        _("inputs compiled at"), null=True, blank=True, editable=False
    )
    minutes = models.JSONField(_("minutes"), default=dict, blank=True, editable=False)
    conclusion = models.TextField(
        _("conclusions"),
        blank=True,
        help_text=_(
            "Outputs: opportunities for improvement, changes to the system, resource needs."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    prepared_by = models.ForeignKey(
        User, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        User,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def is_locked(self) -> bool:
        """Approved minutes never change."""
        return self.status == self.Status.APPROVED


class ReviewEvent(AppendOnlyModel):
    """Append-only evidence of the review's route: compiled, submitted, returned, approved."""

    class Kind(models.TextChoices):
        COMPILED = "compiled", _("Inputs compiled")
        SUBMITTED = "submitted", _("Submitted for approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    review = models.ForeignKey(
        ManagementReview,
        verbose_name=_("management review"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("management review event")
        verbose_name_plural = _("management review events")
        ordering = ["review", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.review} · {self.get_kind_display()}"

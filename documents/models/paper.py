"""The paper record of an issue made before the system: who signed its paper copy, and the
revision history table its file carries. Records as the paper states them, not accounts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models.revisions import Revision
from documents.word.structure import SignedAs


class PaperSignature(models.Model):
    """A name in the signature table of the issue's paper copy: who drafted, reviewed and
    approved it before the system, as the paper says. A record, not an account."""

    revision = models.ForeignKey(
        Revision,
        verbose_name=_("revision"),
        on_delete=models.CASCADE,
        related_name="paper_signatures",
    )
    order = models.PositiveSmallIntegerField(_("no."))
    role = models.CharField(
        _("signed as"),
        max_length=20,
        choices=[
            (SignedAs.DRAFTED.value, _("Drafted by")),
            (SignedAs.REVIEWED.value, _("Reviewed by")),
            (SignedAs.APPROVED.value, _("Approved by")),
        ],
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("signature on paper")
        verbose_name_plural = _("signatures on paper")
        ordering = ["revision", "order"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class PaperIssueEntry(models.Model):
    """A row of the paper revision history table ("Bảng theo dõi sửa đổi") of the issue's
    file: the issues made before the system, as the paper lists them."""

    revision = models.ForeignKey(
        Revision,
        verbose_name=_("revision"),
        on_delete=models.CASCADE,
        related_name="paper_history",
    )
    order = models.PositiveSmallIntegerField(_("no."))
    issue = models.PositiveSmallIntegerField(_("issue number"), null=True, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    part = models.CharField(_("part changed"), max_length=255, blank=True)
    summary = models.TextField(_("description of the change"), blank=True)

    class Meta:
        verbose_name = _("paper revision history entry")
        verbose_name_plural = _("paper revision history")
        ordering = ["revision", "order"]

    def __str__(self) -> str:
        return f"{self.issue or '?'} · {self.summary[:60]}"

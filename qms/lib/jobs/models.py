from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Lease(models.Model):
    """Who runs a named piece of work now, and until when. The row exists while the work
    runs; a holder that dies leaves it behind, and once it has expired anyone may take it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    holder = models.CharField(_("holder"), max_length=200)
    taken_at = models.DateTimeField(_("taken at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")

    def __str__(self):
        return self.name


class DoneKey(models.Model):
    """A side effect that was done (a mail sent, a copy rendered): an attempt that finds its
    key does not do it again."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    done_at = models.DateTimeField(_("done at"))

    class Meta:
        verbose_name = _("done key")
        verbose_name_plural = _("done keys")

    def __str__(self):
        return self.key


class Export(models.Model):
    """A large export written by the queue for the person who asked for it: in progress,
    then ready with its file, or failed with the reason."""

    class Status(models.TextChoices):
        RUNNING = "running", _("in progress")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return self.name

from django.db import models
from django.utils.translation import gettext_lazy as _


class IsoEdition(models.Model):
    """An edition of TCVN ISO 9001 whose clause catalogue is loaded (``documents.catalogue``),
    and the edition it replaces."""

    code = models.CharField(_("edition"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    follows = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_by",
    )
    loaded_at = models.DateTimeField(_("catalogue loaded"), auto_now=True)
    # Set by the Ministry when it announces the edition as TCVN (QĐ 19/2014, Điều 4): the day
    # by which every agency applies it. One value for the whole country.
    transition_deadline = models.DateField(_("transition deadline"), null=True, blank=True)
    deadline_basis = models.CharField(
        _("deadline set by"),
        max_length=255,
        blank=True,
        help_text=_("The Ministry's decision or letter that sets the deadline."),
    )

    class Meta:
        verbose_name = _("ISO 9001 edition")
        verbose_name_plural = _("ISO 9001 editions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class IsoClause(models.Model):
    """A clause of one edition of TCVN ISO 9001, as its catalogue states it; for an edition
    that replaces another, the clauses it carries on and how."""

    class Version(models.TextChoices):
        V2008 = "2008", "TCVN ISO 9001:2008"
        V2015 = "2015", "TCVN ISO 9001:2015"
        V2026 = "2026", "TCVN ISO 9001:2026"

    class Change(models.TextChoices):
        UNCHANGED = "unchanged", _("Unchanged")
        CHANGED = "changed", _("Changed")
        NEW = "new", _("New")

    # An edition's code; the Version names are the editions the code itself refers to.
    version = models.CharField(_("version"), max_length=4)
    number = models.CharField(_("clause"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    sort_key = models.CharField(max_length=40, editable=False)
    change = models.CharField(
        _("change from the previous edition"), max_length=10, choices=Change.choices, blank=True
    )
    follows = models.ManyToManyField(
        "self",
        verbose_name=_("clauses of the previous edition"),
        symmetrical=False,
        blank=True,
        related_name="carried_on_by",
    )

    class Meta:
        verbose_name = _("ISO clause")
        verbose_name_plural = _("ISO clauses")
        ordering = ["version", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="iso_clause_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

from django.db import models
from django.utils.translation import gettext_lazy as _


class IsoClause(models.Model):
    """A clause of TCVN ISO 9001:2008 or :2015; the catalogue ships with the project."""

    class Version(models.TextChoices):
        V2008 = "2008", "TCVN ISO 9001:2008"
        V2015 = "2015", "TCVN ISO 9001:2015"

    version = models.CharField(_("version"), max_length=4, choices=Version.choices)
    number = models.CharField(_("clause"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    sort_key = models.CharField(max_length=40, editable=False)

    class Meta:
        verbose_name = _("ISO clause")
        verbose_name_plural = _("ISO clauses")
        ordering = ["version", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="iso_clause_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

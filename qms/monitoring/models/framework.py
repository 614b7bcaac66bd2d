"""The "mô hình khung": procedures every agency of a level is expected to have."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency
from qms.lib.text import fold


class FrameworkProcedure(models.Model):
    """One expected procedure for every agency of ``level`` in ``province``.

    An agency has it when one of its procedures implements the TTHC ``tthc_code``, or when a
    procedure's title, folded without diacritics, contains one of the ``keywords``
    (alternatives separated by semicolons). Codes are not used: every agency numbers its
    procedures its own way, while titles follow the framework's wording closely.
    """

    province = models.ForeignKey(
        Agency,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="framework_procedures",
    )
    level = models.CharField(_("level"), max_length=20, choices=Agency.Level.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("procedure"), max_length=255)
    keywords = models.CharField(
        _("keywords in the title"),
        max_length=500,
        blank=True,
        help_text=_(
            "Words found in the title of the agency's procedure, with or without diacritics; "
            "separate alternatives with semicolons. Empty: the title itself."
        ),
    )
    tthc_code = models.CharField(
        _("TTHC code"),
        max_length=100,
        blank=True,
        help_text=_("For a procedure implementing an administrative procedure, e.g. 1.000050."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expected procedure")
        verbose_name_plural = _("expected procedures")
        ordering = ["province", "level", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def alternatives(self) -> list[str]:
        words = [fold(part) for part in (self.keywords or self.title).split(";")]
        return [word for word in words if word]

    def matches(self, *, title_folded: str, tthc_code: str | None) -> bool:
        if self.tthc_code and tthc_code and self.tthc_code.strip() == tthc_code.strip():
            return True
        return any(word in title_folded for word in self.alternatives())

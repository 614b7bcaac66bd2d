"""The fieldwork of an internal audit (ISO 19011): the checklist with its results and the
findings, graded, that open nonconformities in the register."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.models.programmes import Audit
from qms.agencies.models import Agency, Unit, User


class ChecklistItem(models.Model):
    """A question of the audit's checklist with its result and the evidence seen."""

    class Origin(models.TextChoices):
        CLAUSE = "clause", _("ISO clause")
        STEP = "step", _("Procedure step")
        RECORD = "record", _("Record of a procedure")
        ADDED = "added", _("Added by the auditor")

    class Result(models.TextChoices):
        CONFORMING = "conforming", _("Conforming")
        NONCONFORMING = "nonconforming", _("Nonconforming")
        OBSERVATION = "observation", _("Observation")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="checklist"
    )
    order = models.PositiveIntegerField(_("no."))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    clause = models.ForeignKey(
        "documents.IsoClause",
        verbose_name=_("ISO clause"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True
    )
    question = models.TextField(_("what to check"))
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    answered_by = models.ForeignKey(
        User,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist")
        ordering = ["audit", "order"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "order"], name="checklist_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.question[:60]}"


class Finding(models.Model):
    """A finding of an internal audit. Nonconformity grades open a nonconformity in the register."""

    class Grade(models.TextChoices):
        MAJOR = "major", _("Major nonconformity")
        MINOR = "minor", _("Minor nonconformity")
        OBSERVATION = "observation", _("Observation")
        IMPROVEMENT = "improvement", _("Opportunity for improvement")

    NONCONFORMING = (Grade.MAJOR, Grade.MINOR)

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="findings"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="audit_findings"
    )
    number = models.PositiveSmallIntegerField(_("sequence number"), editable=False)
    code = models.CharField(_("code"), max_length=40, editable=False)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    statement = models.TextField(_("finding"))
    evidence = models.TextField(_("evidence"))
    clause = models.ForeignKey(
        "documents.IsoClause",
        verbose_name=_("ISO clause"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="audit_findings"
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_findings",
    )
    checklist_item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        User,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(
        _("acknowledged at"), null=True, blank=True, editable=False
    )
    acknowledgement_comment = models.TextField(_("auditee's comment"), blank=True, editable=False)
    nonconformity = models.OneToOneField(
        "audits.Nonconformity",
        verbose_name=_("nonconformity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="finding",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["audit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "number"], name="finding_number_unique"),
        ]
        indexes = [models.Index(fields=["agency", "unit"], name="finding_agency_unit_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.get_grade_display()}"

    @property
    def is_nonconformity(self) -> bool:
        return self.grade in self.NONCONFORMING

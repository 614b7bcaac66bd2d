from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.agencies.models import Agency, Unit, User
from qms.lib.text import searchable


class DocumentType(models.Model):
    """A kind of document in one agency, with its code scheme and review route."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Quality policy")
        OBJECTIVES = "objectives", _("Quality objectives")
        MANUAL = "manual", _("Quality manual")
        PROCEDURE = "procedure", _("Procedure")
        INSTRUCTION = "instruction", _("Work instruction")
        FORM = "form", _("Form")
        EXTERNAL = "external", _("External document")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="document_types"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("code prefix"), max_length=20, help_text=_("For example QT, HD, BM, STCL.")
    )
    code_pattern = models.CharField(
        _("code pattern"),
        max_length=60,
        default="{prefix}-{number:02}",
        help_text=_(
            "Fields: {prefix}, {number} (or {number:02} for two digits), {unit} (the owner "
            "unit's code), {parent} (the parent document's code, for forms). "
            "For example {prefix}-{number:02}, {prefix}-{unit}-{number:02}, "
            "{prefix}-{number:02}-{parent}."
        ),
    )
    review_period_months = models.PositiveSmallIntegerField(_("review period (months)"), default=12)
    reviewers_required = models.PositiveSmallIntegerField(
        _("reviewers required"),
        default=1,
        help_text=_("How many reviewers must pass a revision before it goes to the approver."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "prefix"],
                name="document_type_prefix_unique_per_agency",
                violation_error_message=_(
                    "The agency already has a document type with this prefix."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reviewers_required__gte=1), name="document_type_needs_a_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} · {self.name}"


class DocumentQuerySet(models.QuerySet):
    def of_agency(self, agency: Agency):
        return self.filter(agency=agency)

    def effective(self):
        return self.filter(status=Document.Status.EFFECTIVE)

    def due_for_review(self, *, on, within_days: int = 0):
        from datetime import timedelta

        return self.effective().filter(review_due__lte=on + timedelta(days=within_days))

    def needs_update(self):
        """Documents that cite an external document no longer in force."""
        from documents.models.external import ExternalDocument

        replaced = ExternalDocument.objects.filter(citing_documents=OuterRef("pk")).exclude(
            status=ExternalDocument.Status.IN_FORCE
        )
        return self.exclude(status=Document.Status.OBSOLETE).filter(Exists(replaced))

    def with_revision_in_progress(self):
        from documents.models.revisions import Revision

        working = Revision.objects.filter(document=OuterRef("pk"), status__in=Revision.IN_PROGRESS)
        return self.annotate(in_progress=Exists(working))


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not yet issued")
        EFFECTIVE = "effective", _("Effective")
        OBSOLETE = "obsolete", _("Obsolete")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="documents"
    )
    type = models.ForeignKey(
        DocumentType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="documents"
    )
    code = models.CharField(_("code"), max_length=60)
    number = models.PositiveIntegerField(_("sequence number"))
    title = models.CharField(_("title"), max_length=500)
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("For a form: the procedure it belongs to."),
    )
    clauses = models.ManyToManyField(
        "documents.IsoClause", verbose_name=_("ISO clauses"), blank=True, related_name="documents"
    )
    cited = models.ManyToManyField(
        "documents.ExternalDocument",
        verbose_name=_("cited external documents"),
        blank=True,
        related_name="citing_documents",
    )
    administrative_procedure = models.ForeignKey(
        "documents.ExternalDocument",
        verbose_name=_("administrative procedure (TTHC) implemented"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="implementing_documents",
    )
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_("Restricted documents never appear on public pages or to the supervisor."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    effective_revision = models.OneToOneField(
        "documents.Revision",
        verbose_name=_("effective revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    review_due = models.DateField(_("review due"), null=True, blank=True, editable=False)
    # Code, title and effective content, lower-cased and without diacritics (qms.lib.text.fold).
    search_text = models.TextField(editable=False, default="")
    # Code and title alone, folded the same way: a search lists title matches first.
    search_title = models.TextField(editable=False, default="")
    # Whether the effective issue lists records: the records register reads its procedures
    # from an index of these rows alone, at any size of the agency.
    lists_records = models.BooleanField(editable=False, default=False)
    # Whether the effective issue was distributed: the acknowledgement overview reads its
    # documents from an index of these rows alone. Distributing an issue sets it too.
    is_distributed = models.BooleanField(editable=False, default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(
        excluded_fields=["search_text", "search_title", "lists_records", "is_distributed"]
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"],
                name="document_code_unique_per_agency",
                violation_error_message=_("The agency already has a document with this code."),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "code"], name="document_register_idx"),
            # The API pages an agency's documents by key: each page is a range of this index.
            models.Index(fields=["agency", "id"], name="document_keyset_idx"),
            # The records register: an agency's effective procedures that list records.
            models.Index(
                fields=["agency", "code"],
                condition=models.Q(status="effective", lists_records=True),
                name="document_records_register_idx",
            ),
            # The acknowledgement overview: an agency's effective, distributed documents.
            models.Index(
                fields=["agency", "code"],
                condition=models.Q(status="effective", is_distributed=True),
                name="document_distributed_idx",
            ),
            # Only effective documents fall due for review; the province dashboard counts each
            # agency's overdue ones from this index alone.
            models.Index(
                fields=["agency", "review_due"],
                condition=models.Q(status="effective"),
                name="document_effective_review_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        # Derived columns, not domain flow: they follow the code, the title and the effective
        # issue, however saved. An issue's records are fixed before it takes effect.
        derived = {"search_title"}
        self.search_title = searchable(self.code, self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "effective_revision" in update_fields:
            # Revision is a neighbour module that imports this one: reach it by the field.
            revisions = self._meta.get_field("effective_revision").related_model.objects
            effective = revisions.filter(pk=self.effective_revision_id)
            has = self.effective_revision_id is not None
            self.lists_records = has and effective.filter(records__isnull=False).exists()
            self.is_distributed = has and effective.filter(distributions__isnull=False).exists()
            derived.update({"lists_records", "is_distributed"})
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *derived}
        super().save(*args, **kwargs)

    @property
    def is_effective(self) -> bool:
        return self.status == self.Status.EFFECTIVE


class DocumentReview(models.Model):
    """A periodic review of a document (ISO 9001:2008 §4.2.3 b): kept as it was or changed."""

    class Outcome(models.TextChoices):
        NO_CHANGE = "no_change", _("Reviewed, no change")
        CHANGE_NEEDED = "change_needed", _("Change needed")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="reviews"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        User, verbose_name=_("reviewed by"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)
    next_due = models.DateField(_("next review due"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.document.code} · {self.get_outcome_display()}"

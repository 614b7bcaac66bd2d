from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.models import Document, ExternalDocument, Revision
from qms.api.serializers import AgencyCodeField, StrictSerializer, UnitRefSerializer

NULLABLE_URI = {"type": "string", "format": "uri", "nullable": True}
_LIMIT = ExternalDocument._meta.get_field("time_limit_days")


class CopyLinksMixin(serializers.Serializer):
    """Where the controlled copy of an issued revision is: its stored PDF and the public
    verification page its QR code opens. Null until the revision is approved."""

    pdf_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    @extend_schema_field(NULLABLE_URI)
    def get_pdf_url(self, revision: Revision) -> str | None:
        if not revision.pdf_file:
            return None
        url = reverse("api:revision-pdf", args=[revision.pk])
        return self.context["request"].build_absolute_uri(url)

    @extend_schema_field(NULLABLE_URI)
    def get_verify_url(self, revision: Revision) -> str | None:
        if not revision.verification_token or not revision.is_locked:
            return None
        url = reverse("verify", args=[revision.verification_token])
        return self.context["request"].build_absolute_uri(url)


class RevisionSummarySerializer(CopyLinksMixin, serializers.ModelSerializer):
    class Meta:
        model = Revision
        fields = [
            "id",
            "number",
            "status",
            "approved_at",
            "effective_date",
            "pdf_url",
            "verify_url",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    type = serializers.CharField(source="type.prefix", read_only=True)
    type_name = serializers.CharField(source="type.name", read_only=True)
    kind = serializers.CharField(source="type.kind", read_only=True)
    owner_unit = UnitRefSerializer(read_only=True, allow_null=True)
    administrative_procedure = serializers.SlugRelatedField(
        slug_field="number", read_only=True, allow_null=True
    )
    effective_revision = RevisionSummarySerializer(read_only=True, allow_null=True)
    revision_in_progress = serializers.BooleanField(source="in_progress", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "agency",
            "code",
            "title",
            "type",
            "type_name",
            "kind",
            "owner_unit",
            "administrative_procedure",
            "restricted",
            "status",
            "review_due",
            "effective_revision",
            "revision_in_progress",
            "created_at",
        ]


class RevisionSerializer(CopyLinksMixin, serializers.ModelSerializer):
    agency = serializers.CharField(source="document.agency.code", read_only=True)
    document_code = serializers.CharField(source="document.code", read_only=True)
    document_title = serializers.CharField(source="document.title", read_only=True)
    drafted_by = serializers.CharField(source="drafted_by.get_full_name", read_only=True)
    approved_by = serializers.CharField(
        source="approved_by.get_full_name", read_only=True, allow_null=True
    )

    class Meta:
        model = Revision
        fields = [
            "id",
            "agency",
            "document",
            "document_code",
            "document_title",
            "number",
            "status",
            "change_summary",
            "drafted_by",
            "drafted_at",
            "submitted_at",
            "approved_by",
            "approved_at",
            "effective_date",
            "ended_on",
            "pdf_url",
            "verify_url",
            "pdf_sha256",
            "pdf_signed",
        ]


class ExternalDocumentSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    replaced_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ExternalDocument
        fields = [
            "id",
            "agency",
            "kind",
            "number",
            "title",
            "issuer",
            "issued_on",
            "effective_on",
            "time_limit_days",
            "status",
            "replaced_by",
            "status_changed_on",
        ]


class ExternalDocumentCreateSerializer(StrictSerializer):
    """Register an external document: the checks of the web form; the service checks the rest."""

    agency = AgencyCodeField()
    kind = serializers.ChoiceField(choices=ExternalDocument.Kind.choices)
    number = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=500)
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    effective_on = serializers.DateField(required=False, allow_null=True, default=None)
    time_limit_days = serializers.DecimalField(
        max_digits=_LIMIT.max_digits,
        decimal_places=_LIMIT.decimal_places,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
    )

    def validate(self, data):
        issued, effective = data.get("issued_on"), data.get("effective_on")
        if issued and effective and effective < issued:
            raise serializers.ValidationError(
                {"effective_on": _("A document cannot take effect before it was issued.")}
            )
        if (
            data.get("time_limit_days") is not None
            and data["kind"] != ExternalDocument.Kind.PROCEDURE
        ):
            raise serializers.ValidationError(
                {
                    "time_limit_days": _(
                        "Only an administrative procedure (TTHC) has a legal time limit."
                    )
                }
            )
        return data

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from audits.models import (
    Action,
    Audit,
    Finding,
    FindingEvidence,
    Measurement,
    Nonconformity,
    QualityObjective,
)
from documents.models import Document, IsoClause
from qms.agencies.models import Unit
from qms.api.serializers import AgencyCodeField, StrictSerializer, UnitRefSerializer

NC = Nonconformity._meta


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.get_full_name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = ["id", "kind", "title", "owner", "due_on", "status", "done_at", "overdue"]

    def get_overdue(self, action: Action) -> bool:
        return action.is_overdue(self.context.get("today"))


class DocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()


class NonconformitySerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    clause = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    document = DocumentRefSerializer(read_only=True, allow_null=True)
    detected_by = serializers.CharField(source="detected_by.get_full_name", read_only=True)
    root_cause = serializers.CharField(read_only=True)
    # "effective", "not_effective", or empty until verified.
    verification_result = serializers.CharField(read_only=True)
    open_actions = serializers.IntegerField(read_only=True)
    overdue_actions = serializers.IntegerField(read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Nonconformity
        fields = [
            "id",
            "agency",
            "code",
            "source",
            "source_reference",
            "title",
            "description",
            "clause",
            "unit",
            "document",
            "detected_by",
            "detected_on",
            "status",
            "correction",
            "root_cause",
            "verification_result",
            "verified_at",
            "closed_at",
            "created_at",
            "open_actions",
            "overdue_actions",
            "actions",
        ]


class NonconformityCreateSerializer(StrictSerializer):
    """Raise a nonconformity, for example a late dossier reported by the one-stop system.

    ``unit`` and ``document`` are ids in the agency; ``procedure`` names the administrative
    procedure (TTHC code) instead of the document: the agency's document implementing it is
    used; ``clause`` is a clause number of the agency's ISO version."""

    agency = AgencyCodeField()
    source = serializers.ChoiceField(choices=Nonconformity.Source.choices)
    source_reference = serializers.CharField(
        max_length=NC.get_field("source_reference").max_length,
        required=False,
        allow_blank=True,
        default="",
    )
    title = serializers.CharField(max_length=NC.get_field("title").max_length)
    description = serializers.CharField(max_length=20000)
    detected_on = serializers.DateField(required=False, default=timezone.localdate)
    unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    document = serializers.IntegerField(required=False, allow_null=True, default=None)
    procedure = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    clause = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")

    def validate(self, data):
        agency = data["agency"]
        errors = {}
        if data["unit"] is not None:
            data["unit"] = Unit.objects.filter(agency=agency, pk=data["unit"]).first()
            if data["unit"] is None:
                errors["unit"] = _("No unit with this id in the agency.")
        documents = Document.objects.filter(agency=agency)
        procedure = data.pop("procedure").strip()
        if data["document"] is not None and procedure:
            errors["procedure"] = _("Give either the document or the procedure, not both.")
        elif data["document"] is not None:
            data["document"] = documents.filter(pk=data["document"]).first()
            if data["document"] is None:
                errors["document"] = _("No document with this id in the agency.")
        elif procedure:
            data["document"] = (
                documents.exclude(status=Document.Status.OBSOLETE)
                .filter(administrative_procedure__number=procedure)
                .order_by("code")
                .first()
            )
            if data["document"] is None:
                errors["procedure"] = _("No document of the agency implements this procedure.")
        clause = data.pop("clause").strip()
        data["clause"] = None
        if clause:
            data["clause"] = IsoClause.objects.filter(
                version=agency.iso_version, number=clause
            ).first()
            if data["clause"] is None:
                errors["clause"] = _("No such clause in the ISO version the agency applies.")
        if errors:
            raise serializers.ValidationError(errors)
        return data


class MeasurementSerializer(serializers.ModelSerializer):
    measured_by = serializers.CharField(source="measured_by.get_full_name", read_only=True)
    met = serializers.BooleanField(read_only=True)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "period",
            "period_end",
            "value",
            "note",
            "met",
            "measured_by",
            "measured_at",
        ]


class MeasurementCreateSerializer(StrictSerializer):
    period = serializers.CharField(max_length=Measurement._meta.get_field("period").max_length)
    period_end = serializers.DateField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class ObjectiveSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    responsible = serializers.CharField(
        source="responsible.get_full_name", read_only=True, allow_null=True
    )
    measurements = MeasurementSerializer(many=True, read_only=True, source="series")

    class Meta:
        model = QualityObjective
        fields = [
            "id",
            "agency",
            "year",
            "title",
            "indicator",
            "unit_of_measure",
            "target",
            "direction",
            "frequency",
            "unit",
            "responsible",
            "measurements",
        ]


class EvidenceFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = FindingEvidence
        fields = ["name", "kind", "size", "sha256", "added_at"]


class FindingSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    audit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    clause = serializers.SlugRelatedField(slug_field="number", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    document = DocumentRefSerializer(read_only=True, allow_null=True)
    nonconformity = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    evidence_files = EvidenceFileSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "agency",
            "audit",
            "code",
            "grade",
            "statement",
            "evidence",
            "clause",
            "unit",
            "document",
            "nonconformity",
            "recorded_at",
            "acknowledged_at",
            "evidence_files",
        ]


class AuditorSerializer(serializers.Serializer):
    name = serializers.CharField(source="auditor.get_full_name")
    is_lead = serializers.BooleanField()
    # Set when the auditor audits their own unit: the recorded justification of the exception.
    justification = serializers.CharField()


class AuditSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    year = serializers.IntegerField(source="programme.year", read_only=True)
    units = UnitRefSerializer(many=True, read_only=True)
    clauses = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    team = AuditorSerializer(many=True, read_only=True)
    finding_counts = serializers.SerializerMethodField()

    class Meta:
        model = Audit
        fields = [
            "id",
            "agency",
            "year",
            "code",
            "title",
            "objectives",
            "start_on",
            "end_on",
            "method",
            "locations",
            "status",
            "units",
            "clauses",
            "team",
            "plan_sent_at",
            "completed_at",
            "conclusion",
            "report_approved_at",
            "report_sha256",
            "finding_counts",
        ]

    def get_finding_counts(self, audit: Audit) -> dict[str, int]:
        counts = dict.fromkeys(Finding.Grade.values, 0)
        for finding in audit.findings.all():
            counts[finding.grade] += 1
        return counts

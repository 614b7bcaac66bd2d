"""The coverage figures of a province, for the Sở KH&CN's own reporting tools: the same
figures as the dashboard, on any day; and the province's clause view."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from audits.selectors.clauses import province_clause_counts
from documents.clauses import edition_choices
from qms.agencies.models import Agency
from qms.agencies.permissions import agencies_for_user, supervises_nation
from qms.api.schema import OneObjectSchema
from qms.monitoring.selectors.coverage import province_coverage
from qms.monitoring.selectors.status import agencies_in_scope


class CoverageQuerySerializer(serializers.Serializer):
    province = serializers.CharField(
        max_length=50,
        required=False,
        help_text="Code of the province root; the province the caller supervises if left out.",
    )
    as_of = serializers.DateField(
        required=False, help_text="The day of the figures (YYYY-MM-DD); today if left out."
    )


class GroupSerializer(serializers.Serializer):
    label = serializers.CharField()
    total = serializers.IntegerField()
    announced = serializers.IntegerField()
    announced_percent = serializers.FloatField()
    # Agencies per derived status: not_started, building, applying, announced, maintained.
    counts = serializers.DictField(child=serializers.IntegerField())


class AgencyStatusSerializer(serializers.Serializer):
    code = serializers.CharField(source="agency.code")
    name = serializers.CharField(source="agency.name")
    level = serializers.CharField(source="agency.level")
    iso_mandatory = serializers.BooleanField(source="agency.iso_mandatory")
    status = serializers.CharField()
    warnings = serializers.ListField(child=serializers.CharField())
    last_announced_on = serializers.DateField(allow_null=True)
    last_audit_on = serializers.DateField(allow_null=True)
    last_review_on = serializers.DateField(allow_null=True)
    # Share of citizens' answers at 4–5 over the 12 months before the day; null without answers.
    satisfaction_percent = serializers.SerializerMethodField()

    def get_satisfaction_percent(self, row) -> float | None:
        return row.satisfaction.percent if row.satisfaction else None


class CoverageSerializer(serializers.Serializer):
    province = serializers.CharField(source="province.code")
    as_of = serializers.DateField()
    total = GroupSerializer()
    by_level = GroupSerializer(many=True)
    by_area = GroupSerializer(many=True)
    by_obligation = GroupSerializer(many=True)
    agencies = AgencyStatusSerializer(many=True, source="rows")


class CoverageViewSet(viewsets.ViewSet):
    """The adoption coverage of a province on a day: agencies by derived status, level, area
    and obligation, and each agency's status, warnings and citizen satisfaction. Only the
    province's supervisors and the Ministry's read it; any other province is a 404."""

    schema = OneObjectSchema()

    @extend_schema(parameters=[CoverageQuerySerializer], responses=CoverageSerializer)
    def list(self, request):
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        province = self._province(request.user, query.validated_data.get("province"))
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        return Response(CoverageSerializer(province_coverage(province, as_of=as_of)).data)

    @staticmethod
    def _province(user, code: str | None) -> Agency:
        """The named province if the caller supervises it or supervises the nation from the
        Ministry (else 404), or the one they supervise; someone who supervises no province
        lacks the role (403): the Ministry's supervisors name the province they read."""
        if code is None:
            supervised = [
                agency
                for agency in agencies_for_user(user)
                if agency.level == Agency.Level.PROVINCE and user.has_perm("qms.supervise", agency)
            ]
            if not supervised:
                raise PermissionDenied
            return supervised[0]
        province = Agency.objects.filter(code=code, level=Agency.Level.PROVINCE).first()
        if province is None or not (
            user.has_perm("qms.supervise", province)
            or any(supervises_nation(user, agency) for agency in agencies_for_user(user))
        ):
            raise NotFound
        return province


class ProvinceClauseQuerySerializer(serializers.Serializer):
    province = serializers.CharField(
        max_length=50,
        required=False,
        help_text="Code of the province root; the province the caller supervises if left out.",
    )
    version = serializers.CharField(
        max_length=4, required=False, help_text="The edition (2008, 2015, 2026); 2015 if left out."
    )


class ProvinceClauseRowSerializer(serializers.Serializer):
    number = serializers.CharField(source="clause.number")
    title = serializers.CharField(source="clause.title")
    # Agencies on the edition per derived status of the clause: covered, attention, none.
    counts = serializers.DictField(child=serializers.IntegerField())


class ProvinceClausesSerializer(serializers.Serializer):
    province = serializers.CharField()
    edition = serializers.CharField()
    as_of = serializers.DateField()
    agencies = serializers.IntegerField(help_text="The province's agencies on the edition.")
    clauses = ProvinceClauseRowSerializer(many=True)


class ProvinceClauseViewSet(viewsets.ViewSet):
    """The clause view of a province for the Sở KH&CN's inspection: for each clause of an
    edition, how many of the province's agencies on it have the clause covered, need attention
    or hold no evidence, today, as on the Supervision → Clauses page. Read by the province's
    supervisors and the Ministry's; any other province is a 404."""

    schema = OneObjectSchema()

    @extend_schema(parameters=[ProvinceClauseQuerySerializer], responses=ProvinceClausesSerializer)
    def list(self, request):
        query = ProvinceClauseQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        province = CoverageViewSet._province(request.user, query.validated_data.get("province"))
        version = query.validated_data.get("version") or Agency.IsoVersion.V2015
        if version not in dict(edition_choices()):
            raise ValidationError({"version": "No edition of ISO 9001 with this code is loaded."})
        today = timezone.localdate()
        table, counted = province_clause_counts(
            agencies_in_scope(province, as_of=today), version, on=today
        )
        data = {
            "province": province.code,
            "edition": version,
            "as_of": today,
            "agencies": counted,
            "clauses": table,
        }
        return Response(ProvinceClausesSerializer(data).data)

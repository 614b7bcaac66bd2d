"""The coverage figures of a province, for the Sở KH&CN's own reporting tools: the same
figures as the dashboard, on any day."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from qms.agencies.models import Agency
from qms.agencies.permissions import agencies_for_user, supervises_nation
from qms.monitoring.selectors.coverage import province_coverage


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

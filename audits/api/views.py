"""Internal audits and their findings; nonconformities with their actions and quality objectives with their measurements; raising
a nonconformity and recording a measurement go through the same services as the web pages."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from audits.api.filters import AuditFilter, FindingFilter, NonconformityFilter, ObjectiveFilter
from audits.api.serializers import (
    AuditSerializer,
    FindingSerializer,
    MeasurementCreateSerializer,
    MeasurementSerializer,
    NonconformityCreateSerializer,
    NonconformitySerializer,
    ObjectiveSerializer,
)
from audits.models import (
    Action,
    Audit,
    AuditorAssignment,
    Finding,
    Measurement,
    Nonconformity,
    QualityObjective,
)
from audits.services.nonconformities import REGISTRARS, nonconformity_create
from audits.services.objectives import measurement_record
from audits.workflow import check_objective_measure
from qms.api.exceptions import Conflict
from qms.api.scope import agency_named_in, require_any
from qms.api.views import ScopedViewSet
from qms.lib.checks import passes


class NonconformityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """The nonconformity register with each one's actions; the ISO secretary and the internal
    auditors raise nonconformities (a one-stop system with such a person's token too)."""

    filterset_class = NonconformityFilter

    def get_queryset(self):
        actions = Action.objects.select_related("owner").order_by("due_on", "pk")
        nonconformities = (
            Nonconformity.objects.select_related(
                "agency", "clause", "unit", "document", "detected_by"
            )
            .with_action_counts()
            .prefetch_related(Prefetch("actions", queryset=actions))
            .order_by("agency__code", "-year", "-number", "pk")
        )
        return self.scoped(nonconformities)

    def get_serializer_class(self):
        if self.action == "create":
            return NonconformityCreateSerializer
        return NonconformitySerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    @extend_schema(responses={201: NonconformitySerializer})
    def create(self, request):
        agency = agency_named_in(request)
        if agency is not None:
            require_any(request.user, REGISTRARS, agency)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nonconformity = nonconformity_create(by=request.user, **serializer.validated_data)
        created = self.get_queryset().get(pk=nonconformity.pk)
        body = NonconformitySerializer(created, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class ObjectiveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Quality objectives with their measurements; the ISO secretary or the person
    responsible for an objective records a measurement."""

    filterset_class = ObjectiveFilter

    def get_queryset(self):
        series = Measurement.objects.select_related("measured_by").order_by("period_end", "pk")
        objectives = (
            QualityObjective.objects.select_related("agency", "unit", "responsible")
            .prefetch_related(Prefetch("measurements", queryset=series, to_attr="series"))
            .order_by("agency__code", "-year", "pk")
        )
        return self.scoped(objectives)

    def get_serializer_class(self):
        if self.action == "measurements":
            return MeasurementCreateSerializer
        return ObjectiveSerializer

    @extend_schema(filters=False, responses={201: MeasurementSerializer})
    @action(detail=True, methods=["post"])
    def measurements(self, request, pk=None):
        objective = self.get_object()
        if not passes(check_objective_measure, objective, request.user):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if objective.measurements.filter(period_end=data["period_end"]).exists():
            raise Conflict({"period_end": [_("This period already has a measurement.")]})
        measurement = measurement_record(objective=objective, by=request.user, **data)
        body = MeasurementSerializer(measurement, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class AuditViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Internal audits with their scope, team (and any independence exception), status and
    the count of their findings by grade."""

    filterset_class = AuditFilter
    serializer_class = AuditSerializer

    def get_queryset(self):
        team = AuditorAssignment.objects.select_related("auditor").order_by("-is_lead", "pk")
        audits = (
            Audit.objects.select_related("agency", "programme")
            .prefetch_related(
                "units",
                "clauses",
                Prefetch("team", queryset=team),
                Prefetch("findings", queryset=Finding.objects.only("pk", "audit_id", "grade")),
            )
            .order_by("agency__code", "-start_on", "pk")
        )
        return self.scoped(audits)


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Findings of internal audits, each with the nonconformity it opened, if any."""

    filterset_class = FindingFilter
    serializer_class = FindingSerializer

    def get_queryset(self):
        findings = (
            Finding.objects.select_related(
                "agency", "audit", "clause", "unit", "document", "nonconformity"
            )
            .prefetch_related("evidence_files")
            .order_by("agency__code", "audit_id", "number")
        )
        return self.scoped(findings)

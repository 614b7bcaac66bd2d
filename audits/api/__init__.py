"""API of the internal audits and the improvement cycle: nonconformities with their actions, quality objectives with
their measurements."""

from audits.api.clauses import ClauseViewSet
from audits.api.views import AuditViewSet, FindingViewSet, NonconformityViewSet, ObjectiveViewSet

__all__ = [
    "AuditViewSet",
    "ClauseViewSet",
    "FindingViewSet",
    "NonconformityViewSet",
    "ObjectiveViewSet",
]

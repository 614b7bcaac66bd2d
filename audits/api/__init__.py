"""API of the improvement cycle: nonconformities with their actions, quality objectives with
their measurements."""

from audits.api.views import NonconformityViewSet, ObjectiveViewSet

__all__ = ["NonconformityViewSet", "ObjectiveViewSet"]

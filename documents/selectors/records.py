"""Reads of the records register (Hồ sơ cần lưu)."""

from documents.models import RecordItem, Revision
from qms.agencies.models import Agency


def record_register(*, agency: Agency):
    """The records register: the "Hồ sơ cần lưu" rows of every effective procedure."""
    return (
        RecordItem.objects.filter(
            revision__document__agency=agency, revision__status=Revision.Status.EFFECTIVE
        )
        .select_related("revision__document__owner_unit")
        .order_by("revision__document__code", "order")
    )

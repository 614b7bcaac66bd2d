"""The agency's own history-tracked objects for the audit trail: the agency, its units and
its members."""

from django.utils.translation import gettext_lazy as _

from qms.agencies.models import Agency, Unit, User
from qms.lib.trail import TrailSource, joined


def trail_sources(agency: Agency) -> list[TrailSource]:
    members = User.objects.filter(groups__agency_role__agency=agency).values("pk")
    return [
        TrailSource("agency", _("Agency"), Agency.history.filter(id=agency.pk), joined("name")),
        TrailSource("unit", _("Unit"), Unit.history.filter(agency_id=agency.pk), joined("name")),
        TrailSource(
            "member", _("Member"), User.history.filter(id__in=members), joined("full_name")
        ),
    ]

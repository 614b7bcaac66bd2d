"""Kiến nghị của Sở KH&CN: the one thing a province's supervisor writes about an agency.

It is the Sở's own record (history rows carry the supervisor's name, marked in the agency's
trail as the Sở's), never a change request or an entry in the agency's registers.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qms.agencies.models import Agency, User
from qms.agencies.permissions import holders_of
from qms.lib.mail import send_after_commit
from qms.lib.text import nfc
from qms.monitoring.models import Recommendation
from qms.monitoring.models.recommendations import TEXT_MAX_LENGTH


def may_recommend(user: User, agency: Agency) -> bool:
    """Whether ``user`` supervises the province of ``agency`` (not a province root itself,
    which is the Sở's own province level, nor the Ministry, which supervises no province)."""
    province = agency.province
    return (
        province is not None
        and province.level == Agency.Level.PROVINCE
        and user.has_perm("qms.supervise", province)
    )


@transaction.atomic
def recommendation_create(*, agency: Agency, by: User, text: str) -> Recommendation:
    """Record the Sở's recommendation to ``agency`` and tell its ISO secretaries.

    Needs ``supervise`` on the agency's province root (a province supervisor; the Ministry
    supervises no province and an agency's own people never hold it there): PermissionDenied
    otherwise, and for a province root itself. ValidationError for an empty or too long text.
    """
    if not may_recommend(by, agency):
        raise PermissionDenied
    province = agency.province
    text = nfc((text or "").strip())
    if not text:
        raise ValidationError({"text": _("Write the recommendation.")})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("At most %(limit)s characters, please.") % {"limit": TEXT_MAX_LENGTH}}
        )
    recommendation = Recommendation(province=province, agency=agency, text=text, created_by=by)
    recommendation._history_user = by
    recommendation._change_reason = _("Recommendation of the Department of Science and Technology")
    recommendation.save()
    send_after_commit(
        recipients=holders_of(agency, "manage_documents"),
        template="emails/recommendation_received.txt",
        context={"recommendation": recommendation},
    )
    return recommendation

"""What the revision page offers about distribution, computed here rather than in the
template: the revision page's view belongs to the workflow and knows nothing of it."""

from django import template

from documents.forms.distribution import ApprovalDistributionForm
from documents.models import Revision
from documents.selectors.distribution import distribution_offer, is_recipient
from documents.workflow import check_revision_acknowledge
from qms.agencies.permissions import agency_permissions
from qms.lib.checks import passes

register = template.Library()


@register.simple_tag(takes_context=True)
def distribution_actions(context, revision: Revision) -> dict:
    """The "Distribution" link for the ISO secretary and the recipients of an issued
    revision, and the "Đã đọc và hiểu" button for a recipient who has not acknowledged an
    effective one (two queries at most)."""
    user = context["request"].user
    if revision.status not in Revision.LOCKED or not user.is_authenticated:
        return {}
    manager = "manage_documents" in agency_permissions(user, revision.document.agency)
    recipient = is_recipient(revision, user)
    mine = revision.acknowledgements.filter(user=user).first() if recipient else None
    return {
        "show_link": manager or recipient,
        "can_acknowledge": recipient and passes(check_revision_acknowledge, revision, user),
        "acknowledged_at": mine.at if mine else None,
    }


@register.simple_tag
def approval_distribution(revision: Revision) -> ApprovalDistributionForm:
    """The recipients the approval form offers, those of the previous issue ticked."""
    return ApprovalDistributionForm(offer=distribution_offer(revision), auto_id="approve-%s")

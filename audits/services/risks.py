"""The register of risks and opportunities (ISO 9001:2015 §6.1); 2008 agencies have none."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audits.models import Risk
from audits.services.checks import check_member, check_same_agency
from documents.clauses import harmonized
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc

FIELDS = (
    "kind",
    "title",
    "description",
    "unit",
    "likelihood",
    "impact",
    "owner",
    "review_on",
    "status",
)


def uses_risks(agency: Agency) -> bool:
    """Agencies on TCVN ISO 9001:2015 and later keep a risk register (preventive action in
    2008)."""
    return harmonized(agency.iso_version)


@transaction.atomic
def risk_save(
    *, agency: Agency, by: User, risk: Risk | None = None, reason: str = "", **fields
) -> Risk:
    """Record or reassess a risk or opportunity (ISO secretary): likelihood and impact from 1
    to 5, a unit and an owner of the agency. Refused for an agency on ISO 9001:2008."""
    require(by, "manage_audits", agency)
    if not uses_risks(agency):
        raise ValidationError(_("The risk register belongs to ISO 9001:2015 and later."))
    if risk is None:
        risk = Risk(agency=agency)
        reason = _("Risk recorded")
    elif risk.agency_id != agency.pk:
        raise ValidationError(_("This belongs to another agency."))
    else:
        reason = reason.strip() or _("Risk reassessed")
    check_same_agency(agency, unit=fields.get("unit"))
    check_member(agency, owner=fields.get("owner"))
    for name in FIELDS:
        if name in fields:
            value = fields[name]
            setattr(risk, name, nfc(value.strip()) if isinstance(value, str) else value)
    risk.full_clean()
    risk._history_user, risk._change_reason = by, nfc(reason)
    risk.save()
    return risk

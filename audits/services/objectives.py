"""Quality objectives (mục tiêu chất lượng) of a year and their periodic measurements."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import Measurement, Nonconformity, QualityObjective
from audits.models.objectives import OBJECTIVES_CLAUSE
from audits.numbers import format_number, unit_suffix
from audits.selectors.improvement import latest_measurement
from audits.services.checks import check_member, check_same_agency, required_text
from audits.services.nonconformities import nonconformity_create
from audits.workflow import (
    check_objective_manage,
    check_objective_measure,
    check_objective_open_nonconformity,
)
from documents.models import IsoClause
from qms.agencies.models import Agency, User
from qms.agencies.permissions import require
from qms.lib.text import nfc

# The clause on quality objectives in each version of the standard.
FIELDS = (
    "year",
    "title",
    "indicator",
    "unit_of_measure",
    "target",
    "direction",
    "frequency",
    "unit",
    "responsible",
)


@transaction.atomic
def objective_save(
    *, agency: Agency, by: User, objective: QualityObjective | None = None, **fields
) -> QualityObjective:
    """Create or change an objective (ISO secretary). The unit and the responsible person
    belong to the agency; an objective's title is unique within its year."""
    if objective is None:
        require(by, "manage_audits", agency)
        objective = QualityObjective(agency=agency)
        reason = _("Objective set")
    elif objective.agency_id != agency.pk:
        raise ValidationError(_("This belongs to another agency."))
    else:
        check_objective_manage(objective, by)
        reason = _("Objective changed")
    check_same_agency(agency, unit=fields.get("unit"))
    check_member(agency, responsible=fields.get("responsible"))
    for name in FIELDS:
        if name in fields:
            value = fields[name]
            setattr(objective, name, nfc(value.strip()) if isinstance(value, str) else value)
    objective.full_clean()
    objective._history_user, objective._change_reason = by, reason
    objective.save()
    return objective


@transaction.atomic
def measurement_record(
    *,
    objective: QualityObjective,
    by: User,
    period: str,
    period_end: date,
    value: Decimal,
    note: str = "",
) -> Measurement:
    """Record the indicator's value for a period of the objective's year (the ISO secretary or
    the person responsible for the objective). One value per period; never a future period."""
    check_objective_measure(objective, by)
    period = required_text(period, "period", _("Name the period, for example Q1/2026."))
    if period_end.year != objective.year:
        raise ValidationError(
            {"period_end": _("The period must end within %(year)s.") % {"year": objective.year}}
        )
    if period_end > timezone.localdate():
        raise ValidationError({"period_end": _("A period is measured once it has ended.")})
    if objective.measurements.filter(period_end=period_end).exists():
        raise ValidationError({"period_end": _("This period already has a measurement.")})
    measurement = Measurement(
        objective=objective,
        period=nfc(period),
        period_end=period_end,
        value=value,
        note=nfc(note.strip()),
        measured_by=by,
    )
    measurement._history_user, measurement._change_reason = by, _("Measurement recorded")
    measurement.save()
    return measurement


@transaction.atomic
def objective_open_nonconformity(
    *, objective: QualityObjective, by: User, description: str = ""
) -> Nonconformity:
    """Register, in one step, the nonconformity of an objective whose latest measurement missed
    its target: source "objective", the objectives clause of the agency's version, the
    objective's unit, today. Refused while another nonconformity about it is still open."""
    check_objective_open_nonconformity(objective, by)
    latest = latest_measurement(objective)
    agency = objective.agency
    clause = IsoClause.objects.filter(
        version=agency.iso_version, number=OBJECTIVES_CLAUSE.get(agency.iso_version)
    ).first()
    facts = _(
        "Measured %(value)s%(unit)s in %(period)s against a target of %(target)s%(unit)s."
    ) % {
        "value": format_number(latest.value),
        "unit": unit_suffix(objective.unit_of_measure),
        "period": latest.period,
        "target": format_number(objective.target),
    }
    return nonconformity_create(
        agency=agency,
        by=by,
        source=Nonconformity.Source.OBJECTIVE,
        source_reference=f"{objective.year} · {objective.indicator}"[:255],
        title=(_("Objective not met: %(title)s") % {"title": objective.title})[:255],
        description=f"{facts}\n{description.strip()}".strip(),
        detected_on=timezone.localdate(),
        clause=clause,
        unit=objective.unit,
        objective=objective,
    )

"""What each step of a quality objective checks before acting.

The services call these checks; the objective's page asks ``objective_allowed_actions``, which
calls the very same functions, so that a button is shown exactly when pressing it would be
accepted.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from audits.models import QualityObjective
from audits.selectors.improvement import latest_measurement
from audits.workflow.nonconformities import REGISTRARS
from audits.workflow.transitions import require_any
from qms.agencies.permissions import require
from qms.lib.checks import allowed_names


def check_objective_measure(objective: QualityObjective, by) -> None:
    """The ISO secretary or the person responsible for the objective."""
    if objective.responsible_id == by.pk:
        return
    if not by.has_perm("qms.manage_audits", objective.agency):
        raise PermissionDenied


def check_objective_manage(objective: QualityObjective, by) -> None:
    """The ISO secretary sets the objective and plans its improvement actions."""
    require(by, "manage_audits", objective.agency)


def check_objective_open_nonconformity(objective: QualityObjective, by) -> None:
    """Whoever registers nonconformities, once the latest measurement missed its target and
    while no other nonconformity about the objective is still open."""
    require_any(by, objective.agency, REGISTRARS)
    latest = latest_measurement(objective)
    if latest is None or latest.met:
        raise ValidationError(
            _("Only an objective whose latest measurement missed its target opens a nonconformity.")
        )
    pending = objective.nonconformities.not_ended().first()
    if pending is not None:
        raise ValidationError(
            _("%(code)s about this objective is still open.") % {"code": pending.code}
        )


OBJECTIVE_CHECKS = {
    "measure": check_objective_measure,
    "edit": check_objective_manage,
    "add_action": check_objective_manage,
    "open_nonconformity": check_objective_open_nonconformity,
}


def objective_allowed_actions(objective: QualityObjective, user) -> frozenset[str]:
    """The steps ``user`` may take on ``objective`` now: the names of ``OBJECTIVE_CHECKS``
    whose check passes."""
    return allowed_names(OBJECTIVE_CHECKS, objective, user)

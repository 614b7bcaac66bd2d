"""The role table: which permissions on an agency each role grants.

Roles are per agency. A person holds a role in an agency by belonging to that agency's group
for the role; the group holds the permissions below as django-guardian object permissions on
the Agency row. The supervisor role is held on a province root and reaches, read-only, every
agency of that province.

The Ministry of Science and Technology (Bộ KH&CN, an agency of level MINISTRY with no parent and
no province) consolidates every province for the Prime Minister (Decision 19/2014/QĐ-TTg). A
supervisor role held there reaches every agency of every province with NATIONAL_PERMISSIONS
only: reading, never a province's own supervision work (announcements, inspections, annual
reports), which stays with the province's Sở KH&CN. On the Ministry itself they also hold
NATIONAL_SUPERVISION, a codename derived from ``supervise`` there (never stored, never granted
by hand), which the national pages and their navigation entry ask for; it replaces ``supervise``
on the Ministry, so no province's supervision work is offered there.

Supervisors read and never write into an agency: ``works_in`` (permissions.py) excludes their
reach. The province's Sở KH&CN keeps its own supervision records (inspections, report forms,
framework lists, recommendations to an agency); the Ministry keeps none.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ISO_SECRETARY = "iso_secretary", _("ISO secretary")
    DRAFTER = "drafter", _("Drafter")
    REVIEWER = "reviewer", _("Reviewer")
    APPROVER = "approver", _("Approver (leader)")
    AUDITOR = "auditor", _("Internal auditor")
    STAFF = "staff", _("Staff")
    ADMIN = "admin", _("Agency administrator")
    SUPERVISOR = "supervisor", _("Supervisor (Department of Science and Technology)")


# (codename, label) as Agency.Meta.permissions wants them.
AGENCY_PERMISSIONS = [
    ("view_qms", _("View the agency's quality management system")),
    ("draft_documents", _("Draft documents")),
    ("review_documents", _("Review documents")),
    ("approve_documents", _("Approve documents")),
    ("manage_documents", _("Manage the document system")),
    ("audit", _("Carry out internal audits")),
    ("manage_audits", _("Manage internal audits and corrective actions")),
    ("manage_members", _("Manage members, units and roles")),
    ("supervise", _("Supervise ISO adoption in the province")),
]

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ISO_SECRETARY: frozenset(
        {"view_qms", "draft_documents", "manage_documents", "manage_audits"}
    ),
    Role.DRAFTER: frozenset({"view_qms", "draft_documents"}),
    Role.REVIEWER: frozenset({"view_qms", "review_documents"}),
    Role.APPROVER: frozenset({"view_qms", "approve_documents"}),
    Role.AUDITOR: frozenset({"view_qms", "audit"}),
    Role.STAFF: frozenset({"view_qms"}),
    Role.ADMIN: frozenset({"view_qms", "manage_members"}),
    Role.SUPERVISOR: frozenset({"view_qms", "supervise"}),
}

# What a supervisor's role on the province root grants on every agency below it.
PROVINCE_WIDE_PERMISSIONS = frozenset({"view_qms", "supervise"})

# What a supervisor's role on the Ministry grants on every agency of every province.
NATIONAL_PERMISSIONS = frozenset({"view_qms"})
# Held on the Ministry by whoever holds ``supervise`` there: the national pages' permission.
NATIONAL_SUPERVISION = "supervise_nation"

"""The role table: which permissions on an agency each role grants.

Roles are per agency. A person holds a role in an agency by belonging to that agency's group
for the role; the group holds the permissions below as django-guardian object permissions on
the Agency row. The supervisor role is held on a province root and reaches, read-only, every
agency of that province.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ISO_SECRETARY = "iso_secretary", _("Thư ký ISO")
    DRAFTER = "drafter", _("Người soạn thảo")
    REVIEWER = "reviewer", _("Người xem xét")
    APPROVER = "approver", _("Lãnh đạo phê duyệt")
    AUDITOR = "auditor", _("Chuyên gia đánh giá nội bộ")
    STAFF = "staff", _("Cán bộ, công chức")
    ADMIN = "admin", _("Quản trị cơ quan")
    SUPERVISOR = "supervisor", _("Giám sát (Sở KH&CN)")


# (codename, label) as Agency.Meta.permissions wants them.
AGENCY_PERMISSIONS = [
    ("view_qms", _("Xem hệ thống quản lý chất lượng của cơ quan")),
    ("draft_documents", _("Soạn thảo tài liệu")),
    ("review_documents", _("Xem xét tài liệu")),
    ("approve_documents", _("Phê duyệt tài liệu")),
    ("manage_documents", _("Quản lý hệ thống tài liệu")),
    ("audit", _("Thực hiện đánh giá nội bộ")),
    ("manage_audits", _("Quản lý đánh giá nội bộ và hành động khắc phục")),
    ("manage_members", _("Quản lý thành viên, phòng ban và vai trò")),
    ("supervise", _("Giám sát việc áp dụng ISO trong tỉnh")),
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

"""The main navigation: each entry shows only to people holding one of its permissions."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.agencies.roles import NATIONAL_SUPERVISION


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permissions: frozenset[str]
    sections: tuple[str, ...]  # view-name prefixes that mark the entry active


NAVIGATION = [
    NavEntry(_("My tasks"), "home", frozenset({"view_qms"}), ("home",)),
    NavEntry(
        _("Documents"),
        "documents:register",
        frozenset({"view_qms"}),
        (
            "documents:register",
            "documents:document-",
            "documents:revision-",
            "documents:changerequest-",
            "documents:review-due",
            "documents:type-",
            "documents:import",
            "documents:acknowledgement-",
        ),
    ),
    NavEntry(
        _("External documents"),
        "documents:external-list",
        frozenset({"view_qms"}),
        ("documents:external-", "documents:needs-update"),
    ),
    NavEntry(
        _("Records"), "documents:record-register", frozenset({"view_qms"}), ("documents:record-",)
    ),
    NavEntry(
        _("Nonconformities"),
        "audits:nonconformity-list",
        frozenset({"view_qms"}),
        ("audits:nonconformity-", "audits:action-"),
    ),
    NavEntry(
        _("Internal audits"),
        "audits:programme-list",
        frozenset({"view_qms"}),
        (
            "audits:programme-",
            "audits:audit-",
            "audits:team-",
            "audits:schedule-",
            "audits:checklistitem-",
            "audits:finding-",
        ),
    ),
    NavEntry(
        _("Improvement"),
        "audits:dashboard",
        frozenset({"view_qms"}),
        ("audits:dashboard", "audits:objective-", "audits:risk-", "audits:review-"),
    ),
    NavEntry(
        _("Citizen satisfaction"),
        "audits:satisfaction-results",
        frozenset({"manage_audits", "approve_documents", "audit", "supervise"}),
        ("audits:satisfaction-",),
    ),
    NavEntry(
        _("Members"), "agencies:member-list", frozenset({"manage_members"}), ("agencies:member-",)
    ),
    NavEntry(_("Units"), "agencies:unit-list", frozenset({"manage_members"}), ("agencies:unit-",)),
    NavEntry(
        _("Supervision"),
        "monitoring:dashboard",
        frozenset({"supervise"}),
        (
            "monitoring:dashboard",
            "monitoring:agency-",
            "monitoring:framework",
            "monitoring:coverage-",
        ),
    ),
    NavEntry(
        _("Inspections"),
        "monitoring:inspection-plan-list",
        frozenset({"supervise"}),
        ("monitoring:inspection-plan-", "monitoring:inspection-checklist"),
    ),
    NavEntry(
        _("Annual reports of the agencies"),
        "monitoring:report-overview",
        frozenset({"supervise"}),
        (
            "monitoring:report-overview",
            "monitoring:report-template-",
            "monitoring:report-return",
            "monitoring:report-consolidated-",
        ),
    ),
    NavEntry(
        _("Announcements"),
        "monitoring:announcement-list",
        frozenset({"manage_documents"}),
        ("monitoring:announcement-",),
    ),
    NavEntry(
        _("Annual report"),
        "monitoring:my-reports",
        frozenset({"manage_documents"}),
        ("monitoring:my-reports", "monitoring:report-edit", "monitoring:report-detail"),
    ),
    NavEntry(
        _("Inspection results"),
        "monitoring:inspection-results",
        frozenset({"manage_documents", "approve_documents", "manage_audits"}),
        ("monitoring:inspection-results",),
    ),
    NavEntry(_("Audit trail"), "trail", frozenset({"manage_documents", "supervise"}), ("trail",)),
    NavEntry(
        _("National roll-up"),
        "monitoring:national",
        frozenset({NATIONAL_SUPERVISION}),
        ("monitoring:national",),
    ),
]


def navigation_for(perms: frozenset[str], resolver_match) -> list[dict]:
    current = resolver_match.view_name if resolver_match is not None else ""
    return [
        {
            "label": entry.label,
            "url": reverse(entry.url_name),
            "active": current.startswith(entry.sections),
        }
        for entry in NAVIGATION
        if entry.permissions & perms
    ]

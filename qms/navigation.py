"""The main navigation: a few menus, each entry shown only to people holding one of its
permissions.

``NAVIGATION`` lists the top level in order: a ``NavEntry`` stands alone as a link, a
``NavMenu`` groups entries under one heading. A menu with one visible entry shows as a plain
link and a menu with none disappears. An entry may sit in two menus for two audiences (the
audit trail); a person allowed both sees it once, in the first.
"""

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


@dataclass(frozen=True)
class NavMenu:
    key: str  # stable name of the menu in the page, whatever the language
    label: str
    entries: tuple[NavEntry, ...]


NAVIGATION: list[NavEntry | NavMenu] = [
    NavEntry(_("My tasks"), "home", frozenset({"view_qms"}), ("home",)),
    NavMenu(
        "documents",
        _("Documents"),
        (
            NavEntry(
                _("Document register"),
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
                _("Records"),
                "documents:record-register",
                frozenset({"view_qms"}),
                ("documents:record-",),
            ),
        ),
    ),
    NavMenu(
        "quality",
        _("Quality and improvement"),
        (
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
        ),
    ),
    NavMenu(
        "reports",
        _("Reports and announcements"),
        (
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
                _("Recommendations of the Department"),
                "monitoring:recommendation-list",
                frozenset({"manage_documents"}),
                ("monitoring:recommendation-list",),
            ),
            NavEntry(
                _("Inspection results"),
                "monitoring:inspection-results",
                frozenset({"manage_documents", "approve_documents", "manage_audits"}),
                ("monitoring:inspection-results",),
            ),
            NavEntry(_("Audit trail"), "trail", frozenset({"manage_documents"}), ("trail",)),
        ),
    ),
    NavMenu(
        "supervision",
        _("Supervision"),
        (
            NavEntry(
                _("National roll-up"),
                "monitoring:national",
                frozenset({NATIONAL_SUPERVISION}),
                ("monitoring:national",),
            ),
            NavEntry(
                _("ISO coverage in the province"),
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
            NavEntry(_("Audit trail"), "trail", frozenset({"supervise"}), ("trail",)),
        ),
    ),
    NavMenu(
        "administration",
        _("Administration"),
        (
            NavEntry(
                _("Members"),
                "agencies:member-list",
                frozenset({"manage_members"}),
                ("agencies:member-",),
            ),
            NavEntry(
                _("Units"), "agencies:unit-list", frozenset({"manage_members"}), ("agencies:unit-",)
            ),
        ),
    ),
]


def _link(entry: NavEntry, current: str) -> dict:
    return {
        "key": entry.url_name,
        "label": entry.label,
        "url": reverse(entry.url_name),
        "active": current.startswith(entry.sections),
        "is_menu": False,
    }


def navigation_for(perms: frozenset[str], resolver_match) -> list[dict]:
    """The top-level items ``perms`` may see, in order; no query.

    A link is ``{key, label, url, active, is_menu: False}``; a menu of two entries or more is
    ``{key, label, active, is_menu: True, entries: [link, …]}``, active when one entry is.
    """
    current = resolver_match.view_name if resolver_match is not None else ""
    shown: set[str] = set()
    items = []
    for item in NAVIGATION:
        group = item.entries if isinstance(item, NavMenu) else (item,)
        links = []
        for entry in group:
            if entry.permissions & perms and entry.url_name not in shown:
                shown.add(entry.url_name)
                links.append(_link(entry, current))
        if isinstance(item, NavMenu) and len(links) > 1:
            active = any(link["active"] for link in links)
            items.append(
                {
                    "key": item.key,
                    "label": item.label,
                    "active": active,
                    "is_menu": True,
                    "entries": links,
                }
            )
        else:
            items.extend(links)
    return items

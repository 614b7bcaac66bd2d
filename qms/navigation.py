"""The main navigation: each entry shows only to people holding one of its permissions."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permissions: frozenset[str]
    section: str  # URL namespace or name that marks the entry active


NAVIGATION = [
    NavEntry(_("My tasks"), "home", frozenset({"view_qms"}), "home"),
    NavEntry(
        _("Members"), "agencies:member-list", frozenset({"manage_members"}), "agencies:member"
    ),
    NavEntry(_("Units"), "agencies:unit-list", frozenset({"manage_members"}), "agencies:unit"),
]


def navigation_for(perms: frozenset[str], resolver_match) -> list[dict]:
    current = ""
    if resolver_match is not None:
        current = resolver_match.view_name
    return [
        {
            "label": entry.label,
            "url": reverse(entry.url_name),
            "active": current == entry.section or current.startswith(entry.section + "-"),
        }
        for entry in NAVIGATION
        if entry.permissions & perms
    ]

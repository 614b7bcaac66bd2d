"""The annual report's fields: the default form, and the values the system computes from an
agency's data for the keys it knows."""

import re
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qms.agencies.models import Agency
from qms.monitoring import agency_figures as figures
from qms.monitoring.models import ReportTemplate

T = ReportTemplate.FieldType
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_FIELDS = 40
MAX_LABEL = 200
MAX_TEXT = 2000

# key → how to compute it for (agency, year). Keys not here are typed by the agency.
COMPUTED: dict[str, Callable[[Agency, int], object]] = {
    "effective_procedures": lambda agency, year: figures.effective_procedures(agency),
    "tthc_procedures": lambda agency, year: figures.tthc_procedures(agency),
    "internal_audits": figures.audits_done,
    "nonconformities_raised": figures.nonconformities_raised,
    "nonconformities_closed": figures.nonconformities_closed,
    "last_management_review": lambda agency, year: figures.last_review_on(
        agency, on=date(year, 12, 31)
    ),
}


def default_fields() -> list[dict]:
    """The proposed form (reference/domain.md §1.4; not the official one), labels translated
    now since they are stored as the template's own text."""
    return [
        {"key": "effective_procedures", "label": _("Effective procedures"), "type": T.NUMBER},
        {
            "key": "tthc_procedures",
            "label": _("Administrative procedures (TTHC) covered"),
            "type": T.NUMBER,
        },
        {
            "key": "internal_audits",
            "label": _("Internal audits done in the year"),
            "type": T.NUMBER,
        },
        {"key": "nonconformities_raised", "label": _("Nonconformities raised"), "type": T.NUMBER},
        {"key": "nonconformities_closed", "label": _("Nonconformities closed"), "type": T.NUMBER},
        {"key": "last_management_review", "label": _("Last management review"), "type": T.DATE},
        {"key": "announcement", "label": _("Announcement decision (number, date)"), "type": T.TEXT},
        {"key": "complaints", "label": _("Complaints received and handled"), "type": T.TEXT},
        {"key": "budget", "label": _("Budget used for ISO (VND)"), "type": T.NUMBER},
        {"key": "difficulties", "label": _("Difficulties and proposals"), "type": T.TEXT},
    ]


def clean_fields(fields: list[dict]) -> list[dict]:
    """Check a form's field list: keys unique and simple, labels given, known types."""
    if not fields:
        raise ValidationError({"fields": _("The form needs at least one field.")})
    if len(fields) > MAX_FIELDS:
        raise ValidationError({"fields": _("At most %(n)s fields.") % {"n": MAX_FIELDS}})
    seen, cleaned = set(), []
    for field in fields:
        key, label = str(field.get("key", "")).strip(), str(field.get("label", "")).strip()
        kind = str(field.get("type", "")).strip()
        if not KEY.match(key) or key in seen:
            raise ValidationError(
                {
                    "fields": _("“%(key)s”: a key is unique, in lower-case letters, digits and _.")
                    % {"key": key}
                }
            )
        if not label or len(label) > MAX_LABEL:
            raise ValidationError(
                {
                    "fields": _("“%(key)s”: give a label of at most %(n)s characters.")
                    % {"key": key, "n": MAX_LABEL}
                }
            )
        if kind not in T.values:
            raise ValidationError(
                {"fields": _("“%(key)s”: the type is number, text or date.") % {"key": key}}
            )
        seen.add(key)
        cleaned.append({"key": key, "label": label, "type": kind})
    return cleaned


def to_stored(value, kind: str):
    """A value as the JSON column keeps it: int, ISO date string or text; None when empty."""
    if value in (None, ""):
        return None
    if kind == T.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    return value


def computed_values(template: ReportTemplate, agency: Agency) -> dict:
    """The values the system computes for ``agency``, for the keys of ``template`` it knows."""
    return {
        field["key"]: to_stored(COMPUTED[field["key"]](agency, template.year), field["type"])
        for field in template.fields
        if field["key"] in COMPUTED
    }


def clean_values(template: ReportTemplate, values: dict) -> dict:
    """Keep the template's keys, each checked against its type."""
    cleaned = {}
    for field in template.fields:
        key, kind, value = field["key"], field["type"], values.get(field["key"])
        if value in (None, ""):
            cleaned[key] = None
        elif kind == T.NUMBER:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValidationError({key: _("Enter a whole number, zero or more.")})
            cleaned[key] = value
        elif kind == T.DATE:
            if not isinstance(value, date):
                raise ValidationError({key: _("Enter a valid date.")})
            cleaned[key] = value.isoformat()
        else:
            value = str(value).strip()
            if len(value) > MAX_TEXT:
                raise ValidationError(
                    {key: _("At most %(limit)s characters, please.") % {"limit": MAX_TEXT}}
                )
            cleaned[key] = value or None
    return cleaned

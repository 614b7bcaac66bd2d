"""The inputs a management review froze at the meeting, as labelled rows for the page and the
PDF (``audits.selectors.review_inputs`` compiles them)."""

from datetime import date

from audits.models import Action, Band, ContextIssue, Nonconformity, QualityObjective
from audits.numbers import with_unit
from audits.selectors.review_inputs import inputs_for

SOURCES_OF = {
    "nc_audit": (Nonconformity.Source.AUDIT, Nonconformity.Source.INSPECTION),
    "nc_feedback": (Nonconformity.Source.COMPLAINT,),
    "nc_late": (Nonconformity.Source.LATE_DOSSIER, Nonconformity.Source.OBJECTIVE),
}


def present_inputs(version: str, data: dict, minutes: dict) -> list[dict]:
    """One entry per input: its letter, label, minutes and the labelled data it shows."""
    shown = _labelled(data)
    return [
        {
            "key": item.key,
            "letter": item.letter,
            "label": item.label,
            "minutes": minutes.get(item.key, ""),
            "sections": [(name, shown.get(name)) for name in item.sections],
        }
        for item in inputs_for(version)
    ]


def _labelled(data: dict) -> dict:
    if not data:
        return {}
    sources = data.get("nonconformities", {}).get("by_source", {})
    shown = {
        name: [
            {"label": Nonconformity.Source(source).label, **sources.get(source, _zero())}
            for source in wanted
        ]
        for name, wanted in SOURCES_OF.items()
    }
    by_status = data.get("nonconformities", {}).get("by_status", {})
    shown["nc_status"] = [
        {"label": label, "count": by_status.get(value, 0)}
        for value, label in Nonconformity.Status.choices
        if by_status.get(value)
    ]
    actions = data.get("actions", {})
    shown["actions"] = [
        {"label": label, **actions.get(value, {"open": 0, "done": 0, "overdue": 0})}
        for value, label in Action.Kind.choices
        if value in actions
    ]
    objectives = data.get("objectives", {})
    directions = dict(QualityObjective.Direction.choices)
    shown["objectives"] = {
        "year": objectives.get("year"),
        "items": [
            {
                **item,
                "target_text": with_unit(item["target"], item["unit"]),
                "value_text": with_unit(item["value"], item["unit"]),
                "direction_label": directions.get(item["direction"], ""),
            }
            for item in objectives.get("items", [])
        ],
        "met": sum(1 for item in objectives.get("items", []) if item["met"] is True),
        "not_met": sum(1 for item in objectives.get("items", []) if item["met"] is False),
        "not_measured": sum(1 for item in objectives.get("items", []) if item["met"] is None),
    }
    shown["satisfaction"] = _satisfaction_shown(data.get("satisfaction"))
    shown["documents"] = shown["changes"] = data.get("documents", {})
    status_labels = dict(Action.Status.choices)
    shown["previous"] = [
        {
            **row,
            "status_label": status_labels.get(row["status"], row["status"]),
            "due_text": date.fromisoformat(row["due_on"]).strftime("%d/%m/%Y"),
        }
        for row in data.get("previous", [])
    ]
    risks = data.get("risks", {})
    bands = risks.get("by_band", {})
    shown["risks"] = {
        "by_band": [
            {"band": value, "label": label, "count": bands.get(value, 0)}
            for value, label in Band.choices
        ],
        "top": [{**row, "band_label": Band(row["band"]).label} for row in risks.get("top", [])],
    }
    shown["context"] = _context_shown(data.get("context"))
    shown["opportunities"] = [
        {**row, "band_label": Band(row["band"]).label} for row in risks.get("opportunities", [])
    ]
    return shown


def _context_shown(context: dict | None) -> dict | None:
    """The climate decision apart from the other issues; None for reviews compiled before the
    register existed."""
    if context is None:
        return None
    origins = dict(ContextIssue.Origin.choices)
    issues = [{**row, "origin_label": origins.get(row["origin"], "")} for row in context["issues"]]
    return {
        "climate": next((row for row in issues if row["is_climate"]), None),
        "issues": [row for row in issues if not row["is_climate"]],
        "parties": context["parties"],
    }


def _satisfaction_shown(figures: dict | None) -> dict | None:
    """None for reviews compiled before satisfaction surveys existed."""
    if figures is None:
        return None
    percent = figures.get("percent")
    return {**figures, "met": None if percent is None else percent >= figures["target"]}


def _zero() -> dict:
    return {"open": 0, "closed": 0, "total": 0}

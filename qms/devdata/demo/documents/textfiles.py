"""The literal texts of the demo documents, read from ``texts/<group>.toml`` beside this module
and made into ``Spec`` objects for one agency.

A group file holds one table per document, named after what the document is about rather than
its code (an agency on ISO 9001:2008 gives QT-05 to another procedure). A document table has:

- ``code`` and ``title``; optionally ``unit``, ``clauses`` (a key of ``specs.CLAUSES``),
  ``cited`` (numbers of external documents), ``tthc`` and ``restricted``;
- its content: ``purpose``, ``scope`` and ``body`` (text); ``references`` and ``definitions``,
  the lines added to the agency's usual ones (``Ctx.refs``, ``Ctx.defs``; an empty array keeps
  the usual ones alone); ``steps`` (``content``, ``responsible``, ``days``, ``output``: no days,
  no time limit) and ``records`` (``name``, ``keeper``, ``years``: no years, kept permanently);
- ``forms`` (``code``, ``title``, ``columns``);
- ``story``: its events in order, each an ``event`` (see ``Spec``) with the fields ``EVENTS``
  names; no story means issue 1 in force.

Variants: a table (a document, a step, a record) may hold a sub-table named after a variant,
whose keys replace the table's own when the variant applies. ``iso2015`` and ``iso2008`` apply
by the agency's version of ISO 9001; the others (``VARIANTS``) when the caller asks for them.

Placeholders: every text is filled with ``str.format_map`` from the agency's facts (``{name}``,
``{short}``, ``{leader}``, ``{office}``, ``{units}``, ``{standard}``, ``{year}``) and what the
caller adds (``{code}``, ``{desk}``...); a literal brace is written twice.
"""

import tomllib
from functools import cache
from pathlib import Path

from documents.models import DocumentReview
from qms.devdata.demo.documents.specs import Ctx, Revise, Spec, form, record, step

FOLDER = Path(__file__).with_name("texts")

# The content fields, in the order a document's content lists them.
CONTENT = ("purpose", "scope", "references", "definitions", "body", "steps", "records")

VARIANTS = frozenset(
    {
        "iso2015",
        "iso2008",
        "electronic",  # documents reviewed, approved and distributed in the ISO software
        "linked",  # TTHC received together with the linked ones (liên thông)
    }
)

# The fields of each story event, in the order ``Builder`` reads them. A ``revise`` event holds
# the change request's reason, description and summary; the caller gives the new content.
EVENTS = {
    "effective": (),
    "draft": (),
    "in_review": (),
    "in_approval": (),
    "approved": ("days",),
    "returned": ("comment",),
    "withdraw": ("reason",),
    "request": ("reason", "description", "source"),
    "refuse": ("reason", "description", "note"),
    "review": ("outcome", "note"),
}


@cache
def _group(name: str) -> dict:
    with (FOLDER / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def _pick(value, variants: tuple[str, ...]):
    """``value`` with the variants that apply merged in and the others left out."""
    if isinstance(value, list):
        return [_pick(item, variants) for item in value]
    if not isinstance(value, dict):
        return value
    picked = {key: _pick(item, variants) for key, item in value.items() if key not in VARIANTS}
    for variant in variants:
        if variant in value:
            picked.update(_pick(value[variant], variants))
    return picked


def _fill(value, values: dict):
    if isinstance(value, str):
        return value.format_map(values)
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    return value


class Texts:
    """One group's texts, written for one agency."""

    def __init__(self, group: str, ctx: Ctx, **values) -> None:
        self.ctx = ctx
        self.tables = _group(group)
        self.values = {
            "name": ctx.name,
            "short": ctx.short,
            "leader": ctx.leader,
            "office": ctx.office,
            "units": ctx.units,
            "standard": ctx.standard,
            "year": ctx.year,
            **values,
        }

    def table(self, key: str, *variants: str, **values) -> dict:
        """The table ``key`` with its variants picked and its placeholders filled."""
        picked = _pick(self.tables[key], (f"iso{self.ctx.version}", *variants))
        return _fill(picked, self.values | values)

    def spec(self, key: str, *variants: str, revise: dict | None = None, **fields) -> Spec:
        """The document of table ``key``; ``fields`` are the ``Spec`` fields the texts leave
        to the code (the drafter, say)."""
        return self.build(self.table(key, *variants), revise=revise, **fields)

    def build(self, table: dict, *, revise: dict | None = None, **fields) -> Spec:
        """The document of a table already picked and filled (see ``story`` for ``revise``)."""
        own = {key: value for key, value in table.items() if key not in CONTENT}
        if "cited" in own:
            own["cited"] = tuple(own["cited"])
        if "story" in own:
            own["story"] = self.story(own, revise)
        own["forms"] = [form(**row) for row in own.get("forms", [])]
        return Spec(**own, content=self.content(table), **fields)

    def content(self, table: dict) -> dict:
        """The content fields of a table, as the revision services take them."""
        content = {key: table[key] for key in CONTENT if key in table}
        if "references" in content:
            content["references"] = self.ctx.refs(*content["references"])
        if "definitions" in content:
            content["definitions"] = self.ctx.defs(*content["definitions"])
        if "steps" in content:
            content["steps"] = [step(**row) for row in content["steps"]]
        if "records" in content:
            content["records"] = [record(**{"years": None} | row) for row in content["records"]]
        return content

    def story(self, table: dict, revise: dict | None = None) -> tuple:
        """The story of a table; a ``revise`` event takes the rest of its ``Revise`` (the new
        content, who asks) from ``revise``."""
        events = []
        for row in table["story"]:
            fields = dict(row)
            event = fields.pop("event")
            if event == "revise":
                events.append((event, Revise(**fields, **revise)))
                continue
            if event == "review":
                fields["outcome"] = DocumentReview.Outcome(fields["outcome"])
            args = tuple(fields.pop(name) for name in EVENTS[event])
            if fields:
                raise KeyError(f"{event}: unknown fields {sorted(fields)}")
            events.append((event, *args))
        return tuple(events)

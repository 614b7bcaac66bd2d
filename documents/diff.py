"""What a later issue changed: ``compare_revisions(old, new)`` says, section by section and
step by step, what a later issue (lần ban hành) changed. It only reads; the views decide who may
see it.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from documents.models import (
    Document,
    ProcedureStep,
    RecordItem,
    Revision,
)
from qms.lib.text import nfc

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"

# The summary of changes is not diffed: each issue writes its own, so the later one is shown
# as it stands (``RevisionDiff.change_summary``).
SECTIONS = ("purpose", "scope", "references", "definitions", "body")
STEP_FIELDS = ("content", "responsible", "time_text", "duration_days", "output")
# The retention column shows the whole rule ("02 năm kể từ khi kết thúc hợp đồng"), so a
# change of its kind, years or event is one changed cell.
RECORD_FIELDS = ("name", "keeper", "retention")

# Two rows are "the same step, edited" when this share of their words still match; below
# it, an edit is shown as one step removed and another added.
SIMILAR = 0.6

ROW_LABELS = {
    ADDED: gettext_lazy("Added"),
    REMOVED: gettext_lazy("Removed"),
    CHANGED: gettext_lazy("Changed"),
    UNCHANGED: "",
}
# The summary line, in this order; "count" picks the plural form when formatted.
SUMMARY = [
    ("sections", ngettext_lazy("%(count)s section changed", "%(count)s sections changed", "count")),
    ("steps_added", ngettext_lazy("%(count)s step added", "%(count)s steps added", "count")),
    ("steps_removed", ngettext_lazy("%(count)s step removed", "%(count)s steps removed", "count")),
    ("steps_changed", ngettext_lazy("%(count)s step changed", "%(count)s steps changed", "count")),
    ("records_added", ngettext_lazy("%(count)s record added", "%(count)s records added", "count")),
    (
        "records_removed",
        ngettext_lazy("%(count)s record removed", "%(count)s records removed", "count"),
    ),
    (
        "records_changed",
        ngettext_lazy("%(count)s record changed", "%(count)s records changed", "count"),
    ),
    ("forms_added", ngettext_lazy("%(count)s form linked", "%(count)s forms linked", "count")),
    (
        "forms_removed",
        ngettext_lazy("%(count)s form unlinked", "%(count)s forms unlinked", "count"),
    ),
]
ROW_CLASSES = {
    ADDED: "qms-diff-added table-success",
    REMOVED: "qms-diff-removed table-danger",
    CHANGED: "qms-diff-changed table-warning",
    UNCHANGED: "",
}


@dataclass(frozen=True)
class Segment:
    """A run of words that both texts share (equal), or that only the new (insert) or only
    the old one (delete) has."""

    kind: str
    text: str


@dataclass
class SectionDiff:
    name: str
    label: str
    changed: bool
    segments: list[Segment]


@dataclass
class Cell:
    """One field of a table row: ``value`` to show as is, or the old and new values."""

    label: str
    value: str
    old: str = ""
    new: str = ""
    changed: bool = False
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Row:
    """One step or record, matched across the two issues."""

    status: str
    old: ProcedureStep | RecordItem | None
    new: ProcedureStep | RecordItem | None
    cells: list[Cell]

    @property
    def number(self) -> int:
        return (self.new or self.old).order

    @property
    def old_number(self) -> int | None:
        """The old position, when the row moved."""
        if self.old and self.new and self.old.order != self.new.order:
            return self.old.order
        return None

    @property
    def label(self) -> str:
        return str(ROW_LABELS[self.status])

    @property
    def row_class(self) -> str:
        return ROW_CLASSES[self.status]

    @property
    def changed_labels(self) -> list[str]:
        return [cell.label for cell in self.cells if cell.changed]


@dataclass
class RevisionDiff:
    old: Revision
    new: Revision
    sections: list[SectionDiff]
    steps: list[Row]
    old_total_days: Decimal
    new_total_days: Decimal
    records: list[Row]
    forms_added: list[Document]
    forms_removed: list[Document]
    old_file_name: str
    new_file_name: str

    @property
    def change_summary(self) -> str:
        """What the later issue says it changed, in its own words."""
        return self.new.change_summary

    @property
    def sections_changed(self) -> list[SectionDiff]:
        return [section for section in self.sections if section.changed]

    @property
    def file_changed(self) -> bool:
        return self.old_file_name != self.new_file_name

    @property
    def total_changed(self) -> bool:
        return self.old_total_days != self.new_total_days

    @property
    def old_total_label(self) -> str:
        return _days(self.old_total_days)

    @property
    def new_total_label(self) -> str:
        return _days(self.new_total_days)

    @property
    def step_labels(self) -> list[str]:
        return _labels(ProcedureStep, STEP_FIELDS)

    @property
    def record_labels(self) -> list[str]:
        return _labels(RecordItem, RECORD_FIELDS)

    def count(self, rows: list[Row], status: str) -> int:
        return sum(1 for row in rows if row.status == status)

    def summary_parts(self) -> list[str]:
        counts = {
            "sections": len(self.sections_changed),
            "forms_added": len(self.forms_added),
            "forms_removed": len(self.forms_removed),
        }
        for status in (ADDED, REMOVED, CHANGED):
            counts[f"steps_{status}"] = self.count(self.steps, status)
            counts[f"records_{status}"] = self.count(self.records, status)
        parts = [text % {"count": counts[key]} for key, text in SUMMARY if counts[key]]
        if self.file_changed:
            parts.append(_("the source file changed"))
        return parts

    @property
    def summary(self) -> str:
        parts = self.summary_parts()
        if not parts:
            return _("No differences.")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:] + "."


# Words ------------------------------------------------------------------------------------

_WORD = re.compile(r"(\S+)(\s*)")


def _tokens(text: str) -> list[tuple[str, str]]:
    """(word, whitespace after it) pairs of the NFC text: a word is a whitespace-separated
    token, so diacritics and punctuation stay part of their word."""
    text = nfc(text or "").replace("\r\n", "\n").strip()
    return [(match.group(1), match.group(2)) for match in _WORD.finditer(text)]


def _append(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))


def _append_change(segments: list[Segment], kind: str, tokens: list[tuple[str, str]]) -> None:
    # The whitespace after the last changed word stays outside the mark, so that
    # "<del>cũ</del> <ins>mới</ins>" reads as two words, not one underlined run.
    text = "".join(word + space for word, space in tokens)
    stripped = text.rstrip()
    _append(segments, kind, stripped)
    _append(segments, EQUAL, text[len(stripped) :] or (" " if kind == DELETE else ""))


def word_diff(old: str, new: str) -> list[Segment]:
    """The new text as equal, inserted and deleted runs of words (difflib on words)."""
    a, b = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(None, [w for w, _s in a], [w for w, _s in b], autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, EQUAL, "".join(w + s for w, s in b[j1:j2]))
            continue
        if i2 > i1:
            _append_change(segments, DELETE, a[i1:i2])
        if j2 > j1:
            _append_change(segments, INSERT, b[j1:j2])
    if segments and segments[-1].kind == EQUAL:
        segments[-1] = Segment(EQUAL, segments[-1].text.rstrip())
    return [segment for segment in segments if segment.text]


def _words(text: str) -> list[str]:
    return [word.casefold() for word, _space in _tokens(text)]


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


# Rows -------------------------------------------------------------------------------------


def _pair_similar(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Order-preserving pairing of two short lists that maximises the total similarity of
    the pairs (each at least SIMILAR); the rest are removed or added."""
    n, m = len(old), len(new)
    score = [[0.0] * (m + 1) for _i in range(n + 1)]
    sims = [[_similarity(old[i], new[j]) for j in range(m)] for i in range(n)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if sims[i][j] >= SIMILAR:
                best = max(best, sims[i][j] + score[i + 1][j + 1])
            score[i][j] = best
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if sims[i][j] >= SIMILAR and score[i][j] == sims[i][j] + score[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return pairs


def align(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Match rows by their text, not their position: identical texts anchor the match
    (so inserting a row shifts nothing), then similar texts pair up as edited rows."""
    keys_old = [" ".join(_words(text)) for text in old]
    keys_new = [" ".join(_words(text)) for text in new]
    matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            block = _pair_similar(old[i1:i2], new[j1:j2])
            pairs += [
                (None if i is None else i1 + i, None if j is None else j1 + j) for i, j in block
            ]
    return pairs


def _days(value: Decimal | None) -> str:
    if value is None:
        return ""
    return formats.localize(Decimal(format(value.normalize(), "f")))


def _display(item, name: str) -> str:
    value = getattr(item, name)
    if name == "duration_days":
        return _days(value)
    if name == "retention":
        return item.retention_display
    return nfc(value or "")


def _labels(model, names: tuple[str, ...]) -> list[str]:
    return [str(capfirst(model._meta.get_field(name).verbose_name)) for name in names]


def _rows(model, names: tuple[str, ...], key: str, old: list, new: list) -> list[Row]:
    labels = dict(zip(names, _labels(model, names), strict=True))
    rows = []
    for i, j in align([getattr(o, key) for o in old], [getattr(n, key) for n in new]):
        before = old[i] if i is not None else None
        after = new[j] if j is not None else None
        if before is None or after is None:
            item = after or before
            cells = [Cell(labels[name], _display(item, name)) for name in names]
            rows.append(Row(ADDED if before is None else REMOVED, before, after, cells))
            continue
        cells = []
        for name in names:
            was, now = _display(before, name), _display(after, name)
            changed = _words(was) != _words(now)
            segments = word_diff(was, now) if changed and name in ("content", "name") else []
            cells.append(Cell(labels[name], now, was, now, changed, segments))
        status = CHANGED if any(cell.changed for cell in cells) else UNCHANGED
        rows.append(Row(status, before, after, cells))
    return rows


def compare_revisions(old: Revision, new: Revision) -> RevisionDiff:
    """What ``new`` changed compared with ``old`` (two issues of one document)."""
    sections = []
    for name in SECTIONS:
        was, now = getattr(old, name), getattr(new, name)
        changed = _words(was) != _words(now)
        sections.append(
            SectionDiff(
                name=name,
                label=str(capfirst(Revision._meta.get_field(name).verbose_name)),
                changed=changed,
                segments=word_diff(was, now) if changed else [],
            )
        )
    old_steps, new_steps = list(old.steps.order_by("order")), list(new.steps.order_by("order"))
    old_forms = {form.pk: form for form in old.forms.order_by("code")}
    new_forms = {form.pk: form for form in new.forms.order_by("code")}
    return RevisionDiff(
        old=old,
        new=new,
        sections=sections,
        steps=_rows(ProcedureStep, STEP_FIELDS, "content", old_steps, new_steps),
        old_total_days=sum((s.duration_days or Decimal(0) for s in old_steps), Decimal(0)),
        new_total_days=sum((s.duration_days or Decimal(0) for s in new_steps), Decimal(0)),
        records=_rows(
            RecordItem,
            RECORD_FIELDS,
            "name",
            list(old.records.order_by("order")),
            list(new.records.order_by("order")),
        ),
        forms_added=[form for pk, form in new_forms.items() if pk not in old_forms],
        forms_removed=[form for pk, form in old_forms.items() if pk not in new_forms],
        old_file_name=old.source_name,
        new_file_name=new.source_name,
    )

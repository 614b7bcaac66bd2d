"""The row tables of a procedure: the steps, the revision history, the records to keep and
the forms, each read under the header row ``tables.Grid.header`` found by its words."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from documents.word import phrases
from documents.word.phrases import clean
from documents.word.structure import FormRef, HistoryEntry, ProcedureStructure, RecordEntry, Step
from documents.word.tables import (
    FORM_COLUMNS,
    HISTORY_COLUMNS,
    RECORD_COLUMNS,
    STEP_COLUMNS,
    Grid,
    header_of,
)
from qms.lib.text import fold

STEP_FIELDS = ("content", "responsible", "time", "output")


def _body_rows(grid: Grid, header_row: int):
    """The rows under the header that hold anything, each with its distinct texts."""
    for row in range(header_row + 1, len(grid.rows)):
        texts = grid.distinct(row)
        if any(texts):
            yield row, texts


def read_steps(grid: Grid, structure: ProcedureStructure, warn: Callable) -> None:
    """One step per row; the total row ("Tổng thời gian …") is kept apart, and a row merged
    across the whole table (a stage title) is not a step."""
    header_row, columns = header_of(grid, STEP_COLUMNS, ("content", "responsible", "time"))
    if (
        "label" not in columns
        and 0 not in columns.values()
        and _labels_in_first_column(grid, header_row)
    ):
        columns = {**columns, "label": 0}
    for row, texts in _body_rows(grid, header_row):
        if any(phrases.is_total(text) for text in [t for t in texts if t][:2]):
            structure.stated_total_text = clean(" ".join(t for t in texts if t))
            structure.stated_total_days = phrases.first_duration(structure.stated_total_text)
            continue
        if len(texts) == 1 and len(grid.rows[row]) > 1:
            continue
        structure.steps.append(_step(grid, row, columns, len(structure.steps) + 1, warn))


def _labels_in_first_column(grid: Grid, header_row: int) -> bool:
    """Whether the first column holds "1", "B1", "Bước 1" under a header cell left blank."""
    labels = [grid.text(row, 0) for row, _texts in _body_rows(grid, header_row)]
    return sum(phrases.is_step_label(label) for label in labels) > len(labels) // 2


def _step(grid: Grid, row: int, columns: dict[str, int], number: int, warn: Callable) -> Step:
    cells = grid.rows[row]
    label = grid.text(row, columns["label"]) if "label" in columns else ""
    label = label or str(number)
    values: dict[str, str] = {}
    used: list = []
    merged = missing = False
    for name in STEP_FIELDS:
        column = columns.get(name)
        if column is None:
            values[name] = ""
        elif column >= len(cells):
            values[name], missing = "", True
        elif any(cells[column][0] is tc for tc in used):
            values[name], merged = "", True
        else:
            used.append(cells[column][0])
            values[name] = grid.text(row, column)
    if merged:
        warn(
            _("Step %(step)s: cells of its row are merged; check its responsible, time and output.")
            % {"step": label}
        )
    if missing:
        warn(
            _("Step %(step)s: its row has fewer cells than the header; check its time and output.")
            % {"step": label}
        )
    days, understood = phrases.step_duration(values["time"])
    if not understood:
        warn(
            _(
                "Step %(step)s: the time “%(time)s” cannot be read; it is kept as text without a duration."
            )
            % {"step": label, "time": values["time"]}
        )
    return Step(
        label=label,
        content=values["content"],
        responsible=values["responsible"],
        time_text=values["time"],
        duration_days=days,
        output=values["output"],
    )


def read_history(grid: Grid, structure: ProcedureStructure, warn: Callable) -> None:
    header_row, columns = header_of(grid, HISTORY_COLUMNS, ("summary", "on"))
    for row, _texts in _body_rows(grid, header_row):
        value = {name: grid.text(row, column) for name, column in columns.items()}
        if not value.get("summary") and not value.get("on"):
            continue
        on, exists = phrases.written_date(value.get("on", ""))
        if on is None and value.get("on"):
            message = (
                _("Revision history: the date “%(date)s” is not a date that exists; check it.")
                if not exists
                else _("Revision history: the date “%(date)s” cannot be read.")
            )
            warn(message % {"date": value["on"]})
        structure.history.append(
            HistoryEntry(
                issue=phrases.issue_number(value.get("issue", "")),
                on=on,
                part=value.get("part", ""),
                summary=value.get("summary", ""),
            )
        )


def read_records(grid: Grid, structure: ProcedureStructure, warn: Callable) -> None:
    header_row, columns = header_of(grid, RECORD_COLUMNS, ("name", "retention"))
    for row, _texts in _body_rows(grid, header_row):
        name = grid.text(row, columns["name"])
        if not name:
            continue
        written = grid.text(row, columns["retention"])
        rule, years, event = phrases.retention(written)
        if rule is None:
            warn(
                _("Record “%(record)s”: the retention “%(retention)s” cannot be read.")
                % {"record": name, "retention": written}
                if written
                else _("Record “%(record)s” has no retention.") % {"record": name}
            )
        structure.records.append(
            RecordEntry(
                name=name,
                keeper=grid.text(row, columns["keeper"]) if "keeper" in columns else "",
                retention_text=written,
                retention=rule,
                retention_years=years,
                retention_event=event,
            )
        )


def read_forms(grid: Grid, structure: ProcedureStructure, warn: Callable) -> None:
    """A table of forms, by its "Mã hiệu" and "Tên" columns, or else any row holding a
    form's code."""
    header = header_of(grid, FORM_COLUMNS, ("code", "name"))
    if header:
        header_row, columns = header
        pairs = [
            (grid.text(row, columns["code"]), grid.text(row, columns["name"]))
            for row, _texts in _body_rows(grid, header_row)
        ]
    else:
        pairs = []
        for row in range(len(grid.rows)):
            texts = grid.distinct(row)
            line = " ".join(texts)
            code = phrases.FORM_CODE.search(line)
            if code:
                name = max((t for t in texts if code[0] not in t), key=len, default="")
                pairs.append((code[0], name))
    for code, name in pairs:
        add_form(structure, code, name)


def add_form(structure: ProcedureStructure, code: str, name: str) -> None:
    """A form once by its code, as written but in capitals ("bm-01" and "BM-01" are one)."""
    code = clean(code).upper()
    if code and all(fold(form.code) != fold(code) for form in structure.forms):
        structure.forms.append(FormRef(code=code, name=clean(name)))

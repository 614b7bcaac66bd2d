"""Which .docx belongs to which row of the list, as people name their files.

A file belongs to a row when its name holds the row's code, whatever the separators, case
and diacritics ("QT-04 Kiem soat ho so.docx", "qt_04-kiem-soat-ho-so.docx" for QT-04). Codes
are compared word by word, so QT-1 never matches QT-10, and the longest code found wins
(BM-01-QT-04 over QT-04). A file that matches two rows equally, no row, or a row another file
also matches waits for the person's choice, which the batch keeps.
"""

import re
from dataclasses import dataclass, field

from documents.models import DocumentType
from qms.lib.text import fold, nfc

# A file set aside by the person: matched to no row, not imported.
SET_ASIDE = 0


def code_tokens(text: str) -> tuple[str, ...]:
    """The words of a code or a file name: runs of letters and of digits, folded, numbers
    without leading zeros, so that "QT-04", "qt_4" and "QT04.docx" give ("qt", "4")."""
    name = re.sub(r"\.docx$", "", text.strip(), flags=re.IGNORECASE)
    words = re.findall(r"[a-z]+|[0-9]+", fold(nfc(name)))
    return tuple(word.lstrip("0") or "0" if word.isdigit() else word for word in words)


def types_by_label(types: list[DocumentType]) -> dict[str, DocumentType]:
    """The agency's types by folded prefix and folded name ("qt", "quy trinh"); a prefix
    wins over another type's name, and a name two types share names neither."""
    by_name: dict[str, list[DocumentType]] = {}
    for document_type in types:
        by_name.setdefault(fold(document_type.name), []).append(document_type)
    labels = {name: found[0] for name, found in by_name.items() if len(found) == 1}
    labels.update({fold(document_type.prefix): document_type for document_type in types})
    return labels


@dataclass
class FileChoice:
    """A file the person decides about: the rows it matched (best first), and the choice
    made so far (a row's line, SET_ASIDE, or None)."""

    entry: dict
    matched: list[int] = field(default_factory=list)
    chosen: int | None = None
    options: list[tuple[int, str]] = field(default_factory=list)  # (line, label) to offer

    @property
    def field_name(self) -> str:
        return f"file-{self.entry['id']}"


@dataclass
class Assignment:
    files_of_row: dict[int, list[dict]]  # line -> the files that go with it
    choices: list[FileChoice]  # the files that need, or had, a person's choice


def assign_files(rows: list, files: list[dict], chosen: dict[str, int]) -> Assignment:
    """Give each file (manifest entries with ``id`` and ``name``) to a row (objects with
    ``line`` and ``code``), by its name or by the person's choice (``chosen``: file id ->
    line, or SET_ASIDE). A person's choice wins over a match by name."""
    lines = {row.line for row in rows}
    by_first_word: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for row in rows:
        words = code_tokens(row.code)
        if words:
            by_first_word.setdefault(words[0], []).append((row.line, words))
    files_of_row: dict[int, list[dict]] = {}
    needing: dict[str, FileChoice] = {}
    automatic: list[tuple[dict, int]] = []
    for entry in files:
        matched = _matches(code_tokens(entry["name"]), by_first_word)
        lines_matched = [line for _rank, line in matched]
        choice = chosen.get(entry["id"])
        if choice == SET_ASIDE or choice in lines:
            needing[entry["id"]] = FileChoice(entry, lines_matched, choice)
            if choice != SET_ASIDE:
                files_of_row.setdefault(choice, []).append(entry)
        elif matched and (len(matched) == 1 or matched[0][0] != matched[1][0]):
            automatic.append((entry, matched[0][1]))
        else:
            needing[entry["id"]] = FileChoice(entry, lines_matched)
    chosen_rows = set(files_of_row)
    for entry, line in automatic:
        if line in chosen_rows:  # the person chose another file for this row
            needing[entry["id"]] = FileChoice(entry, [line])
        else:
            files_of_row.setdefault(line, []).append(entry)
    for line, entries in files_of_row.items():
        if len(entries) > 1:
            for entry in entries:
                needing.setdefault(entry["id"], FileChoice(entry, [line]))
    order = {entry["id"]: index for index, entry in enumerate(files)}
    choices = sorted(needing.values(), key=lambda choice: order[choice.entry["id"]])
    return Assignment(files_of_row=files_of_row, choices=choices)


def _matches(words: tuple[str, ...], by_first_word) -> list[tuple[tuple[int, int], int]]:
    """The rows a file name holds, best first, once each: ranked by the code's length in
    words, then by how early it stands, as ((length, -start), line)."""
    found = []
    for start, word in enumerate(words):
        for line, code in by_first_word.get(word, ()):
            if words[start : start + len(code)] == code:
                found.append(((len(code), -start), line))
    found.sort(reverse=True)
    seen: set[int] = set()
    best = []
    for rank, line in found:
        if line not in seen:
            seen.add(line)
            best.append((rank, line))
    return best

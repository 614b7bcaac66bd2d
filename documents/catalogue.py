"""An ISO 9001 edition's clause catalogue as a file: read and checked here, loaded by
``documents.services.catalogue``.

The file is UTF-8 CSV, so that a corrected wording is a text edit. A few ``# key: value``
lines open it (``edition``, ``name``, and ``follows`` for an edition that replaces another),
then a header row and one row per clause::

    # edition: 2026
    # name: TCVN ISO 9001:2026
    # follows: 2015
    number,title,follows,change
    6.1.2,Hành động giải quyết rủi ro,6.1,changed

``follows`` names the clauses of the previous edition a clause carries on (several, separated
by spaces), and ``change`` says how: ``unchanged``, ``changed``, or ``new`` (which follows
nothing). An edition that follows none has only ``number`` and ``title``.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

CHANGES = ("unchanged", "changed", "new")
NUMBER = re.compile(r"^[1-9][0-9]?(\.[1-9][0-9]?)*$")
CODE = re.compile(r"^[0-9]{4}$")
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class CatalogueClause:
    line: int
    number: str
    title: str
    follows: tuple[str, ...] = ()
    change: str = ""


@dataclass
class Catalogue:
    edition: str
    name: str
    follows: str = ""
    clauses: list[CatalogueClause] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str

    def __str__(self) -> str:
        return _("Line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


class CatalogueRefused(Exception):
    """The file is refused, with every problem found, each on its line."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def sort_key(number: str) -> str:
    """Turn 4.2.3 into 004.002.003, so that clause 10 sorts after clause 9."""
    return ".".join(part.zfill(3) for part in number.split("."))


def read_catalogue(data: bytes) -> Catalogue:
    """The catalogue in ``data``; raises CatalogueRefused with every problem it finds."""
    if len(data) > MAX_BYTES:
        raise CatalogueRefused([Problem(1, _("The file is larger than 256 KB."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogueRefused([Problem(1, _("The file is not UTF-8 text."))]) from None
    lines = text.splitlines()
    meta, first_row = _meta(lines)
    problems = []
    for key in ("edition", "name"):
        if not meta.get(key):
            problems.append(Problem(1, _("The “# %(key)s:” line is missing.") % {"key": key}))
    if meta.get("edition") and not CODE.match(meta["edition"]):
        problems.append(Problem(1, _("The edition is a year of four digits, such as 2026.")))
    catalogue = Catalogue(
        edition=meta.get("edition", ""), name=meta.get("name", ""), follows=meta.get("follows", "")
    )
    rows = list(csv.reader(io.StringIO("\n".join(lines[first_row:]))))
    wanted = ["number", "title", "follows", "change"] if catalogue.follows else ["number", "title"]
    if not rows or [cell.strip().lower() for cell in rows[0]] != wanted:
        problems.append(
            Problem(
                first_row + 1,
                _("The header row must be: %(header)s.") % {"header": ",".join(wanted)},
            )
        )
        raise CatalogueRefused(problems)
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows[1:], start=2):
        line = first_row + offset
        if not any(cell.strip() for cell in row):
            continue
        clause, row_problems = _clause(line, row, len(wanted), bool(catalogue.follows))
        problems += row_problems
        if clause is None:
            continue
        if clause.number in seen:
            problems.append(
                Problem(
                    line,
                    _("Clause %(number)s is already on line %(first)s.")
                    % {"number": clause.number, "first": seen[clause.number]},
                )
            )
            continue
        seen[clause.number] = line
        catalogue.clauses.append(clause)
    for clause in catalogue.clauses:
        parent = clause.number.rpartition(".")[0]
        if parent and parent not in seen:
            problems.append(
                Problem(
                    clause.line,
                    _("Clause %(number)s has no clause %(parent)s above it.")
                    % {"number": clause.number, "parent": parent},
                )
            )
    if not catalogue.clauses and not problems:
        problems.append(Problem(first_row + 1, _("The file lists no clause.")))
    if problems:
        raise CatalogueRefused(sorted(problems, key=lambda problem: problem.line))
    return catalogue


def _meta(lines: list[str]) -> tuple[dict[str, str], int]:
    """The ``# key: value`` lines that open the file, and the index of the first other line."""
    meta = {}
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            return meta, index
        key, _colon, value = line[1:].partition(":")
        meta[key.strip().lower()] = value.strip()
    return meta, len(lines)


def _clause(line: int, row: list[str], width: int, follows_another: bool):
    cells = [cell.strip() for cell in row] + [""] * (width - len(row))
    if len(row) > width:
        return None, [Problem(line, _("The row has more than %(width)s cells.") % {"width": width})]
    number, title = cells[0], " ".join(cells[1].split())
    problems = []
    if not number:
        problems.append(Problem(line, _("The clause number is missing.")))
    elif not NUMBER.match(number):
        problems.append(
            Problem(
                line, _("“%(number)s” is not a clause number such as 7.1.5.") % {"number": number}
            )
        )
    if not title:
        problems.append(Problem(line, _("The clause title is missing.")))
    elif len(title) > 200:
        problems.append(Problem(line, _("The title is longer than 200 characters.")))
    follows, change = (), ""
    if follows_another:
        follows, change = tuple(cells[2].split()), cells[3].lower()
        if change not in CHANGES:
            problems.append(
                Problem(
                    line,
                    _("The change is one of %(changes)s, not “%(change)s”.")
                    % {"changes": ", ".join(CHANGES), "change": cells[3]},
                )
            )
        elif change == "new" and follows:
            problems.append(
                Problem(line, _("A new clause follows no clause of the previous edition."))
            )
        elif change != "new" and not follows:
            problems.append(
                Problem(line, _("Say which clause of the previous edition this one carries on."))
            )
    if problems:
        return None, problems
    return CatalogueClause(line, number, title, follows, change), []

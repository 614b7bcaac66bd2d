"""Cells of spreadsheets: written into files people open, and read from files they upload."""

import re

from qms.lib.text import fold, nfc


def safe_cell(value) -> str:
    """``value`` as text that a spreadsheet shows and never runs.

    A cell starting with = + - @ (or a tab or carriage return) would run as a formula in Excel
    or LibreOffice (CSV injection): such a cell starts with an apostrophe instead.
    """
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def cell_text(value) -> str:
    """An uploaded cell as one line of NFC text; a whole number typed as 12.0 reads "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", nfc(str(value))).strip()


def _heading_key(value) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", fold(str(value or ""))).strip()


def header_columns(header, columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Which cell of ``header`` holds each of ``columns`` (name -> accepted headings).

    Headings match without case or diacritics, and a heading may go on after the accepted
    words ("Tên thủ tục hành chính" is a "tên thủ tục"); each column takes its first match.
    """
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        heading = _heading_key(cell)
        for column, names in columns.items():
            wanted = [_heading_key(name) for name in names]
            if column not in found and any(
                heading == w or heading.startswith(w + " ") for w in wanted
            ):
                found[column] = index
                break
    return found

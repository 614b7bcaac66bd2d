"""Cells written into files that people open in a spreadsheet."""


def safe_cell(value) -> str:
    """``value`` as text that a spreadsheet shows and never runs.

    A cell starting with = + - @ (or a tab or carriage return) would run as a formula in Excel
    or LibreOffice (CSV injection): such a cell starts with an apostrophe instead.
    """
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

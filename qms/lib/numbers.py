"""Numbers as people read them in the active language: thousands grouped ("15.000.000" in
Vietnamese) and percentages with a non-breaking space before the sign ("38,9 %"), the way
Vietnamese administrative texts write them. Pages, PDFs and charts all print through here.

Grouping is forced here rather than switched on for the whole site with
``USE_THOUSAND_SEPARATOR``: that setting would also group years, codes and issue numbers
("2.026").
"""

from decimal import Decimal

from django.utils.formats import number_format

NBSP = "\u00a0"
Number = int | float | Decimal


def _decimals_of(value: Number, decimals: int | None) -> int:
    if decimals is not None:
        return decimals
    return 0 if float(value).is_integer() else 1


def format_number(value: Number | None, decimals: int | None = None) -> str:
    """``value`` grouped by thousands; ``decimals`` fixed, or by default none for a whole
    number and one otherwise. None is an empty string."""
    if value is None or value == "":
        return ""
    places = _decimals_of(value, decimals)
    rounded = round(Decimal(str(value)), places)
    return number_format(rounded, places, use_l10n=True, force_grouping=True)


def format_percent(value: Number | None, decimals: int | None = None) -> str:
    """``value`` (already in percent) followed by a non-breaking space and "%"; None is "—"."""
    if value is None or value == "":
        return "—"
    return f"{format_number(value, decimals)}{NBSP}%"

"""Numbers as Vietnamese write them: a decimal comma, no trailing zeros, "%" without a space."""

from decimal import Decimal


def format_number(value: Decimal | str | None) -> str:
    """12.50 → 12,5; 100.00 → 100."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def unit_suffix(unit: str) -> str:
    """ "%" sticks to the number (85%); other units follow a space (5 ngày)."""
    if not unit or unit == "%":
        return unit
    return f" {unit}"


def with_unit(value: Decimal | str | None, unit: str) -> str:
    if value is None:
        return ""
    return format_number(value) + unit_suffix(unit)

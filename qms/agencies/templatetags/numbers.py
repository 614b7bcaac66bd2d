"""``{{ value|number }}`` and ``{{ value|percent }}``: see qms.lib.numbers."""

from django import template

from qms.lib.numbers import format_number, format_percent

register = template.Library()


@register.filter
def number(value, decimals=None) -> str:
    """Grouped by thousands: 15.000.000; ``|number:2`` fixes two decimals."""
    try:
        return format_number(value, None if decimals is None else int(decimals))
    except (TypeError, ValueError, ArithmeticError):
        return "" if value is None else str(value)


@register.filter
def percent(value, decimals=None) -> str:
    """A percentage already in percent: 38,9 % (non-breaking space); "—" when unknown."""
    try:
        return format_percent(value, None if decimals is None else int(decimals))
    except (TypeError, ValueError, ArithmeticError):
        return "—" if value is None else str(value)

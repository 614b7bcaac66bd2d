"""Small display rules of document control, one place for every template."""

from django import template

register = template.Library()


@register.filter
def issue_number(value) -> str:
    """An issue (lần ban hành) as the paper writes it: 3 is "03"."""
    try:
        return f"{int(value):02d}"
    except (TypeError, ValueError):
        return "" if value is None else str(value)

"""Small SVG charts drawn on the server: the same markup shows in a page and in a PDF.

Only SVG presentation attributes are used (``fill``, ``x``, ``font-size`` …), never a
``style`` attribute, so the charts pass a Content-Security-Policy without ``unsafe-inline``.
Labels are escaped. Horizontal bars, one row per label, so long Vietnamese labels fit.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qms.lib.numbers import format_number, format_percent

# A palette readable in print and by people with common colour blindness.
PALETTE = ["#6c757d", "#f0ad4e", "#5bc0de", "#0d6efd", "#198754", "#d63384", "#20c997"]

ROW_HEIGHT = 22
BAR_HEIGHT = 14
LABEL_WIDTH = 230
VALUE_WIDTH = 60
FONT_SIZE = 11


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


def _number(value: float, suffix: str = "") -> str:
    if suffix.strip() == "%":
        return format_percent(value)
    return f"{format_number(value)}{suffix}"


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" '
        f'font-size="{FONT_SIZE}"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _label(y: float, text: str) -> str:
    return (
        f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 3}" text-anchor="end" '
        f'fill="#212529">{escape(text)}</text>'
    )


def bar_chart(
    bars: list[tuple[str, float]],
    *,
    title: str = "",
    width: int = 600,
    max_value: float | None = None,
    suffix: str = "",
    colour: str = PALETTE[3],
) -> SafeString:
    """One horizontal bar per (label, value); ``max_value`` fixes the scale (100 for %)."""
    scale_max = max_value or max((value for _label, value in bars), default=0) or 1
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    body = []
    for index, (label, value) in enumerate(bars):
        y = 4 + index * ROW_HEIGHT
        length = round(plot * max(value, 0) / scale_max, 1)
        body.append(_label(y, label))
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{escape(colour)}"><title>{escape(label)}: {escape(_number(value, suffix))}'
            "</title></rect>"
        )
        body.append(
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + BAR_HEIGHT - 3}" fill="#212529">'
            f"{escape(_number(value, suffix))}</text>"
        )
    return _svg(width, 8 + len(bars) * ROW_HEIGHT, title, body)


def stacked_bar_chart(
    rows: list[tuple[str, list[float]]],
    series: list[Series],
    *,
    title: str = "",
    width: int = 600,
) -> SafeString:
    """One horizontal bar per (label, values), each value a segment of ``series`` in order,
    every bar scaled to the full width (shares of a whole), with a legend below."""
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    body = []
    for index, (label, values) in enumerate(rows):
        y = 4 + index * ROW_HEIGHT
        total = sum(values)
        body.append(_label(y, label))
        x = float(LABEL_WIDTH)
        for part, value in zip(series, values, strict=True):
            if value <= 0:
                continue
            length = round(plot * value / total, 1)
            body.append(
                f'<rect x="{round(x, 1)}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                f'fill="{escape(part.colour)}"><title>{escape(label)} · {escape(part.label)}: '
                f"{_number(value)}</title></rect>"
            )
            x += length
        body.append(
            f'<text x="{LABEL_WIDTH + plot + 4}" y="{y + BAR_HEIGHT - 3}" fill="#212529">'
            f"{_number(total)}</text>"
        )
    legend_y = 8 + len(rows) * ROW_HEIGHT
    x = 4
    for part in series:
        body.append(
            f'<rect x="{x}" y="{legend_y}" width="10" height="10" fill="{escape(part.colour)}"/>'
            f'<text x="{x + 14}" y="{legend_y + 9}" fill="#212529">{escape(part.label)}</text>'
        )
        x += 24 + int(len(part.label) * FONT_SIZE * 0.55)
    return _svg(max(width, x), legend_y + 18, title, body)

"""Server-rendered SVG charts with no domain knowledge: a bar chart and a line chart with axis
labels, an optional target line and an accessible title and description.

The SVG goes straight into a page or a PDF template: no JavaScript, and only presentation
attributes (``fill``, ``stroke`` …), never ``style`` attributes, which the
Content-Security-Policy forbids. Every text is escaped.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qms.lib.numbers import format_number, format_percent

INK, GRID, MUTED = "#1f2933", "#e4e7eb", "#52606d"
BLUE, RED = "#1f5f99", "#8b1e1e"
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 20, 44
TICKS = 4


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a value (or None, a gap) for each label."""

    label: str
    values: Sequence[float | None]
    colour: str = BLUE


def _number(value: float, unit: str = "") -> str:
    if unit.strip() == "%":
        return format_percent(value)
    return f"{format_number(value)}{unit}"


def _top_of(values: Sequence[float | None], max_value: float | None, target) -> float:
    if max_value:
        return float(max_value)
    known = [v for v in values if v is not None] + ([target] if target is not None else [])
    top = max(known, default=0) or 1
    return float(top)


class _Canvas:
    def __init__(self, *, title: str, description: str, width: int, height: int, top: float):
        self.width, self.height, self.top = width, height, top
        self.plot_w = width - LEFT - RIGHT
        self.plot_h = height - TOP - BOTTOM
        key = hashlib.sha1(f"{title}|{description}".encode()).hexdigest()[:10]
        self.ids = (f"chart-{key}-t", f"chart-{key}-d")
        self.parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="qms-chart" role="img" '
            f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
            f'aria-labelledby="{self.ids[0]} {self.ids[1]}" font-family="sans-serif" '
            f'font-size="12">',
            f'<title id="{self.ids[0]}">{escape(title)}</title>',
            f'<desc id="{self.ids[1]}">{escape(description)}</desc>',
        ]

    def y(self, value: float) -> float:
        return round(TOP + self.plot_h - (value / self.top) * self.plot_h, 1)

    def axes(self, unit: str, y_label: str) -> None:
        for n in range(TICKS + 1):
            value = self.top * n / TICKS
            y = self.y(value)
            self.parts.append(
                f'<line x1="{LEFT}" y1="{y}" x2="{self.width - RIGHT}" y2="{y}" '
                f'stroke="{GRID}" stroke-width="1"/>'
                f'<text x="{LEFT - 6}" y="{y + 4}" text-anchor="end" fill="{MUTED}">'
                f"{escape(_number(value, unit))}</text>"
            )
        base = TOP + self.plot_h
        self.parts.append(
            f'<line x1="{LEFT}" y1="{base}" x2="{self.width - RIGHT}" y2="{base}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        if y_label:
            self.parts.append(
                f'<text x="12" y="{TOP + self.plot_h / 2}" text-anchor="middle" fill="{MUTED}" '
                f'transform="rotate(-90 12 {TOP + self.plot_h / 2})">{escape(y_label)}</text>'
            )

    def x_labels(self, labels: Sequence[str], centres: list[float]) -> None:
        y = TOP + self.plot_h + 16
        for label, x in zip(labels, centres, strict=True):
            self.parts.append(
                f'<text x="{x}" y="{y}" text-anchor="middle" fill="{INK}">{escape(label)}</text>'
            )

    def target(self, value: float | None, label: str) -> None:
        if value is None:
            return
        y = self.y(min(value, self.top))
        self.parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{self.width - RIGHT}" y2="{y}" stroke="{RED}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{self.width - RIGHT}" y="{y - 4}" text-anchor="end" fill="{RED}">'
            f"{escape(label)}</text>"
        )

    def svg(self) -> SafeString:
        return mark_safe("".join([*self.parts, "</svg>"]))  # every text above is escaped


def _describe(labels: Sequence[str], values: Sequence[float | None], unit: str) -> str:
    return "; ".join(
        f"{label}: {'—' if value is None else _number(value, unit)}"
        for label, value in zip(labels, values, strict=True)
    )


def bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    unit: str = "",
    max_value: float | None = None,
    target: float | None = None,
    target_label: str = "",
    y_label: str = "",
    colour: str = BLUE,
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """A vertical bar per label, its value written above it; None draws no bar."""
    top = _top_of(values, max_value, target)
    canvas = _Canvas(
        title=title,
        description=_describe(labels, values, unit),
        width=width,
        height=height,
        top=top,
    )
    canvas.axes(unit, y_label)
    step = canvas.plot_w / max(len(labels), 1)
    bar = max(step * 0.6, 1)
    centres = [round(LEFT + step * (i + 0.5), 1) for i in range(len(labels))]
    for x, value in zip(centres, values, strict=True):
        if value is None:
            continue
        y = canvas.y(min(value, top))
        canvas.parts.append(
            f'<rect x="{round(x - bar / 2, 1)}" y="{y}" width="{round(bar, 1)}" '
            f'height="{round(TOP + canvas.plot_h - y, 1)}" fill="{colour}"/>'
            f'<text x="{x}" y="{y - 4}" text-anchor="middle" fill="{INK}">'
            f"{escape(_number(value, unit))}</text>"
        )
    canvas.x_labels(labels, centres)
    canvas.target(target, target_label)
    return canvas.svg()


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    max_value: float | None = None,
    target: float | None = None,
    target_label: str = "",
    y_label: str = "",
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """One line per series over the labels, a dot on each known value; None leaves a gap.
    With more than one series, a legend names them."""
    every = [v for s in series for v in s.values]
    top = _top_of(every, max_value, target)
    description = " | ".join(
        f"{s.label}: {_describe(labels, s.values, unit)}"
        if len(series) > 1
        else _describe(labels, s.values, unit)
        for s in series
    )
    canvas = _Canvas(title=title, description=description, width=width, height=height, top=top)
    canvas.axes(unit, y_label)
    step = canvas.plot_w / max(len(labels), 1)
    centres = [round(LEFT + step * (i + 0.5), 1) for i in range(len(labels))]
    for s in series:
        runs: list[list[str]] = [[]]
        for x, value in zip(centres, s.values, strict=True):
            if value is None:
                runs.append([])
                continue
            y = canvas.y(min(value, top))
            runs[-1].append(f"{x},{y}")
            canvas.parts.append(f'<circle cx="{x}" cy="{y}" r="3.5" fill="{s.colour}"/>')
        for run in runs:
            if len(run) > 1:
                canvas.parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{s.colour}" '
                    f'stroke-width="2"/>'
                )
    if len(series) > 1:
        for n, s in enumerate(series):
            x = LEFT + n * 160
            canvas.parts.append(
                f'<rect x="{x}" y="4" width="10" height="10" fill="{s.colour}"/>'
                f'<text x="{x + 14}" y="13" fill="{INK}">{escape(s.label)}</text>'
            )
    canvas.x_labels(labels, centres)
    canvas.target(target, target_label)
    return canvas.svg()

"""Bar charts for the statistics, readable without colour: each series has its own pattern and
every bar carries its value as a label. One layout, two outputs: SVG for the web pages
(`to_svg`) and plain shapes the PDF draws (`layout`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["PATTERNS", "Chart", "Label", "Series", "Shape", "box_width", "layout", "to_svg"]

PATTERNS = ("solid", "hatch", "dots", "cross")
"""Fills in the order series use them: dark solid, diagonal lines, dots, cross-hatch."""
INK = "#1f2933"
FILLS = {"solid": "#2f4b7c", "hatch": "#8a5a00", "dots": "#1b6e3a", "cross": "#6b2d6b"}

WIDTH, HEIGHT = 640.0, 260.0
LEFT, RIGHT, TOP, BOTTOM = 12.0, 12.0, 34.0, 46.0


@dataclass(frozen=True)
class Series:
    """One row of values (None: no value, no bar)."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Chart:
    """A bar chart: categories along the bottom, one bar per series (side by side or stacked)."""

    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    stacked: bool = False
    label: Callable[[float], str] = lambda value: f"{value:g}"
    """How a value is written on its bar."""
    total_label: Callable[[Sequence[float | None]], str] | None = None
    """Stacked charts: the text above each stack (e.g. the bot's share)."""


@dataclass(frozen=True)
class Shape:
    """A bar: x, y from the top left, width, height and its pattern."""

    x: float
    y: float
    w: float
    h: float
    pattern: str


@dataclass(frozen=True)
class Label:
    """A text at x (its centre, or its start for anchor 'start') and its baseline y."""

    x: float
    y: float
    text: str
    anchor: str = "middle"
    size: float = 11.0
    boxed: bool = False
    """On a bar: drawn on a white box, so it reads on any pattern."""


def _top(chart: Chart) -> float:
    if chart.stacked:
        sums = [sum(s.values[i] or 0.0 for s in chart.series) for i in range(len(chart.categories))]
        return max(sums, default=0.0)
    return max((v for s in chart.series for v in s.values if v is not None), default=0.0)


def layout(chart: Chart) -> tuple[list[Shape], list[Label]]:
    """Bars and labels (values, categories, legend) in a WIDTH × HEIGHT box."""
    shapes: list[Shape] = []
    labels: list[Label] = []
    count = max(len(chart.categories), 1)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / count
    top = _top(chart) or 1.0
    per_slot = 1 if chart.stacked else len(chart.series)
    bar_w = slot * 0.7 / max(per_slot, 1)
    base = TOP + plot_h
    for i, category in enumerate(chart.categories):
        x0 = LEFT + slot * i + slot * 0.15
        labels.append(Label(LEFT + slot * (i + 0.5), base + 16, category, size=10))
        stack = base
        for k, series in enumerate(chart.series):
            value = series.values[i]
            if value is None:
                continue
            h = plot_h * 0.9 * value / top
            pattern = PATTERNS[k % len(PATTERNS)]
            if chart.stacked:
                shapes.append(Shape(x0, stack - h, bar_w, h, pattern))
                if h >= 14:
                    labels.append(
                        Label(x0 + bar_w / 2, stack - h / 2 + 4, chart.label(value), size=10, boxed=True)
                    )
                stack -= h
            else:
                x = x0 + bar_w * k
                shapes.append(Shape(x, base - h, bar_w, h, pattern))
                labels.append(Label(x + bar_w / 2, base - h - 4, chart.label(value), size=10))
        if chart.stacked and chart.total_label is not None:
            text = chart.total_label([s.values[i] for s in chart.series])
            labels.append(Label(x0 + bar_w / 2, stack - 4, text, size=10))
    # the legend: a swatch with its pattern and the series' name, left to right under the title
    x = LEFT
    for k, series in enumerate(chart.series):
        shapes.append(Shape(x, 8, 14, 14, PATTERNS[k % len(PATTERNS)]))
        labels.append(Label(x + 20, 19, series.name, anchor="start", size=11))
        x += 34 + 7 * len(series.name)
    return shapes, labels


def box_width(label: Label) -> float:
    """The width of the white box behind a label on a bar (about the text's width)."""
    return 0.6 * label.size * len(label.text) + 6


def _defs(prefix: str) -> str:
    hatch, dots, cross = FILLS["hatch"], FILLS["dots"], FILLS["cross"]
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="{hatch}"/></pattern>'
        f'<pattern id="{prefix}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.8" fill="{dots}"/></pattern>'
        f'<pattern id="{prefix}-cross" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="#fff"/><path d="M0 0L8 8M8 0L0 8" stroke="{cross}"'
        ' stroke-width="1.5"/></pattern>'
        "</defs>"
    )


def _fill(pattern: str, prefix: str) -> str:
    return FILLS["solid"] if pattern == "solid" else f"url(#{prefix}-{pattern})"


def to_svg(chart: Chart, prefix: str, described_by: str | None = None) -> str:
    """The chart as inline SVG (an image named by its title; the table beside it has the data).

    `prefix` keeps the pattern ids of several charts on one page apart.
    """
    shapes, labels = layout(chart)
    esc = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="img"'
        f' aria-labelledby="{prefix}-title"'
        + (f' aria-describedby="{esc(described_by)}"' if described_by else "")
        + ' class="chart">',
        f'<title id="{prefix}-title">{esc(chart.title)}</title>',
        _defs(prefix),
        f'<line x1="{LEFT:g}" y1="{HEIGHT - BOTTOM:g}" x2="{WIDTH - RIGHT:g}" y2="{HEIGHT - BOTTOM:g}"'
        f' stroke="{INK}" stroke-width="1"/>',
    ]
    for s in shapes:
        parts.append(
            f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.w:.1f}" height="{s.h:.1f}"'
            f' fill="{_fill(s.pattern, prefix)}" stroke="{INK}" stroke-width="1"/>'
        )
    for label in labels:
        if label.boxed:
            w = box_width(label)
            parts.append(
                f'<rect x="{label.x - w / 2:.1f}" y="{label.y - label.size:.1f}" width="{w:.1f}"'
                f' height="{label.size + 4:g}" fill="#ffffff"/>'
            )
        parts.append(
            f'<text x="{label.x:.1f}" y="{label.y:.1f}" text-anchor="{label.anchor}"'
            f' font-size="{label.size:g}" font-family="sans-serif" fill="{INK}">{esc(label.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

"""Inline SVG charts for the HTML report, drawn in Python: no JavaScript, nothing remote.

Two shapes cover the report: stacked bars over seconds (traffic, ERP requests by status,
429s) and a scatter with horizontal guides (stock latency with p50/p95). Long runs are
bucketed so a chart never holds more than ``MAX_BARS`` bars or ``MAX_POINTS`` dots.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 860, 230
LEFT, RIGHT, TOP, BOTTOM = 60, 16, 12, 40
MAX_BARS = 600
MAX_POINTS = 2000


@dataclass(frozen=True)
class Band:
    """One stacked series: a label, a colour and a value per second."""

    label: str
    color: str
    values: Sequence[float]


@dataclass(frozen=True)
class Guide:
    """A labelled horizontal line, e.g. the p95 of the plotted values."""

    label: str
    color: str
    y: float


def fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3g}"


def nice_step(span: float, target: int = 5, integer: bool = False) -> float:
    if span <= 0:
        return 1.0
    raw = span / target
    magnitude = math.pow(10, math.floor(math.log10(raw)))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude)
    return max(1.0, round(step)) if integer else step


def ticks(top: float, integer: bool = False) -> list[float]:
    step = nice_step(top, integer=integer)
    return [i * step for i in range(int(top / step + 1e-9) + 1)]


def bucket(values: Sequence[float], size: int) -> list[float]:
    """Mean per second over consecutive buckets of ``size`` seconds."""
    return [sum(values[i : i + size]) / len(values[i : i + size]) for i in range(0, len(values), size)]


def _frame(x_max: float, y_max: float, x_label: str, y_label: str, integer_y: bool) -> list[str]:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="plot"/>']
    for y in ticks(y_max, integer_y):
        py = TOP + plot_h - y / y_max * plot_h
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{py:.1f}" y2="{py:.1f}" class="grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{py + 4:.1f}" class="tick" text-anchor="end">{escape(fmt(y))}</text>')
    for x in ticks(x_max, integer=True):
        px = LEFT + x / x_max * plot_w
        parts.append(f'<text x="{px:.1f}" y="{TOP + plot_h + 16}" class="tick" text-anchor="middle">{escape(fmt(x))}</text>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 6}" class="axis" text-anchor="middle">{escape(x_label)}</text>')
    parts.append(
        f'<text x="14" y="{TOP + plot_h / 2:.0f}" class="axis" text-anchor="middle" '
        f'transform="rotate(-90 14 {TOP + plot_h / 2:.0f})">{escape(y_label)}</text>'
    )
    return parts


def _svg(label: str, parts: list[str], legend: Sequence[tuple[str, str]]) -> str:
    keys = "".join(
        f'<span class="key"><span class="swatch" style="background:{escape(color)}"></span>{escape(name)}</span>'
        for name, color in legend
    )
    return (
        f'<figure class="chart"><svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(parts)}</svg>"
        f"<figcaption>{keys}</figcaption></figure>"
    )


def _empty(label: str) -> str:
    return f'<figure class="chart empty"><p>{escape(label)}: no data recorded.</p></figure>'


def stacked_bars(label: str, bands: Sequence[Band], y_label: str, x_label: str = "seconds since traffic started") -> str:
    seconds = max((len(b.values) for b in bands), default=0)
    if seconds == 0 or not any(v for b in bands for v in b.values):
        return _empty(label)
    size = math.ceil(seconds / MAX_BARS)
    columns = [bucket(list(b.values) + [0] * (seconds - len(b.values)), size) for b in bands]
    totals = [sum(column) for column in zip(*columns, strict=True)]
    y_max = nice_step(max(totals)) * math.ceil(max(totals) / nice_step(max(totals)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    width = plot_w / len(totals)
    parts = _frame(float(seconds), y_max, x_label, y_label + (f" (mean over {size} s)" if size > 1 else ""), size == 1)
    for i in range(len(totals)):
        base = 0.0
        for band, column in zip(bands, columns, strict=True):
            if column[i] <= 0:
                continue
            height = column[i] / y_max * plot_h
            y = TOP + plot_h - (base + column[i]) / y_max * plot_h
            parts.append(
                f'<rect x="{LEFT + i * width:.2f}" y="{y:.2f}" width="{max(width - 0.3, 0.5):.2f}" height="{height:.2f}" '
                f'fill="{escape(band.color)}"><title>{escape(f"{band.label}: {fmt(column[i])} at {i * size} s")}</title></rect>'
            )
            base += column[i]
    return _svg(label, parts, [(b.label, b.color) for b in bands])


def _thin(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """At most MAX_POINTS points, evenly spaced, always keeping the highest."""
    if len(points) <= MAX_POINTS:
        return list(points)
    stride = len(points) / MAX_POINTS
    kept = {int(i * stride) for i in range(MAX_POINTS)} | {max(range(len(points)), key=lambda i: points[i][1])}
    return [points[i] for i in sorted(kept)]


def scatter(
    label: str,
    points: Sequence[tuple[float, float]],
    guides: Sequence[Guide],
    y_label: str,
    color: str,
    x_label: str = "seconds since traffic started (when the sale was published)",
) -> str:
    if not points:
        return _empty(label)
    x_max = max(1.0, max(x for x, _ in points))
    top = max([y for _, y in points] + [g.y for g in guides])
    y_max = nice_step(top) * math.ceil(top / nice_step(top)) if top > 0 else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = _frame(x_max, y_max, x_label, y_label, False)
    for x, y in _thin(points):
        parts.append(
            f'<circle cx="{LEFT + x / x_max * plot_w:.1f}" cy="{TOP + plot_h - y / y_max * plot_h:.1f}" r="2" '
            f'fill="{escape(color)}" fill-opacity="0.6"/>'
        )
    for guide in guides:
        py = TOP + plot_h - guide.y / y_max * plot_h
        label_y = py - 4 if py - 4 > TOP + 10 else py + 13  # below the line when it runs along the top
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{py:.1f}" y2="{py:.1f}" stroke="{escape(guide.color)}" '
            f'stroke-dasharray="6 4" stroke-width="1.5"/>'
            f'<text x="{LEFT + plot_w - 4}" y="{label_y:.1f}" class="tick guide" text-anchor="end">'
            f"{escape(f'{guide.label} {fmt(guide.y)} s')}</text>"
        )
    legend = [("sample", color)] + [(g.label, g.color) for g in guides]
    return _svg(label, parts, legend)

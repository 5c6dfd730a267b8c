"""A load test's own artefacts beside Locust's: the per-second CSV and an HTML section.

Locust's ``--csv``/``--html`` report what Locust did (requests, response times, failures);
these report what the integration did with it: webhooks delivered, ERP writes, 429s,
backlog and lags per second, the percentiles, the thresholds and the reconciliation
verdict. The HTML section is inserted at the top of Locust's report (or written alone when
there is none); its charts are inline SVG, so the file stays self-contained.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .measure import TIMELINE_COLUMNS

CHARTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Load", (("users", "#6b7280"), ("pos_events", "#2563eb"), ("webhooks_delivered", "#16a34a"))),
    ("ERP", (("erp_writes", "#16a34a"), ("erp_429", "#dc2626"), ("shop_429", "#f97316"))),
    ("Backlog (pending webhooks)", (("backlog", "#7c3aed"),)),
    ("Lag, seconds", (("erp_lag_p95", "#dc2626"), ("erp_lag_p50", "#2563eb"), ("stock_lag_p95", "#f97316"))),
)


def write_timeline(rows: Sequence[Mapping[str, Any]], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(TIMELINE_COLUMNS), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def svg_chart(rows: Sequence[Mapping[str, Any]], series: Sequence[tuple[str, str]], title: str) -> str:
    """A small line chart of ``series`` (column, colour) over ``rows``' seconds."""
    width, height, pad = 640, 180, 34
    xs = [float(row["second"]) for row in rows] or [0.0]
    values = [v for name, _ in series for row in rows if (v := _number(row.get(name))) is not None]
    top = max(values, default=0.0) or 1.0
    x_min, x_span = min(xs), (max(xs) - min(xs)) or 1.0

    def point(second: float, value: float) -> str:
        x = pad + (second - x_min) / x_span * (width - 2 * pad)
        y = height - pad - value / top * (height - 2 * pad)
        return f"{x:.1f},{y:.1f}"

    lines = []
    for name, colour in series:
        points = [point(float(row["second"]), v) for row in rows if (v := _number(row.get(name))) is not None]
        if points:
            lines.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{" ".join(points)}"/>')
    legend = " ".join(f'<tspan fill="{colour}">&#9632; {html.escape(name)}</tspan>' for name, colour in series)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" aria-label="{html.escape(title)}">'
        f'<rect width="{width}" height="{height}" fill="#fff" stroke="#e5e7eb"/>'
        f'<text x="{pad}" y="16" font-size="12" font-weight="bold">{html.escape(title)}</text>'
        f'<text x="{width - pad}" y="16" font-size="11" text-anchor="end">{legend}</text>'
        f'<text x="4" y="{pad}" font-size="10">{top:g}</text><text x="4" y="{height - pad}" font-size="10">0</text>'
        f'<text x="{pad}" y="{height - 8}" font-size="10">{x_min:g} s</text>'
        f'<text x="{width - pad}" y="{height - 8}" font-size="10" text-anchor="end">{x_min + x_span:g} s</text>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#9ca3af"/>'
        + "".join(lines)
        + "</svg>"
    )


def _table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_section(rows: Sequence[Mapping[str, Any]], summary: Mapping[str, Any]) -> str:
    """The pos-harness part of the HTML report: verdict, thresholds, percentiles, charts."""
    verdict = "PASS" if summary.get("passed") else "FAIL"
    colour = "#16a34a" if summary.get("passed") else "#dc2626"
    thresholds = _table(
        [(t["name"], t["limit"], t["measured"], "ok" if t["passed"] else "BROKEN") for t in summary.get("thresholds", [])],
        ("threshold", "limit", "measured", ""),
    )
    lags = _table(
        [
            (name, *(_fmt(summary.get(key, {}).get(q)) for q in ("count", "p50", "p95", "p99", "max")))
            for name, key in (("sale -> ERP record (s)", "erp_lag"), ("sale -> web stock (s)", "stock_lag"))
        ],
        ("lag", "count", "p50", "p95", "p99", "max"),
    )
    checks = _table(
        [(c["name"], "pass" if c["passed"] else "FAIL", c.get("detail", "")) for c in summary.get("checks", [])],
        ("reconciliation check", "", "detail"),
    )
    totals = _table([(k, v) for k, v in summary.get("totals", {}).items()], ("total", "value"))
    charts = "".join(svg_chart(rows, series, title) for title, series in CHARTS)
    return (
        '<section id="pos-harness-load" style="font-family:sans-serif;margin:16px;padding:12px;border:1px solid #e5e7eb">'
        f"<h2>pos-harness load: {html.escape(str(summary.get('scenario', '')))} "
        f'<span style="color:{colour}">{verdict}</span></h2>'
        f"<p>{html.escape(str(summary.get('description', '')))}</p>"
        f"{thresholds}{lags}{checks}{totals}<div>{charts}</div>"
        "<p>Per-second series: the <code>_timeline.csv</code> beside Locust's CSV files.</p></section>"
    )


def _fmt(value: Any) -> str:
    return "-" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def write_html(path: Path, section: str) -> Path:
    """Put ``section`` at the top of Locust's report at ``path``, or write it alone."""
    if path.exists():
        page = path.read_text(encoding="utf-8")
        index = page.find(">", page.find("<body")) + 1 if "<body" in page else 0
        path.write_text(page[:index] + section + page[index:], encoding="utf-8")
    else:
        path.write_text(
            f"<!doctype html><html><head><meta charset='utf-8'></head><body>{section}</body></html>", encoding="utf-8"
        )
    return path

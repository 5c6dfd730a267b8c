"""The HTML report: one self-contained file a person opens from CI artefacts.

Verdict and replay command first, then the check table, the first discrepancies of each
failing check with their evidence as tables, and charts of the run over time (traffic,
ERP throughput by status, 429s, stock latency). Inline CSS and inline SVG only: no
script, no remote font or stylesheet, so it renders offline and from any artefact store.
Every value from the run is escaped; a payload cannot inject markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from . import svg
from .series import Series
from .terminal import key_figures, number

SHOW_PER_CHECK = 20
LATENCY_CHECK, OBJECTIVE_METRIC = "stock_latency", "objective_p95_seconds"
NESTED_ROWS = 20
VALUE_CHARS = 400

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:28px 0 10px}h3{font-size:15px;margin:18px 0 6px}
.verdict{display:inline-block;padding:2px 12px;border-radius:4px;color:#fff;font-weight:700}
.pass{background:#2e7d32}.fail{background:#c62828}
table{border-collapse:collapse;background:#fff;margin:6px 0;width:100%}
th,td{border:1px solid #d8dbe0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef0f3;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
td table{margin:0;font-size:12px}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#fff;border:1px solid #d8dbe0;padding:8px;white-space:pre-wrap;word-break:break-all;margin:0}
.meta th{width:180px}.muted{color:#666}
details{margin:8px 0}summary{cursor:pointer;font-weight:600}
.chart{margin:8px 0 18px;background:#fff;border:1px solid #d8dbe0;padding:8px}
.chart svg{width:100%;height:auto;display:block}
.plot{fill:#fff;stroke:#bbb}.grid{stroke:#eee}.tick{font-size:11px;fill:#555}.guide{paint-order:stroke;stroke:#fff;stroke-width:3px}.axis{font-size:12px;fill:#333}
figcaption{font-size:12px}.key{margin-right:14px}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
"""


def e(value: object) -> str:
    return escape(str(value), quote=True)


def _row(*cells: str, header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def evidence_html(value: Any, depth: int = 0) -> str:
    """Evidence as tables: a dict as key/value rows, a list of dicts as rows under their keys."""
    if isinstance(value, Mapping) and value and depth < 3:
        rows = "".join(f"<tr><th>{e(k)}</th><td>{evidence_html(v, depth + 1)}</td></tr>" for k, v in value.items())
        return f"<table>{rows}</table>"
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value) and depth < 3:
        columns = list(dict.fromkeys(k for v in value for k in v))
        body = "".join(
            "<tr>" + "".join(f"<td>{evidence_html(v.get(c, ''), depth + 1)}</td>" for c in columns) + "</tr>"
            for v in value[:NESTED_ROWS]
        )
        more = f'<p class="muted">... and {len(value) - NESTED_ROWS} more</p>' if len(value) > NESTED_ROWS else ""
        return f"<table>{_row(*(e(c) for c in columns), header=True)}{body}</table>{more}"
    if isinstance(value, list):
        return e(", ".join(str(v) for v in value)[:VALUE_CHARS])
    text = str(value)
    return f"<code>{e(text[:VALUE_CHARS])}</code>" + ("..." if len(text) > VALUE_CHARS else "")


def _header(report: Mapping[str, Any]) -> str:
    verdict = report["verdict"]
    timing = report["timing"]
    settle = "settled" if report["settled"] else "did NOT settle"
    rows = [
        ("scenario", e(report["scenario"])),
        ("seed", e(report["seed"])),
        ("integration", f"<code>{e(report['integration'])}</code>"),
        ("verdict", f'<span class="verdict {e(verdict)}">{e(verdict.upper())}</span>'),
        ("started", e(timing["started_at"] or "unknown")),
        (
            "timings",
            e(
                f"{report['traffic_events']} events driven in {timing['drive_seconds']:.2f} s; {settle} after "
                f"{timing['settle_seconds']:.2f} s; total {timing['total_seconds']:.2f} s"
            ),
        ),
        ("replay", f"<pre>{e(report['replay'])}</pre>"),
        ("artefacts", f"<code>{e(report['artefacts_dir'])}</code>"),
    ]
    if report["integration_exit_code"] is not None:
        rows.append(("integration exit code", e(report["integration_exit_code"])))
    table = "".join(f"<tr><th>{name}</th><td>{cell}</td></tr>" for name, cell in rows)
    notes = "".join(f"<li>{e(note)}</li>" for note in report["notes"])
    return (
        f'<h1>pos-harness: {e(report["scenario"])} <span class="verdict {e(verdict)}">{e(verdict.upper())}</span></h1>'
        f'<table class="meta">{table}</table>' + (f"<h3>Notes</h3><ul>{notes}</ul>" if notes else "")
    )


def _checks(report: Mapping[str, Any]) -> str:
    rows = [_row("check", "title", "verdict", "checked", "discrepancies", "key counts / metrics", header=True)]
    for c in report["checks"]:
        verdict = "pass" if c["passed"] else "fail"
        figures = key_figures(c, limit=None)
        rows.append(
            f'<tr><td><a href="#check-{e(c["name"])}">{e(c["name"])}</a></td><td>{e(c["title"])}</td>'
            f'<td><span class="verdict {verdict}">{verdict.upper()}</span></td>'
            f'<td class="n">{e(c["checked"])}</td><td class="n">{e(c["discrepancy_count"])}</td><td>{e(figures)}</td></tr>'
        )
    summary = report["summary"]
    return (
        f"<h2>Checks</h2><p>{e(summary['passed'])} of {e(summary['checks'])} checks passed; "
        f"{e(summary['discrepancies'])} discrepancies.</p><table>{''.join(rows)}</table>"
    )


def _discrepancies(report: Mapping[str, Any]) -> str:
    failing = [c for c in report["checks"] if not c["passed"]]
    if not failing:
        return "<h2>Discrepancies</h2><p>None: every check passed.</p>"
    parts = ["<h2>Discrepancies</h2>"]
    for c in failing:
        rows = [_row("kind", "source id", "expected", "found", "evidence", header=True)]
        rows += [
            _row(e(d["kind"]), e(d["source_id"] or ""), e(d["expected"]), e(d["found"]), evidence_html(d["evidence"]))
            for d in c["discrepancies"][:SHOW_PER_CHECK]
        ]
        hidden = c["discrepancy_count"] - min(SHOW_PER_CHECK, len(c["discrepancies"]))
        more = f'<p class="muted">... and {hidden} more in the JSON report and run.sqlite.</p>' if hidden > 0 else ""
        notes = "".join(f"<li>{e(n)}</li>" for n in c["notes"])
        parts.append(
            f'<details open id="check-{e(c["name"])}"><summary>{e(c["name"])}: {e(c["discrepancy_count"])} discrepancies '
            f"({e(c['title'])})</summary>"
            + (f"<ul>{notes}</ul>" if notes else "")
            + f"<table>{''.join(rows)}</table>{more}</details>"
        )
    return "".join(parts)


def _evidence(report: Mapping[str, Any]) -> str:
    summary = report["evidence"]
    if summary is None:
        return ""
    return f"<h2>Evidence collected</h2>{evidence_html(summary)}"


def latency_objective(report: Mapping[str, Any]) -> float | None:
    """The scenario's p95 stock latency objective, as the stock-latency check reported it."""
    for check in report["checks"]:
        if check["name"] == LATENCY_CHECK and OBJECTIVE_METRIC in check["metrics"]:
            return float(check["metrics"][OBJECTIVE_METRIC])
    return None


def _charts(series: Series | None, objective: float | None) -> str:
    if series is None:
        return "<h2>Over time</h2><p>No time series were recorded for this run.</p>"
    counts = series.per_second
    stats = series.latency_stats()
    guides = [svg.Guide("p50", "#555555", stats["p50"]), svg.Guide("p95", "#111111", stats["p95"])] if stats else []
    if objective is not None:
        guides.append(svg.Guide("p95 objective", "#c62828", objective))
    stat_line = (
        f"<p>{e(number(stats['count']))} samples; p50 {e(number(stats['p50']))} s, p95 {e(number(stats['p95']))} s, "
        f"max {e(number(stats['max']))} s.</p>"
        if stats
        else ""
    )
    return "".join(
        [
            "<h2>Over time</h2>",
            "<h3>Traffic published per second</h3>",
            svg.stacked_bars(
                "traffic published per second", [svg.Band("events", "#1565c0", counts.get("published", []))], "events/s"
            ),
            "<h3>ERP requests per second</h3>",
            svg.stacked_bars(
                "ERP requests per second by status",
                [
                    svg.Band("2xx", "#2e7d32", counts.get("erp_2xx", [])),
                    svg.Band("429", "#c62828", counts.get("erp_429", [])),
                    svg.Band("other", "#ef6c00", counts.get("erp_other", [])),
                ],
                "requests/s",
            ),
            "<h3>ERP 429 Too Many Requests per second</h3>",
            svg.stacked_bars("ERP 429s per second", [svg.Band("429", "#c62828", counts.get("erp_429", []))], "429s/s"),
            "<h3>Stock latency (sale published to web shop stock change)</h3>",
            stat_line,
            svg.scatter("stock latency over time", series.stock_latency, guides, "latency (s)", "#6a1b9a"),
        ]
    )


def render_html(report: Mapping[str, Any], series: Series | None = None) -> str:
    title = f"pos-harness {report['scenario']} seed {report['seed']}: {str(report['verdict']).upper()}"
    body = "".join(
        [_header(report), _checks(report), _discrepancies(report), _charts(series, latency_objective(report)), _evidence(report)]
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body><main>{body}"
        f'<p class="muted">pos-harness report, schema version {e(report["schema_version"])}.</p></main></body></html>\n'
    )


def write(report: Mapping[str, Any], path: Path, series: Series | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report, series), encoding="utf-8")

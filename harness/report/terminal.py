"""The terminal report: an aligned summary table, then the first discrepancies of each failing check.

Rendered from the report dict (``json_report.to_dict``), so ``pos-harness report RUN``
prints the same text from ``run.sqlite`` as the live run did.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from .inputs import RunLike
from .json_report import as_report

SHOW_PER_CHECK = 5
EVIDENCE_CHARS = 300
KEY_FIGURES_CHARS = 90


def number(value: float) -> str:
    """A metric for people: integers bare, other values with up to 3 decimals."""
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}".rstrip("0")


def key_figures(check: Mapping[str, Any], limit: int | None = KEY_FIGURES_CHARS) -> str:
    """A check's counts, then its metrics, as ``name=value``; clipped to ``limit`` characters."""
    figures = [f"{k}={v}" for k, v in check["counts"].items()]
    figures += [f"{k}={number(v)}" for k, v in check["metrics"].items()]
    text = ", ".join(figures)
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."


def table(rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()) -> list[str]:
    """Rows aligned in columns (the first row is the header); column indexes in ``right`` align right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append(("  " + "  ".join(cells)).rstrip())
    return lines


def discrepancy_lines(check: Mapping[str, Any], limit: int = SHOW_PER_CHECK) -> list[str]:
    """The first ``limit`` discrepancies of a check, each with its evidence on one clipped line."""
    lines = []
    for d in check["discrepancies"][:limit]:
        lines.append(f"    - [{d['kind']}] {d['source_id']}: expected {d['expected']}; found {d['found']}")
        if d["evidence"]:
            lines.append(f"      evidence: {json.dumps(d['evidence'], separators=(',', ':'))[:EVIDENCE_CHARS]}")
    hidden = check["discrepancy_count"] - min(limit, len(check["discrepancies"]))
    if hidden > 0:
        lines.append(f"    ... and {hidden} more (see the JSON or HTML report)")
    return lines


def failures(report: Mapping[str, Any], limit: int = SHOW_PER_CHECK) -> list[str]:
    """Each failing check with its first discrepancies; what a failed CI job should show first."""
    lines: list[str] = []
    for check in report["checks"]:
        if check["passed"]:
            continue
        lines += ["", f"  {check['name']}: {check['discrepancy_count']} discrepancies ({check['title'].lower()})"]
        lines += discrepancy_lines(check, limit)
    return lines


def render(result: RunLike | Mapping[str, Any]) -> str:
    report = as_report(result)
    timing = report["timing"]
    rows = [["check", "verdict", "checked", "discrepancies", "key counts / metrics"]]
    rows += [
        [c["name"], "PASS" if c["passed"] else "FAIL", str(c["checked"]), str(c["discrepancy_count"]), key_figures(c)]
        for c in report["checks"]
    ]
    summary = report["summary"]
    lines = [
        f"pos-harness: scenario {report['scenario']}, seed {report['seed']}, integration {report['integration']}",
        f"  {report['traffic_events']} events driven in {timing['drive_seconds']:.2f}s; "
        f"{'settled' if report['settled'] else 'DID NOT SETTLE'} after {timing['settle_seconds']:.2f}s; "
        f"total {timing['total_seconds']:.2f}s",
        "",
        *table(rows, right=frozenset({2, 3})),
        f"  {summary['passed']} of {summary['checks']} checks passed",
        *failures(report),
    ]
    for note in report["notes"]:
        lines += ["", f"  note: {note}"]
    lines += ["", f"  artefacts: {report['artefacts_dir']}"]
    if report["verdict"] == "pass":
        lines.append("VERDICT: PASS")
    else:
        lines += [f"  replay: {report['replay']}", "VERDICT: FAIL"]
    return "\n".join(lines)

"""The terminal report: a summary table, then the first discrepancies of each failing check."""

from __future__ import annotations

import json

from harness.run import RunResult

SHOW_PER_CHECK = 10


def render(result: RunResult) -> str:
    lines = [
        f"pos-harness: scenario {result.scenario}, seed {result.seed}, integration {result.integration}",
        f"  {result.traffic_events} events driven in {result.drive_seconds:.2f}s; "
        f"{'settled' if result.settle.settled else 'DID NOT SETTLE'} after {result.settle.waited_seconds:.2f}s; "
        f"total {result.total_seconds:.2f}s",
        "",
        f"  {'check':<16} {'verdict':<8} {'checked':>8}  counts",
    ]
    for check in result.checks:
        counts = ", ".join(f"{k}={v}" for k, v in check.counts.items())
        lines.append(f"  {check.name:<16} {'PASS' if check.passed else 'FAIL':<8} {check.checked:>8}  {counts}")
    for check in result.checks:
        if check.passed:
            continue
        lines += ["", f"  {check.name}: {len(check.discrepancies)} discrepancies ({check.title.lower()})"]
        for d in check.discrepancies[:SHOW_PER_CHECK]:
            lines.append(f"    - [{d.kind}] {d.source_id}: expected {d.expected}; found {d.found}")
            lines.append(f"      evidence: {json.dumps(d.evidence, separators=(',', ':'))[:300]}")
        if len(check.discrepancies) > SHOW_PER_CHECK:
            lines.append(f"    ... and {len(check.discrepancies) - SHOW_PER_CHECK} more (see the JSON report)")
    for note in result.notes:
        lines += ["", f"  note: {note}"]
    lines += ["", f"  artefacts: {result.artefacts_dir}"]
    if result.passed:
        lines.append("VERDICT: PASS")
    else:
        lines += [f"  replay: {result.replay_command}", "VERDICT: FAIL"]
    return "\n".join(lines)

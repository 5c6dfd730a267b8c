"""End to end: ``pos-harness load smoke`` against the reference integration, through harness.load.

One short Locust run (4 users, 10 s): the whole scenario's traffic reaches the simulators
(by Locust or the drain after it), the reconciliation runs, the artefacts are written, and a
threshold no run can meet (a p95 lag of zero seconds) makes the exit code 1.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pytest

from harness.checks import ALL_CHECKS
from harness.load_command import add_load_command

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_load_smoke_reconciles_and_fails_on_a_broken_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="pos-harness")
    add_load_command(parser.add_subparsers())
    args = parser.parse_args(
        ["load", "smoke", "--users", "4", "--run-time", "10s", "--max-lag-p95", "0", "--out", str(tmp_path), "--quiet"]
        + ["--csv", str(tmp_path / "peak"), "--html", str(tmp_path / "peak.html")]
    )
    code = args.func(args)
    printed = capsys.readouterr().out

    summary = json.loads((tmp_path / "peak_summary.json").read_text())
    assert code == 1, printed
    lag = next(t for t in summary["thresholds"] if t["name"] == "sale -> ERP lag p95")
    assert not lag["passed"] and "BROKEN sale -> ERP lag p95" in printed
    assert {c["name"] for c in summary["checks"]} == set(ALL_CHECKS), "the reconciliation ran every check"
    # only the impossible threshold failed: the reference loses nothing under load, and the publish
    # log's times (when each request left) precede the changes they caused (stock_latency)
    assert [c["name"] for c in summary["checks"] if not c["passed"]] == [], printed
    assert "reconciliation:" in printed and summary["erp_lag"]["count"] > 0

    totals = summary["totals"]
    published = totals["published_by_locust"] + totals["published_after_run_time"]
    assert published == totals["events"] and totals["published_by_locust"] > 0 and totals["refused_by_simulators"] == 0
    assert code == (0 if summary["passed"] else 1)

    with (tmp_path / "peak_timeline.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert rows and sum(int(r["pos_events"]) for r in rows) == totals["events"]
    assert Path(tmp_path / "peak_stats.csv").exists()
    assert "pos-harness-load" in (tmp_path / "peak.html").read_text()

"""End to end: the `pos-harness` command runs `smoke` against real integration processes.

The reference integration must pass; each broken variant must fail with the discrepancy
its bug produces named in the output and the reports; an integration that cannot start
is a harness error (exit 2).
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from harness.checks import ALL_CHECKS
from scenarios.truth import GroundTruth

pytestmark = pytest.mark.e2e

VARIANT = f"{sys.executable} -m examples.reference_integration --variant"


def pos_harness(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any] | None]:
    report = tmp_path / "report.json"
    command = [
        sys.executable,
        "-m",
        "harness.cli",
        "run",
        "smoke",
        "--quiet",
        "--out",
        str(tmp_path / "run"),
        "--json",
        str(report),
        "--junit",
        str(tmp_path / "junit.xml"),
        *args,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=240)
    return completed, json.loads(report.read_text()) if report.exists() else None


def test_reference_integration_passes_smoke(tmp_path: Path) -> None:
    completed, report = pos_harness(tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "VERDICT: PASS" in completed.stdout
    assert report is not None and report["verdict"] == "pass" and report["settled"]
    assert [c["name"] for c in report["checks"]] == list(ALL_CHECKS) and all(c["passed"] for c in report["checks"])
    conservation = report["checks"][0]
    truth = GroundTruth.read_jsonl((tmp_path / "run" / "truth.jsonl").read_text())
    judged = [t for t in truth.transactions if t["outcome"] != "none"]
    assert conservation["counts"]["in_erp"] + conservation["counts"]["reported"] == conservation["checked"] == len(judged)
    assert conservation["counts"]["reported"] > 0
    assert (tmp_path / "run" / "run.sqlite").exists()
    suite = ET.parse(tmp_path / "junit.xml").getroot()
    assert suite.get("failures") == "0" and {c.get("name") for c in suite} >= {"settled", "conservation"}
    mappings = (tmp_path / "run" / "mappings" / "payment_methods.csv").read_text().splitlines()
    assert mappings[0] == "left_value,right_value"


def test_double_posting_integration_fails_with_duplicates_named(tmp_path: Path) -> None:
    completed, report = pos_harness(tmp_path, "--integration", f"{VARIANT} double-post")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "[duplicate]" in completed.stdout and "found 2 ERP records" in completed.stdout
    assert "replay: pos-harness run smoke --seed 20261127 --integration" in completed.stdout
    assert report is not None and report["verdict"] == "fail"
    kinds = {d["kind"] for d in report["checks"][0]["discrepancies"]}
    assert "duplicate" in kinds
    duplicate = next(d for d in report["checks"][0]["discrepancies"] if d["kind"] == "duplicate" and d["evidence"]["erp_records"])
    assert all(r["erp_journal_seqs"] for r in duplicate["evidence"]["erp_records"]), "each record names the request that made it"
    failure = ET.parse(tmp_path / "junit.xml").getroot().find("testcase[@name='conservation']/failure")
    assert failure is not None and "duplicate" in (failure.text or "")


def test_integration_that_drops_unmappable_sales_fails_with_missing_named(tmp_path: Path) -> None:
    completed, report = pos_harness(tmp_path, "--integration", f"{VARIANT} drop-unmapped")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert report is not None
    discrepancies = report["checks"][0]["discrepancies"]
    assert discrepancies and {d["kind"] for d in discrepancies} == {"missing"}
    assert "payment_method 'klarna' has no mapping" in discrepancies[0]["expected"]
    assert f"[missing] {discrepancies[0]['source_id']}" in completed.stdout


def test_integration_that_crashes_on_start_is_a_harness_error(tmp_path: Path) -> None:
    crash = f"{sys.executable} -c \"import sys; print('boom: no config', file=sys.stderr); sys.exit(3)\""
    completed, report = pos_harness(tmp_path, "--integration", crash)
    assert completed.returncode == 2
    assert "exited with code 3 before it was ready" in completed.stderr
    assert "boom: no config" in completed.stderr
    assert report is None

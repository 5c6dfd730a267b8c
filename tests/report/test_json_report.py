"""The JSON report: complete, validated against its model, and its committed schema does not drift."""

from __future__ import annotations

import json
from pathlib import Path

from harness.report import json_report
from harness.report.model import SCHEMA_PATH, RunReport, schema_text
from tests.report.fakes import failing_run, passing_run


def test_report_of_a_passing_run(tmp_path: Path) -> None:
    report = json_report.to_dict(passing_run(tmp_path))
    assert report["schema_version"] == 1
    assert report["verdict"] == "pass" and report["exit_code"] == 0
    assert report["replay"] == "pos-harness run smoke --seed 42"
    assert report["timing"] == {
        "started_at": "2023-11-14T22:13:20.000+00:00",
        "drive_seconds": 2.5,
        "settle_seconds": 1.25,
        "total_seconds": 6.0,
    }
    assert report["summary"] == {"checks": 2, "passed": 2, "failed": 0, "discrepancies": 0}
    latency = report["checks"][1]
    assert latency["metrics"] == {"p95_seconds": 1.0, "max_seconds": 1.0, "objective_p95_seconds": 5.0}
    assert latency["notes"] == [] and latency["omitted"] == 0


def test_evidence_summary_counts(tmp_path: Path) -> None:
    evidence = json_report.to_dict(passing_run(tmp_path))["evidence"]
    assert evidence == {
        "published": 3,
        "truth": {"transactions": 4, "journals": 1, "stock": 1},
        "erp_records": {"cashSale": 2},
        "exceptions": 1,
        "journal_requests": {"erp": 4, "shop": 1},
        "erp_429s": 1,
        "deliveries": 1,
    }
    assert json_report.to_dict(passing_run(tmp_path, with_evidence=False))["evidence"] is None


def test_report_of_a_failing_run_keeps_every_discrepancy(tmp_path: Path) -> None:
    report = json_report.to_dict(failing_run(tmp_path, discrepancies=30))
    assert report["verdict"] == "fail" and report["exit_code"] == 1
    conservation = report["checks"][0]
    assert conservation["passed"] is False and conservation["discrepancy_count"] == 30 == len(conservation["discrepancies"])
    assert report["summary"]["failed"] == 1 and report["notes"]


def test_written_file_round_trips_through_the_model(tmp_path: Path) -> None:
    path = tmp_path / "out" / "report.json"
    json_report.write(failing_run(tmp_path), path)
    loaded = json.loads(path.read_text())
    assert RunReport.model_validate(loaded).model_dump(mode="json") == loaded
    json_report.write(loaded, tmp_path / "again.json")  # a report dict is written as it is
    assert (tmp_path / "again.json").read_text() == path.read_text()


def test_committed_schema_matches_the_model() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "contracts/schemas/report/run-report.json drifted from harness/report/model.py; "
        "run `python -m harness.report.model` (or `python -m contracts`) and commit"
    )


def test_schema_names_every_top_level_field() -> None:
    schema = json.loads(schema_text())
    assert set(schema["required"]) >= {"schema_version", "scenario", "seed", "verdict", "checks", "evidence", "replay"}
    assert schema["additionalProperties"] is False

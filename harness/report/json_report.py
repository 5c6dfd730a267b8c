"""The JSON report: the complete result in a stable, versioned shape (docs/reports.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.run import RunResult

SCHEMA_VERSION = 1


def to_dict(result: RunResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "scenario": result.scenario,
        "seed": result.seed,
        "integration": result.integration,
        "verdict": "pass" if result.passed else "fail",
        "exit_code": result.exit_code,
        "replay": result.replay_command,
        "timing": {
            "drive_seconds": round(result.drive_seconds, 3),
            "settle_seconds": round(result.settle.waited_seconds, 3),
            "total_seconds": round(result.total_seconds, 3),
        },
        "settled": result.settle.settled,
        "traffic_events": result.traffic_events,
        "integration_exit_code": result.integration_exit_code,
        "notes": result.notes,
        "artefacts_dir": str(result.artefacts_dir),
        "checks": [check.to_dict() for check in result.checks],
    }


def write(result: RunResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_dict(result), indent=2) + "\n", encoding="utf-8")

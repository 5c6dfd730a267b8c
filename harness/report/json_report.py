"""The JSON report: the complete result in a stable, versioned shape (docs/report-formats.md).

``to_dict`` is the one place a run result becomes report data: the terminal, JUnit and
HTML renderers and the run store all read its output, so a run re-rendered from
``run.sqlite`` prints exactly what the live run printed. The shape is
:class:`harness.report.model.RunReport`; every dict built here is validated against it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .inputs import EvidenceLike, RunLike
from .model import SCHEMA_VERSION, RunReport

__all__ = ["SCHEMA_VERSION", "as_report", "dumps", "evidence_summary", "to_dict", "write"]


def _check(raw: Mapping[str, Any]) -> dict[str, Any]:
    discrepancies = list(raw.get("discrepancies", []))
    omitted = int(raw.get("omitted", 0))
    return {
        "name": raw["name"],
        "title": raw["title"],
        "passed": raw.get("passed", not discrepancies),
        "checked": raw["checked"],
        "counts": dict(raw.get("counts", {})),
        "metrics": dict(raw.get("metrics", {})),
        "notes": list(raw.get("notes", [])),
        "discrepancy_count": len(discrepancies) + omitted,
        "omitted": omitted,
        "discrepancies": discrepancies,
    }


def evidence_summary(evidence: EvidenceLike) -> dict[str, Any]:
    truth = evidence.truth
    erp_journal = evidence.journals.get("erp", [])
    return {
        "published": len(evidence.publish_times),
        "truth": {"transactions": len(truth.transactions), "journals": len(truth.journals), "stock": len(truth.stock)},
        "erp_records": {kind: len(records) for kind, records in sorted(evidence.erp_records.items())},
        "exceptions": len(evidence.exceptions),
        "journal_requests": {name: len(entries) for name, entries in sorted(evidence.journals.items())},
        "erp_429s": Counter(int(e.get("status", 0)) for e in erp_journal)[429],
        "deliveries": len(evidence.deliveries),
    }


def to_dict(result: RunLike) -> dict[str, Any]:
    evidence = result.evidence
    checks = [_check(check.to_dict()) for check in result.checks]
    failed = sum(not c["passed"] for c in checks)
    started_at = (
        datetime.fromtimestamp(evidence.started_wall, UTC).isoformat(timespec="milliseconds")
        if evidence is not None and evidence.started_wall
        else None
    )
    raw = {
        "schema_version": SCHEMA_VERSION,
        "scenario": result.scenario,
        "seed": result.seed,
        "integration": result.integration,
        "verdict": "pass" if result.passed else "fail",
        "exit_code": result.exit_code,
        "replay": result.replay_command,
        "timing": {
            "started_at": started_at,
            "drive_seconds": round(result.drive_seconds, 3),
            "settle_seconds": round(result.settle.waited_seconds, 3),
            "total_seconds": round(result.total_seconds, 3),
        },
        "settled": result.settle.settled,
        "settle": {
            "settled": result.settle.settled,
            "waited_seconds": round(result.settle.waited_seconds, 3),
            "last_activity": dict(result.settle.last_activity),
        },
        "traffic_events": result.traffic_events,
        "integration_exit_code": result.integration_exit_code,
        "notes": list(result.notes),
        "artefacts_dir": str(result.artefacts_dir),
        "summary": {
            "checks": len(checks),
            "passed": len(checks) - failed,
            "failed": failed,
            "discrepancies": sum(c["discrepancy_count"] for c in checks),
        },
        "evidence": evidence_summary(evidence) if evidence is not None else None,
        "checks": checks,
    }
    return RunReport.model_validate(raw).model_dump(mode="json")


def as_report(result: RunLike | Mapping[str, Any]) -> dict[str, Any]:
    """The report dict of a run result, or the report dict itself (e.g. loaded from run.sqlite)."""
    return dict(result) if isinstance(result, Mapping) else to_dict(result)


def dumps(report: Mapping[str, Any]) -> str:
    return json.dumps(report, indent=2) + "\n"


def write(result: RunLike | Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(as_report(result)), encoding="utf-8")

"""The JSON report's schema, as pydantic models: the one definition of its shape.

``json_report.to_dict`` validates what it builds against :class:`RunReport`, so the file
CI reads can never drift from this module; ``contracts/schemas/report/run-report.json``
is generated from it (``python -m harness.report.model``) and a test keeps the committed
file equal to it. Change policy (docs/report-formats.md): fields may be added within a
``schema_version``; removing or re-meaning one bumps it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "contracts" / "schemas" / "report" / "run-report.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DiscrepancyReport(_Strict):
    """One way the integration's output differs from the ground truth."""

    kind: str = Field(description="e.g. missing, duplicate, phantom, misrouted")
    source_id: str | None = Field(description="the source transaction's eid, when the discrepancy is about one")
    expected: str
    found: str
    evidence: dict[str, Any] = Field(default_factory=dict, description="records, journal seqs and values that show it")


class CheckReport(_Strict):
    name: str
    title: str
    passed: bool
    checked: int = Field(description="how many things the check looked at")
    counts: dict[str, int] = Field(default_factory=dict)
    metrics: dict[str, float] = Field(default_factory=dict, description="measured values, e.g. latency_p95_seconds")
    notes: list[str] = Field(default_factory=list)
    discrepancy_count: int = Field(description="every discrepancy found: those listed plus those omitted")
    omitted: int = Field(0, description="discrepancies found beyond those listed (their kinds are in counts)")
    discrepancies: list[DiscrepancyReport] = Field(description="the ones the check kept, in its order")


class Timing(_Strict):
    started_at: str | None = Field(description="ISO 8601 UTC wall time the traffic started, when known")
    drive_seconds: float
    settle_seconds: float
    total_seconds: float


class Settle(_Strict):
    settled: bool
    waited_seconds: float
    last_activity: dict[str, Any] = Field(description="each simulator's /_sim/activity when the wait ended")


class TruthCounts(_Strict):
    transactions: int
    journals: int
    stock: int


class EvidenceSummary(_Strict):
    """Counts of what the run collected; the rows themselves are in run.sqlite."""

    published: int = Field(description="traffic events the driver published")
    truth: TruthCounts
    erp_records: dict[str, int] = Field(description="records per ERP record type")
    exceptions: int = Field(description="reports in the exception queue")
    journal_requests: dict[str, int] = Field(description="vendor requests each simulator journalled")
    erp_429s: int
    deliveries: int = Field(description="webhook delivery attempts NewStore made")


class CheckSummary(_Strict):
    checks: int
    passed: int
    failed: int
    discrepancies: int


class RunReport(_Strict):
    """A whole run: the verdict, why, and how to replay it."""

    model_config = ConfigDict(extra="forbid", title="pos-harness run report")

    schema_version: Literal[1]
    scenario: str
    seed: int
    integration: str = Field(description='"reference" or the command line that started the integration')
    verdict: Literal["pass", "fail"]
    exit_code: int = Field(description="0 pass, 1 fail")
    replay: str = Field(description="the pos-harness command that repeats this run")
    timing: Timing
    settled: bool
    settle: Settle
    traffic_events: int
    integration_exit_code: int | None = Field(description="set when the integration exited during the run")
    notes: list[str]
    artefacts_dir: str
    summary: CheckSummary
    evidence: EvidenceSummary | None = Field(description="null when the run kept no evidence")
    checks: list[CheckReport]


def schema_text() -> str:
    """The committed JSON Schema, formatted as ``python -m contracts`` formats every schema."""
    return json.dumps(RunReport.model_json_schema(), indent=2, sort_keys=True) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write_schema(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_PATH)}")

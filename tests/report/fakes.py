"""Hand-built run results and evidence for the report tests: no engine, no simulators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.evidence import Compactor
from harness.evidence_columns import Deliveries
from harness.evidence_stock import hold_levels

T0 = 1_700_000_000.0


@dataclass
class FakeCheck:
    name: str
    title: str
    checked: int
    discrepancies: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    omitted: int = 0

    @property
    def passed(self) -> bool:
        return not self.discrepancies

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "passed": self.passed,
            "checked": self.checked,
            "counts": self.counts,
            "metrics": self.metrics,
            "omitted": self.omitted,
            "discrepancies": self.discrepancies,
        }


@dataclass
class FakeSettle:
    settled: bool = True
    waited_seconds: float = 1.25
    last_activity: dict[str, Any] = field(default_factory=lambda: {"erp": {"requests": 7}})


@dataclass
class FakeTruth:
    transactions: list[dict[str, Any]] = field(default_factory=list)
    journals: list[dict[str, Any]] = field(default_factory=list)
    stock: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeEvidence:
    truth: FakeTruth
    started_wall: float = T0
    publish_times: dict[int, float] = field(default_factory=dict)
    erp_records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    journals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    erp_stock: list[dict[str, Any]] = field(default_factory=list)
    shop_inventory: list[dict[str, Any]] = field(default_factory=list)
    deliveries: Sequence[dict[str, Any]] = field(default_factory=list)
    erp_config: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeRun:
    checks: list[FakeCheck]
    evidence: FakeEvidence | None
    artefacts_dir: Path
    scenario: str = "smoke"
    seed: int = 42
    integration: str = "reference"
    settle: FakeSettle = field(default_factory=FakeSettle)
    drive_seconds: float = 2.5
    total_seconds: float = 6.0
    traffic_events: int = 3
    integration_exit_code: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.settle.settled and all(c.passed for c in self.checks)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    @property
    def replay_command(self) -> str:
        return f"pos-harness run {self.scenario} --seed {self.seed}"


def journal_entry(seq: int, at: float, status: int, path: str = "/services/rest/record/v1/cashSale") -> dict[str, Any]:
    return {
        "seq": seq,
        "started_at": T0 + at,
        "duration_ms": 3.5,
        "method": "POST",
        "path": path,
        "query": "",
        "request_headers": {},
        "request_body": "{}",
        "status": status,
        "response_headers": {"Retry-After": "1"} if status == 429 else {},
        "response_body": "",
        "notes": ["rate limit: concurrency"] if status == 429 else [],
    }


def evidence() -> FakeEvidence:
    """Three sales published at 0.2 s, 1.5 s and 1.7 s; the ERP saw 2xx, 429 and 500 answers."""
    move = {"sku": "TEE-M", "erp_item": "11", "store_id": "s1", "erp_location": "1", "shop_location": 1001, "quantity": -1}
    move["adjustment_external_id"] = None
    # Whole truth lines (the checks index every field), kept as small as the schema allows.
    common = {"kind": "transaction", "source_system": "newstore", "store_id": "s1", "business_day": "2026-11-27"}
    common |= {"record": None, "exception": None, "fulfilments": []}
    transactions = [
        {**common, "transaction": "store_sale", "source_id": f"NS-{i}", "order_id": f"o-{i}"}
        | {"event_seq": i, "at": at, "stock": [move], "outcome": "erp"}
        for i, at in ((1, 0.2), (2, 1.5), (3, 1.7))
    ]
    transactions.append(
        {**common, "transaction": "cancelled_order", "source_id": "NS-9", "order_id": "o-9"}
        | {"event_seq": 9, "at": 0.1, "stock": [], "outcome": "none"}
    )
    truth = FakeTruth(
        transactions=transactions,
        journals=[{"kind": "journal", "store_id": "s1", "business_day": "2026-11-27", "outcome": "erp"}],
        stock=[{"kind": "stock", "system": "shop", "item": "TEE-M", "location": "1001", "quantity": 8}],
        summary={"kind": "summary", "scenario": "smoke", "seed": 42, "transactions": 4, "events": 3},
    )
    level = {
        "sku": "TEE-M",
        "location_id": 1001,
        "available": 8,
        "changes": [
            {"at": T0 - 5, "available": 12, "delta": 12, "via": "seed"},
            {"at": T0 + 0.5, "available": 11, "delta": -1, "via": "inventory_levels/adjust", "request_id": "r-1"},
            {"at": T0 + 1.6, "available": 10, "delta": -1, "via": "order #1001"},
            {"at": T0 + 2.7, "available": 8, "delta": -2, "via": "inventory_levels/adjust", "request_id": "r-2"},
        ],
    }
    return FakeEvidence(
        truth=truth,
        publish_times={1: T0 + 0.2, 2: T0 + 1.5, 3: T0 + 1.7},
        erp_records={"cashSale": [{"id": "101", "externalId": "NS-1"}, {"id": "102", "externalId": "NS-2"}]},
        exceptions=[
            {
                "source_system": "newstore",
                "record_type": "sale",
                "source_id": "NS-3",
                "reason": "no mapping",
                "field": "payment_method",
                "value": "klarna",
            }
        ],
        journals={
            "erp": [
                journal_entry(1, 0.3, 200),
                journal_entry(2, 0.4, 429),
                journal_entry(3, 1.1, 201),
                journal_entry(4, 2.2, 500),
            ],
            "shop": [journal_entry(1, 0.5, 200, "/admin/api/2024-01/inventory_levels/adjust.json")],
        },
        erp_stock=[{"item": "11", "location": "1", "quantityOnHand": 8}],
        shop_inventory=hold_levels([level], Compactor()),  # as collect holds them: changes and deliveries as columns
        deliveries=Deliveries([{"id": "d1", "attempts": 1}]),
        erp_config={"concurrency_limit": 5},
    )


def discrepancy(i: int, kind: str = "duplicate") -> dict[str, Any]:
    return {
        "kind": kind,
        "source_id": f"NS-{i}",
        "expected": "one ERP record",
        "found": "2 ERP records",
        "evidence": {"erp_records": [{"type": "cashSale", "id": "101", "journal_seqs": [1]}, {"type": "cashSale", "id": "102"}]},
    }


def passing_run(tmp_path: Path, with_evidence: bool = True) -> FakeRun:
    checks = [
        FakeCheck("conservation", "Every sale reaches the ERP once", 3, counts={"in_erp": 2, "reported": 1}),
        FakeCheck(
            "stock_latency",
            "Stock reaches the shop in time",
            2,
            metrics={"p95_seconds": 1.0, "max_seconds": 1.0, "objective_p95_seconds": 5.0},
        ),
    ]
    return FakeRun(checks, evidence() if with_evidence else None, tmp_path / "run")


def failing_run(tmp_path: Path, discrepancies: int = 7) -> FakeRun:
    run = passing_run(tmp_path)
    run.checks[0].discrepancies = [discrepancy(i) for i in range(discrepancies)]
    run.notes = ["the integration exited with code 3 during the run"]
    run.integration = "python -m my_integration --flaky"
    return run

"""What the checks judge: the ground truth beside everything the simulators saw.

Collected once, after the integration settled, over the simulators' admin surface; the
checks read this object and nothing else, so they are pure functions and easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scenarios.truth import GroundTruth

from .simulator_set import SimClient

SALE_RECORD_TYPES = ("salesOrder", "cashSale", "invoice")


@dataclass
class Evidence:
    truth: GroundTruth
    erp_records: dict[str, list[dict[str, Any]]]
    exceptions: list[dict[str, Any]]
    erp_journal: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)

    def sale_records(self) -> list[tuple[str, dict[str, Any]]]:
        return [(t, r) for t in SALE_RECORD_TYPES for r in self.erp_records.get(t, [])]

    def requests_for_record(self, record_type: str, record_id: str) -> list[int]:
        """Journal sequence numbers of the ERP writes that created or changed a record."""
        suffix = f"/record/v1/{record_type}/{record_id}"
        return [
            e["seq"]
            for e in self.erp_journal
            if urlsplit(e.get("response_headers", {}).get("Location", "")).path.endswith(suffix)
        ]


def collect(simulators: dict[str, SimClient], truth: GroundTruth) -> Evidence:
    erp_state = simulators["erp"].admin("GET", "state")
    return Evidence(
        truth=truth,
        erp_records=erp_state["records"],
        exceptions=simulators["exceptions"].admin("GET", "state")["reports"],
        erp_journal=simulators["erp"].admin("GET", "journal")["entries"],
        deliveries=simulators["newstore"].admin("GET", "deliveries")["deliveries"],
    )

"""Ghost orders: a cancelled web order leaves nothing, in the ERP or the exception queue."""

from __future__ import annotations

from harness.checks import ghost_orders
from tests.checks.builders import duplicate, everything, evidence_of, kinds


def test_passes_when_the_cancelled_order_left_nothing() -> None:
    result = ghost_orders.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.checked == 1


def test_an_order_posted_on_created_before_it_was_cancelled_is_a_ghost() -> None:
    evidence = evidence_of(everything())
    duplicate(evidence, "salesOrder", "WEB-1001", externalId=None, otherRefNum="WEB-1002")
    duplicate(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000002", externalId="STOCK-WEB-1002")
    result = ghost_orders.check(evidence)
    assert kinds(result) == {"WEB-1002": {"ghost-record"}}
    assert {r["type"] for r in result.discrepancies[0].evidence["erp_records"]} == {"salesOrder", "inventoryAdjustment"}


def test_a_cancelled_order_reported_as_an_exception_is_named() -> None:
    evidence = evidence_of(everything())
    evidence.exceptions.append({"id": 99, "source_id": "WEB-1002", "reason": "payment failed", "field": None})
    assert kinds(ghost_orders.check(evidence)) == {"WEB-1002": {"ghost-report"}}

"""Master direction: no writes to ERP master data; ERP price changes reach Sitoo."""

from __future__ import annotations

from harness.checks import master_direction
from tests.checks.builders import everything, evidence_of


def test_passes_when_nothing_is_written_back_and_prices_are_current() -> None:
    evidence = evidence_of(everything())
    evidence.erp_prices = {
        "prices": {"5001": 12.5, "5002": 40.0},
        "changes": [{"item": "5001", "from": 10.0, "to": 12.5, "at": 1.0}],
    }
    evidence.sitoo_products[0]["moneyprice"] = "12.50"
    result = master_direction.check(evidence)
    assert result.passed, result.discrepancies
    assert result.checked == 1


def test_a_price_written_back_to_the_item_master_is_named() -> None:
    evidence = evidence_of(everything())
    evidence.journals["erp"].append(
        {
            "seq": 99,
            "method": "PATCH",
            "path": "/services/rest/record/v1/inventoryItem/5001",
            "status": 403,
            "notes": ["rejected: INSUFFICIENT_PERMISSION: Permission Violation", "master-data write refused: inventoryItem"],
        }
    )
    result = master_direction.check(evidence)
    assert [d.kind for d in result.discrepancies] == ["master-write"]
    assert result.discrepancies[0].evidence["request"]["seq"] == 99


def test_a_price_change_that_never_reached_the_till_is_named() -> None:
    evidence = evidence_of(everything())
    evidence.erp_prices = {
        "prices": {"5001": 12.5, "5002": 40.0},
        "changes": [{"item": "5001", "from": 10.0, "to": 12.5, "at": 1.0}],
    }
    result = master_direction.check(evidence)
    assert [d.kind for d in result.discrepancies] == ["price-not-propagated"]
    assert result.discrepancies[0].expected == "Sitoo TEE-RED-M moneyprice 12.50 (ERP item 5001)"
    assert result.discrepancies[0].found == "moneyprice 10.00"

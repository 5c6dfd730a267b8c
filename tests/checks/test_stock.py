"""Stock: final ERP and web-shop quantities as the truth says, moved at the right locations."""

from __future__ import annotations

from harness.checks import stock
from tests.checks.builders import HEAD_OFFICE, everything, evidence_of, find, kinds


def test_passes_when_final_stock_is_as_the_sales_left_it() -> None:
    result = stock.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.checked == 8  # 2 items x 2 stores, in the ERP and on the shop


def test_stock_booked_at_head_office_names_the_sale_and_both_locations() -> None:
    evidence = evidence_of(everything())
    adjustment = find(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000002")
    adjustment["adjLocation"] = {"id": HEAD_OFFICE}
    adjustment["inventory"]["items"][0]["location"] = {"id": HEAD_OFFICE}
    for row in evidence.erp_stock:  # what the ERP's ledger then says
        if (row["item"], row["location"]) == ("5001", "11"):
            row["quantityOnHand"] += 1
    evidence.erp_stock.append({"item": "5001", "location": HEAD_OFFICE, "quantityOnHand": -1.0})
    result = stock.check(evidence)
    assert kinds(result) == {"LEE01-T1-000002": {"wrong-location", "adj-location", "erp-quantity"}}
    wrong = next(d for d in result.discrepancies if d.kind == "wrong-location")
    assert wrong.expected == "item 5001 moved at location 11" and wrong.found == "-1 at location 1"
    quantity = next(d for d in result.discrepancies if d.kind == "erp-quantity")
    assert quantity.evidence["transactions_not_matched"][0]["adjustment"] == "STOCK-LEE01-T1-000002"


def test_web_stock_left_stale_is_a_shop_quantity_discrepancy() -> None:
    evidence = evidence_of(everything())
    level = next(lv for lv in evidence.shop_inventory if lv["sku"] == "HOODIE-L" and lv["location_id"] == 1002)
    level["available"] += 2  # the sitoo sale never reached the shop
    result = stock.check(evidence)
    assert kinds(result) == {None: {"shop-quantity"}}
    assert "SITOO-501" in result.discrepancies[0].evidence["transactions"]


def test_web_stock_moved_where_nothing_was_sold_is_named() -> None:
    evidence = evidence_of(everything())
    evidence.shop_inventory.append(
        {
            "sku": "TEE-RED-M",
            "location_id": 1009,
            "available": -1,
            "changes": [{"at": 1.0, "available": -1, "delta": -1, "via": "POST /admin/api/2024-10/inventory_levels/adjust.json"}],
        }
    )
    assert kinds(stock.check(evidence)) == {None: {"wrong-shop-location"}}

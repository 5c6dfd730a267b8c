"""Sitoo orders -> ERP records, on orders shaped by the Sitoo simulator's own ``build_order``."""

from __future__ import annotations

import pytest

from examples.reference_integration.mappings import CrossReference, Lookups, Unmappable
from examples.reference_integration.sitoo_records import is_final, posting, stock_moves

from . import payloads as p
from .rig import HOODIE, MAPPINGS, SOCK, TEE


def lookups(**changes: list[tuple[str, str]]) -> Lookups:
    return Lookups(CrossReference({name: dict(rows) for name, rows in {**MAPPINGS, **changes}.items()}))


def test_a_till_sale_becomes_a_cash_sale_at_the_warehouses_store() -> None:
    body = p.sitoo_order([(TEE, 2, "10.00"), (SOCK, 3, "5.00")], [("cash", "18.00"), ("card", "24.00")], discount="1.50")
    order = p.stored_sitoo_order(body, 7)
    record = posting(order, lookups())
    assert (record.record_type, record.external_id) == ("cashSale", "SITOO-7")
    assert record.body["location"] == {"id": "11"} and record.body["paymentMethod"] == {"id": "1"}
    assert record.body["tranDate"] == "2026-11-27" and record.body["currency"] == {"id": "1"}
    lines = {line["item"]["id"]: (line["quantity"], line["rate"]) for line in record.body["item"]["items"]}
    assert lines == {"5001": (2, 9.25), "5003": (3, 4.5)}  # 1.50 off each line, shared by its units
    assert record.adjustment is not None and record.adjustment_id == "STOCK-SITOO-7"
    assert stock_moves(order) == {TEE: -2, SOCK: -3}


def test_a_refund_becomes_a_credit_memo_with_positive_quantities() -> None:
    body = p.sitoo_order([(HOODIE, -1, "40.00")], [("card", "-48.00")], creditorderid=7)
    order = p.stored_sitoo_order(body, 9)
    record = posting(order, lookups())
    assert (record.record_type, record.external_id) == ("creditMemo", "SITOO-9")
    assert "paymentMethod" not in record.body
    assert [(line["quantity"], line["rate"]) for line in record.body["item"]["items"]] == [(1, 40.0)]
    assert record.adjustment is not None
    assert record.adjustment["inventory"]["items"][0]["adjustQtyBy"] == 1
    assert stock_moves(order) == {HOODIE: 1}


def test_a_warehouse_with_no_store_row_is_an_unmapped_location() -> None:
    order = p.stored_sitoo_order(p.sitoo_order([(TEE, 1, "10.00")], [("card", "12.00")], warehouseid=9), 3)
    with pytest.raises(Unmappable) as caught:
        posting(order, lookups())
    assert (caught.value.field, caught.value.value) == ("location", "9")


def test_only_closed_and_paid_orders_are_final() -> None:
    order = p.stored_sitoo_order(p.sitoo_order([(TEE, 1, "10.00")], [("card", "12.00")]), 3)
    assert is_final(order)
    assert not is_final({**order, "orderstateid": 0})
    assert not is_final({**order, "paymentstateid": 10})

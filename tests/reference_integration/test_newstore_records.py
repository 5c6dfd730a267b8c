"""NewStore payloads -> ERP records: the mappers, on hand-made payloads validated by the
NewStore simulator's own event models (see ``payloads.py``)."""

from __future__ import annotations

import pytest

from examples.reference_integration.mappings import CrossReference, Lookups, Unmappable
from examples.reference_integration.newstore_records import OrderRef, credit_memo, invoice, sales_order

from . import payloads as p
from .rig import HOODIE, LEEDS, MAPPINGS, SOCK, TEE, YORK


def lookups(**changes: list[tuple[str, str]]) -> Lookups:
    return Lookups(CrossReference({name: dict(rows) for name, rows in {**MAPPINGS, **changes}.items()}))


def without(table: str, key: str) -> dict[str, list[tuple[str, str]]]:
    return {table: [row for row in MAPPINGS[table] if row[0] != key]}


def test_an_in_store_sale_becomes_a_sales_order_with_one_line_per_product() -> None:
    order = p.order("o-1", "LEE01-T1-000001", [p.unit("a", TEE), p.unit("b", HOODIE), p.unit("c", TEE, discount="2.00")])
    posting = sales_order(order, LEEDS, lookups())
    body = posting.body
    assert (posting.record_type, posting.external_id) == ("salesOrder", "LEE01-T1-000001")
    assert body["location"] == {"id": "11"} and body["entity"] == {"id": "100"} and body["subsidiary"] == {"id": "1"}
    assert body["currency"] == {"id": "1"} and body["paymentMethod"] == {"id": "1"} and body["tranDate"] == "2026-11-27"
    lines = {line["item"]["id"]: line for line in body["item"]["items"]}
    # Tee: 12.00 and 10.00 (after a 2.00 discount) including 20% VAT -> (10.00 + 8.333..) / 2 = 9.17
    assert (lines["5001"]["quantity"], lines["5001"]["rate"]) == (2, 9.17)
    assert (lines["5002"]["quantity"], lines["5002"]["rate"]) == (1, 40.0)
    assert all(line["taxCode"] == {"id": "7"} and line["location"] == {"id": "11"} for line in lines.values())


def test_the_sale_moves_its_units_out_of_the_store() -> None:
    order = p.order("o-1", "LEE01-T1-000001", [p.unit("a", TEE), p.unit("b", TEE)])
    posting = sales_order(order, LEEDS, lookups())
    assert posting.adjustment_id == "STOCK-LEE01-T1-000001"
    assert posting.adjustment is not None
    assert posting.adjustment["adjLocation"] == {"id": "11"} and posting.adjustment["account"] == {"id": "1300"}
    assert posting.adjustment["inventory"]["items"] == [{"item": {"id": "5001"}, "location": {"id": "11"}, "adjustQtyBy": -2}]


def test_a_web_orders_stock_moves_with_its_parcels_not_with_the_order() -> None:
    order = p.order("o-w", "WEB-1", [p.unit("a", TEE)], channel_type="web")
    assert sales_order(order, LEEDS, lookups()).adjustment is None


def test_the_payment_method_is_the_largest_tender() -> None:
    order = p.order("o-1", "S-1", [p.unit("a", HOODIE)], payments=[("cash", "8.00", "captured"), ("card", "40.00", "captured")])
    assert sales_order(order, LEEDS, lookups()).body["paymentMethod"] == {"id": "1"}


def test_every_tender_must_map_even_when_it_is_not_the_largest() -> None:
    order = p.order("o-1", "S-1", [p.unit("a", HOODIE)], payments=[("card", "40.00", "captured"), ("klarna", "8.00", "captured")])
    with pytest.raises(Unmappable) as caught:
        sales_order(order, LEEDS, lookups())
    assert (caught.value.field, caught.value.value) == ("payment_method", "klarna")


@pytest.mark.parametrize(
    ("tables", "field", "value"),
    [
        ({**without("locations", LEEDS), **without("payment_methods", "card")}, "location", LEEDS),
        ({"currencies": [], **without("payment_methods", "card")}, "currency", "GBP"),
        ({**without("payment_methods", "card"), "tax_codes": []}, "payment_method", "card"),
        ({"tax_codes": [], **without("items", TEE)}, "tax_code", p.VAT),
        (without("items", TEE), "item", TEE),
    ],
)
def test_the_first_unmapped_field_is_reported_in_the_contracts_order(
    tables: dict[str, list[tuple[str, str]]], field: str, value: str
) -> None:
    order = p.order("o-1", "S-1", [p.unit("a", TEE)])
    with pytest.raises(Unmappable) as caught:
        sales_order(order, LEEDS, lookups(**tables))
    assert (caught.value.field, caught.value.value) == (field, value)


def test_tax_excluded_prices_are_already_net() -> None:
    order = p.order("o-1", "US-1", [p.unit("a", TEE)])
    order["price_method"] = "tax_excluded"
    assert sales_order(order, LEEDS, lookups()).body["item"]["items"][0]["rate"] == 12.0


def test_the_gross_as_net_bug_keeps_the_tax_in_the_rate() -> None:
    order = p.order("o-1", "S-1", [p.unit("a", TEE)])
    assert sales_order(order, LEEDS, lookups(), strip_included_tax=False).body["item"]["items"][0]["rate"] == 12.0


def test_a_parcel_is_invoiced_to_the_collecting_store_and_leaves_the_store_that_picked_it() -> None:
    units = [p.unit("a", TEE), p.unit("b", TEE), p.unit("c", HOODIE)]
    order = p.order("o-w", "WEB-1", units, channel_type="web")
    parcel = {"a": TEE, "b": TEE}
    posting = invoice(order, "fr-1", parcel, LEEDS, YORK, "2026-11-28", lookups())
    assert (posting.record_type, posting.external_id) == ("invoice", "INV-fr-1")
    assert posting.body["externalId"] == "INV-fr-1" and posting.body["location"] == {"id": "11"}
    assert posting.body["tranDate"] == "2026-11-28"
    assert [(line["item"]["id"], line["quantity"], line["rate"]) for line in posting.body["item"]["items"]] == [("5001", 2, 10.0)]
    assert posting.adjustment is not None and posting.adjustment["adjLocation"] == {"id": "12"}
    assert posting.adjustment["inventory"]["items"][0]["adjustQtyBy"] == -2


def test_a_return_is_credited_at_the_returning_store_at_its_net_refund() -> None:
    sold = [p.unit("a", TEE, discount="2.00"), p.unit("b", SOCK)]
    original = OrderRef.of(p.order("o-1", "LEE01-T1-000001", sold))
    ret = p.returned("r-1", "o-1", sold, store=YORK)
    posting = credit_memo(ret, original, lookups())
    assert (posting.record_type, posting.external_id) == ("creditMemo", "RET-r-1")
    assert posting.body["location"] == {"id": "12"} and "createdFrom" not in posting.body  # set by the writer
    lines = {line["item"]["id"]: line for line in posting.body["item"]["items"]}
    assert lines["5001"]["rate"] == 8.33 and lines["5003"]["rate"] == 5.0
    assert lines["5001"]["taxCode"] == {"id": "7"}
    assert posting.adjustment is not None and posting.adjustment_id == "STOCK-RET-r-1"
    assert {line["adjustQtyBy"] for line in posting.adjustment["inventory"]["items"]} == {1}

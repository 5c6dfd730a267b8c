"""The integration as a service, against the real simulators (see ``rig.py``): events go in
through the vendors' delivery machinery, and the test reads what reached the ERP, the
exception queue, the web shop and the tills. A few tests switch on a faulty variant's
behaviour to show the switch does what its variant says."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from examples.reference_integration.behaviour import Behaviour
from examples.reference_integration.service import create_webhook_app

from . import payloads as p
from .rig import HOODIE, LEEDS, PRICE, SOCK, STOCK, TEE, YORK, Rig, wait_until

MakeRig = Callable[..., Rig]


@pytest.fixture
def make_rig(tmp_path: Path) -> Iterator[MakeRig]:
    rigs: list[Rig] = []

    def make(**kwargs: Any) -> Rig:
        rig = Rig(tmp_path / f"rig{len(rigs)}", **kwargs)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.stop()


def store_sale(order_id: str, external_id: str, units: list[dict[str, Any]], **kwargs: Any) -> list[tuple[str, dict[str, Any]]]:
    created = p.order(order_id, external_id, units, status="created", **kwargs)
    return [("order.created", created), ("order.completed", {**created, "status": "completed"})]


# -- NewStore ----------------------------------------------------------------------------
def test_a_sale_delivered_twice_is_posted_once_and_moves_stock_once(make_rig: MakeRig) -> None:
    rig = make_rig(newstore_config={"duplicate_rate": 1.0}).start()
    rig.publish(*store_sale("o-1", "LEE01-T1-000001", [p.unit("a", TEE), p.unit("b", TEE), p.unit("c", HOODIE)]))
    rig.settle()
    sale = rig.record("salesOrder", "LEE01-T1-000001")
    assert sale["location"] == {"id": "11"} and len(sale["item"]["items"]) == 2
    adjustment = rig.record("inventoryAdjustment", "STOCK-LEE01-T1-000001")
    assert sorted(line["adjustQtyBy"] for line in adjustment["inventory"]["items"]) == [-2, -1]
    assert (rig.shop_available(TEE, LEEDS), rig.shop_available(HOODIE, LEEDS)) == (STOCK - 2, STOCK - 1)
    assert rig.exceptions() == []


def test_without_dedupe_a_duplicate_delivery_moves_the_shops_stock_twice(make_rig: MakeRig) -> None:
    rig = make_rig(behaviour=replace(Behaviour(), dedupe=False), newstore_config={"duplicate_rate": 1.0}).start()
    rig.publish(*store_sale("o-1", "LEE01-T1-000001", [p.unit("a", TEE)]))
    rig.settle()
    assert len(rig.records("salesOrder")) == 1  # the ERP upsert is idempotent...
    assert rig.shop_available(TEE, LEEDS) == STOCK - 2  # ...the shop's adjust is not


def test_a_cancelled_web_order_is_never_posted_even_when_the_cancellation_comes_first(make_rig: MakeRig) -> None:
    rig = make_rig(newstore_config={"delivery_workers": 1}).start()  # one worker: arrival order = publish order
    units = [p.unit("a", SOCK)]
    created = p.order(
        "o-c", "WEB-2", units, channel=YORK, channel_type="web", payments=[("card", "6.00", "authorized")], status="created"
    )
    rig.publish(("order.cancelled", {**created, "status": "cancelled"}), ("order.created", created))
    rig.settle()
    assert rig.records("salesOrder") == [] and rig.exceptions() == []


def test_posting_on_order_created_makes_a_ghost_of_a_cancelled_order(make_rig: MakeRig) -> None:
    rig = make_rig(behaviour=replace(Behaviour(), sale_trigger="created"), newstore_config={"delivery_workers": 1}).start()
    created = p.order("o-c", "WEB-2", [p.unit("a", SOCK)], channel=YORK, channel_type="web", payments=[], status="created")
    rig.publish(("order.created", created), ("order.cancelled", {**created, "status": "cancelled"}))
    rig.settle()
    assert [r["externalId"] for r in rig.records("salesOrder")] == ["WEB-2"]


def test_a_web_order_is_posted_with_one_invoice_per_parcel_whatever_order_its_events_come_in(make_rig: MakeRig) -> None:
    rig = make_rig(newstore_config={"delivery_workers": 1}).start()
    units = [p.unit("w1", TEE), p.unit("w2", TEE), p.unit("w3", HOODIE)]
    kwargs: dict[str, Any] = {"channel": LEEDS, "channel_type": "web"}
    created = p.order("o-w", "WEB-1", units, payments=[("card", "72.00", "authorized")], status="created", **kwargs)
    completed = p.order("o-w", "WEB-1", units, payments=[("card", "72.00", "captured")], **kwargs)
    rig.publish(
        ("fulfillment_request.items_completed", p.fulfilment("fr-1", "o-w", units[:1], timestamp=2)),  # before its assignment
        ("order.completed", completed),  # before the last unit was picked
        ("fulfillment_request.assigned", p.fulfilment("fr-1", "o-w", units[:2])),
        ("fulfillment_request.assigned", p.fulfilment("fr-2", "o-w", units[2:], store=YORK)),  # picked in another store
        ("order.created", created),
        ("fulfillment_request.items_completed", p.fulfilment("fr-2", "o-w", units[2:], store=YORK, timestamp=2)),
        ("fulfillment_request.items_completed", p.fulfilment("fr-1", "o-w", units[1:2], timestamp=3)),
    )
    rig.settle()
    sale = rig.record("salesOrder", "WEB-1")
    assert sale["location"] == {"id": "11"}
    first, second = rig.record("invoice", "INV-fr-1"), rig.record("invoice", "INV-fr-2")
    assert first["createdFrom"]["id"] == second["createdFrom"]["id"] == sale["id"]
    assert [(line["item"]["id"], line["quantity"]) for line in first["item"]["items"]] == [("5001", 2)]
    assert [(line["item"]["id"], line["quantity"]) for line in second["item"]["items"]] == [("5002", 1)]
    assert rig.record("inventoryAdjustment", "STOCK-INV-fr-2")["adjLocation"] == {"id": "12"}  # where it was picked
    assert (rig.shop_available(TEE, LEEDS), rig.shop_available(HOODIE, YORK)) == (STOCK - 2, STOCK - 1)


def test_a_return_in_another_store_is_credited_there_and_linked_to_the_sale(make_rig: MakeRig) -> None:
    rig = make_rig().start()
    units = [p.unit("a", TEE), p.unit("b", SOCK)]
    rig.publish(*store_sale("o-1", "LEE01-T1-000001", units))
    rig.settle()
    rig.publish(("return.processed", p.returned("r-1", "o-1", units[:1], store=YORK)))
    rig.settle()
    credit = rig.record("creditMemo", "RET-r-1")
    assert credit["createdFrom"]["id"] == rig.record("salesOrder", "LEE01-T1-000001")["id"]
    assert credit["location"] == {"id": "12"}
    assert rig.shop_available(TEE, YORK) == STOCK + 1


def test_a_return_of_an_order_this_process_never_saw_is_linked_through_newstore(make_rig: MakeRig) -> None:
    rig = make_rig().start()
    units = [p.unit("a", TEE)]
    rig.admin("newstore", "seed", {"orders": [p.order("o-old", "LEE01-T1-000099", units)]})
    assert rig.integration.erp.send("PUT", "/record/v1/salesOrder/eid:LEE01-T1-000099?replace=item", _old_sale()).ok
    rig.publish(("return.processed", p.returned("r-9", "o-old", units, store=LEEDS)))
    rig.settle()
    assert rig.record("creditMemo", "RET-r-9")["createdFrom"]["id"] == rig.record("salesOrder", "LEE01-T1-000099")["id"]


def _old_sale() -> dict[str, Any]:
    return {
        "entity": {"id": "100"},
        "subsidiary": {"id": "1"},
        "location": {"id": "11"},
        "item": {"items": [{"item": {"id": "5001"}, "quantity": 1, "rate": 10.0}]},
    }


def test_a_gift_return_goes_to_the_exception_queue_and_its_goods_back_on_the_shelf(make_rig: MakeRig) -> None:
    rig = make_rig().start()
    rig.publish(("return.processed", p.returned("r-2", None, [p.unit("g", SOCK)], store=LEEDS)))
    rig.settle()
    [report] = rig.exceptions()
    assert (report["source_id"], report["record_type"], report["field"], report["value"]) == ("RET-r-2", "return", "order_id", "")
    assert rig.records("creditMemo") == []
    assert rig.shop_available(SOCK, LEEDS) == STOCK + 1


def test_an_unmappable_sale_is_reported_once_and_its_stock_still_moves(make_rig: MakeRig) -> None:
    rig = make_rig(newstore_config={"duplicate_rate": 1.0}).start()
    units = [p.unit("a", TEE)]
    rig.publish(*store_sale("o-k", "LEE01-T1-000002", units, payments=[("klarna", "12.00", "captured")]))
    rig.settle()
    [report] = rig.exceptions()
    assert (report["source_id"], report["field"], report["value"], report["record_type"]) == (
        "LEE01-T1-000002",
        "payment_method",
        "klarna",
        "sale",
    )
    assert rig.records("salesOrder") == [] and rig.records("inventoryAdjustment") == []
    assert rig.shop_available(TEE, LEEDS) == STOCK - 1


# -- Sitoo ---------------------------------------------------------------------------------
def registers(rig: Rig) -> list[str]:
    return [r["registerid"] for r in rig.admin("sitoo", "state", method="GET")["cashregisters"]]


def test_sitoo_sales_refunds_and_the_day_close(make_rig: MakeRig) -> None:
    rig = make_rig().start()
    first, second = registers(rig)
    orderids = rig.admin(
        "sitoo",
        "orders",
        [
            p.sitoo_order([(TEE, 2, "10.00"), (HOODIE, 1, "40.00")], [("card", "50.00"), ("cash", "22.00")], registerid=first),
            p.sitoo_order([(SOCK, 3, "5.00")], [("cash", "18.00")], registerid=second),
        ],
    )["orderids"]
    rig.admin(
        "sitoo",
        "orders",
        [p.sitoo_order([(TEE, -1, "10.00")], [("card", "-12.00")], creditorderid=orderids[0], registerid=first)],
    )
    rig.settle()
    sale = rig.record("cashSale", f"SITOO-{orderids[0]}")
    assert sale["location"] == {"id": "11"} and sale["paymentMethod"] == {"id": "1"}
    assert rig.record("creditMemo", f"SITOO-{orderids[0] + 2}")["createdFrom"]["id"] == sale["id"]
    assert (rig.shop_available(TEE, LEEDS), rig.shop_available(SOCK, LEEDS)) == (STOCK - 1, STOCK - 3)
    rig.admin("sitoo", "dayclose", {"store_id": "1"})
    rig.settle()
    [journal] = rig.records("journalEntry")
    assert journal["externalId"] == "Z-store-lee01-2026-11-27"
    debits = {line["account"]["id"]: line.get("debit") for line in journal["line"]["items"] if "debit" in line}
    credits = {line["account"]["id"]: line.get("credit") for line in journal["line"]["items"] if "credit" in line}
    assert debits == {"1200": 38.0, "1100": 40.0} and credits == {"4000": 65.0, "2200": 13.0}


def test_sitoo_gets_503_while_the_intake_is_full_and_200_once_there_is_room(make_rig: MakeRig) -> None:
    rig = make_rig(sitoo_queue_limit=10)  # not started: nothing drains the intake
    client = create_webhook_app(rig.integration).test_client()
    batch = [{"event_id": f"e{n}", "event_type": "order", "data": {"eshop_id": 1, "order_id": n}} for n in range(10)]
    assert client.post("/sitoo/events", json=batch).status_code == 200
    more = [{"event_id": "e10", "event_type": "order", "data": {"eshop_id": 1, "order_id": 10}}]
    assert client.post("/sitoo/events", json=more).status_code == 503
    assert client.post("/sitoo/events", json=batch[:3]).status_code == 200  # already queued: nothing new to hold
    rig.integration.sitoo_flow.inbox.take(5)
    assert client.post("/sitoo/events", json=more).status_code == 200
    assert rig.integration.sitoo_flow.inbox.pending() == 7  # 5 still queued, 1 new, and the batch in hand


def test_the_ack_then_drop_bug_answers_200_and_loses_what_does_not_fit(make_rig: MakeRig) -> None:
    rig = make_rig(behaviour=replace(Behaviour(), push_back_when_full=False), sitoo_queue_limit=10)
    client = create_webhook_app(rig.integration).test_client()
    batch = [{"event_id": f"e{n}", "event_type": "order", "data": {"eshop_id": 1, "order_id": n}} for n in range(8)]
    assert client.post("/sitoo/events", json=batch).status_code == 200
    more = [{"event_id": f"f{n}", "event_type": "order", "data": {"eshop_id": 1, "order_id": 10 + n}} for n in range(8)]
    assert client.post("/sitoo/events", json=more).status_code == 200
    assert rig.integration.sitoo_flow.inbox.pending() == 10  # six events acknowledged and gone


# -- master data ---------------------------------------------------------------------------
def test_an_erp_price_change_reaches_the_tills(make_rig: MakeRig) -> None:
    rig = make_rig().start()
    wait_until(lambda: bool(rig.integration.prices.erp_prices), "the price sync to learn the ERP's prices")
    rig.admin("erp", "prices", {"prices": {"5001": 13.5}})
    wait_until(lambda: rig.sitoo_price(TEE) == "13.50", "the new price on the tills")
    assert rig.sitoo_price(HOODIE) == PRICE[HOODIE]
    assert rig.admin("erp", "state", method="GET")["master_writes_refused"] == 0


def test_the_prices_back_to_erp_bug_writes_master_data(make_rig: MakeRig) -> None:
    rig = make_rig(behaviour=replace(Behaviour(), erp_is_price_master=False)).start()
    wait_until(lambda: bool(rig.integration.prices.erp_prices), "the price sync to learn the ERP's prices")
    rig.admin("erp", "prices", {"prices": {"5001": 13.5}})
    wait_until(lambda: rig.admin("erp", "state", method="GET")["master_writes_refused"] > 0, "a refused write-back")
    assert rig.sitoo_price(TEE) == PRICE[TEE]


def test_health_reports_the_work_in_hand(make_rig: MakeRig) -> None:
    rig = make_rig().start()
    rig.settle()
    health = create_webhook_app(rig.integration).test_client().get("/health").json
    assert health == {"ok": True, "idle": True, "pending": {"newstore": 0, "sitoo": 0, "erp": 0, "shop": 0}}

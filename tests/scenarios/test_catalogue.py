"""Each catalogue scenario reproduces what its file says: the deliberate omissions, faults,
races and shapes show up in its traffic and truth."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from harness.simulator_set import Credentials, seeds
from scenarios.catalogue import list_scenarios
from scenarios.clock import BusinessClock, clock_seconds
from scenarios.money import net_of_gross
from tests.scenarios.runs import run_of


def exceptions(name: str) -> Counter[tuple[str, str]]:
    return Counter((t["exception"]["field"], t["exception"]["value"]) for t in run_of(name).truth.transactions if t["exception"])


def published(name: str, event: str) -> list[dict[str, Any]]:
    return [e for e in run_of(name).traffic if e["system"] == "newstore" and e["body"]["name"] == event]


@pytest.mark.parametrize("name", list_scenarios())
def test_each_scenario_drives_in_seconds_with_a_few_hundred_to_a_few_thousand_events(name: str) -> None:
    run = run_of(name)
    limit = 30.0 if name == "peak-trading-day" else 10.0
    assert run.traffic[-1]["at"] <= limit
    assert 300 <= len(run.traffic) <= (20_000 if name == "peak-trading-day" else 5_000)
    assert sum(t["outcome"] == "erp" for t in run.truth.transactions) > 0


def test_smoke_stays_small_and_touches_both_pos_and_the_web() -> None:
    run = run_of("smoke")
    kinds = Counter(t["transaction"] for t in run.truth.transactions)
    assert 250 <= kinds["store_sale"] + kinds["sitoo_sale"] <= 350 and kinds["sitoo_sale"] > 0 and kinds["web_order"] > 0
    assert exceptions("smoke").keys() <= {("payment_method", "klarna"), ("order_id", "")}
    assert [j["outcome"] for j in run.truth.journals] == ["erp"], "Klarna is NewStore-only, so the Sitoo day posts"
    assert run.traffic[-1]["at"] < 3.0


def test_unmapped_payment_method() -> None:
    run = run_of("unmapped-payment-method")
    assert exceptions("unmapped-payment-method")[("payment_method", "klarna")] >= 20
    assert [j["exception"] for j in run.truth.journals] == [
        {"field": "payment_method", "value": "klarna", "record_type": "journal"}
    ]
    assert "klarna" not in dict(run.world.mapping_tables()["payment_methods.csv"])
    assert "klarna" not in {m["name"] for m in run.world.erp_master()["paymentMethod"]}


def test_unmapped_currency() -> None:
    run = run_of("unmapped-currency")
    assert exceptions("unmapped-currency")[("currency", "SEK")] >= 50
    swedish = {s.store_id for s in run.world.stores if s.currency == "SEK"}
    for truth in run.truth.transactions:
        if truth["store_id"] in swedish and truth["transaction"] != "gift_return":
            assert truth["exception"] == {"field": "currency", "value": "SEK", "record_type": truth["exception"]["record_type"]}
    assert [j["exception"]["field"] for j in run.truth.journals] == ["currency"]
    assert any(t["outcome"] == "erp" for t in run.truth.transactions)


def test_unmapped_tax_code() -> None:
    run = run_of("unmapped-tax-code")
    assert exceptions("unmapped-tax-code")[("tax_code", "GB VAT 0%")] >= 20
    standard = dict(run.world.mapping_tables()["tax_codes.csv"])["GB VAT 20%"]
    posted = [t for t in run.truth.transactions if t["outcome"] == "erp" and t["transaction"] in ("store_sale", "web_order")]
    assert posted and all(line["tax_code"] == standard for t in posted for line in t["record"]["lines"])


def test_unmapped_store_location() -> None:
    run = run_of("unmapped-store-location")
    store = run.world.stores[3].store_id
    assert store not in dict(run.world.mapping_tables()["locations.csv"])
    assert store not in {row.get("externalId") for row in run.world.erp_master()["location"]}
    at_store = [
        t for t in run.truth.transactions if t["store_id"] == store and t["transaction"] not in ("gift_return", "cancelled_order")
    ]
    assert len(at_store) >= 50 and all(t["exception"]["field"] == "location" for t in at_store)
    assert any(t["transaction"] == "return" for t in at_store), "a sale from elsewhere returned at the new store"


def test_relocated_store_location() -> None:
    run = run_of("relocated-store-location")
    store = run.world.stores[1]
    assert store.legacy_location is not None and store.erp_location != store.legacy_location
    locations = {row["id"]: row for row in run.world.erp_master()["location"]}
    assert locations[store.legacy_location]["externalId"] == store.store_id, (
        "looking the store up by externalId finds the old site"
    )
    assert dict(run.world.mapping_tables()["locations.csv"])[store.store_id] == store.erp_location
    posted = [t for t in run.truth.transactions if t["store_id"] == store.store_id and t["record"]]
    assert len(posted) >= 30 and all(t["record"]["location"] == store.erp_location for t in posted)
    stock_locations = {s["location"] for s in run.truth.stock if s["system"] == "erp"}
    assert store.erp_location in stock_locations and store.legacy_location not in stock_locations


def test_gift_returns_without_an_order() -> None:
    assert exceptions("gift-return-no-order")[("order_id", "")] >= 10
    returns = [e["body"]["payload"] for e in published("gift-return-no-order", "return.processed")]
    assert sum(r["order_id"] is None for r in returns) == exceptions("gift-return-no-order")[("order_id", "")]


def test_ghost_orders_are_created_then_cancelled_and_leave_nothing() -> None:
    run = run_of("ghost-order")
    ghosts = [t for t in run.truth.transactions if t["transaction"] == "cancelled_order"]
    assert len(ghosts) >= 20 and all(t["outcome"] == "none" and t["stock"] == [] for t in ghosts)
    created = {e["body"]["payload"]["id"]: e for e in published("ghost-order", "order.created")}
    for cancel in published("ghost-order", "order.cancelled"):
        order = created[cancel["body"]["payload"]["id"]]
        assert order["seq"] < cancel["seq"] and all(p["type"] == "authorized" for p in order["body"]["payload"]["payments"])


def test_split_fulfilment_spreads_orders_over_parcels_and_stores() -> None:
    run = run_of("split-fulfilment")
    web = [t for t in run.truth.transactions if t["transaction"] == "web_order"]
    split = [t for t in web if len(t["fulfilments"]) >= 2]
    assert len(split) >= len(web) // 2
    assert any(len({m["store_id"] for m in t["stock"]}) > 1 for t in split), "some parcels picked in another store"
    completed = published("split-fulfilment", "order.completed")
    units = sum(len(e["body"]["payload"]["items"]) for e in completed if e["body"]["payload"]["channel_type"] == "web")
    assert len(published("split-fulfilment", "fulfillment_request.items_completed")) == units, "one event per unit"


def test_webhook_storm_bursts_to_ten_times_the_rate() -> None:
    run = run_of("webhook-storm-at-peak")
    clock = BusinessClock(run.scenario.traffic.business_day, run.scenario.traffic.opening_hour, run.scenario.traffic.time_factor)
    burst = (clock.offset(1, clock_seconds("18:00")), clock.offset(1, clock_seconds("18:30")))
    placed = [e["at"] * clock.time_factor for e in published("webhook-storm-at-peak", "order.created")]
    inside = sum(burst[0] <= t < burst[1] for t in placed) / 30
    outside = sum(not burst[0] <= t < burst[1] for t in placed) / (run.scenario.traffic.trading_hours * 60 - 30)
    assert inside >= 8 * outside
    assert len(published("webhook-storm-at-peak", "fulfillment_request.items_completed")) >= 1200


def test_faults_are_switched_on_at_their_time() -> None:
    for name, kinds in (
        ("erp-outage-midday", ["outage"]),
        ("slow-erp", ["latency", "timeout"]),
        ("peak-trading-day", ["outage"]),
    ):
        faults = [e for e in run_of(name).traffic if e["action"] == "faults"]
        assert [e["system"] for e in faults] == ["erp"] * len(kinds)
        assert [e["body"]["rules"][0]["kind"] for e in faults] == kinds
        assert all(0 < e["at"] < run_of(name).traffic[-1]["at"] for e in faults)


def test_simulator_behaviour_settings_reach_the_seeds() -> None:
    duplicate = seeds(run_of("duplicate-webhooks"), Credentials.for_seed(1))["newstore"]["config"]
    assert duplicate["duplicate_rate"] == 0.3 and duplicate["delay_ms"] == [0, 50]
    assert seeds(run_of("out-of-order-events"), Credentials.for_seed(1))["newstore"]["config"]["reorder_window_ms"] == 300
    erp = seeds(run_of("erp-rate-limit-at-peak"), Credentials.for_seed(1))["erp"]["config"]
    assert (erp["rate_window_requests"], erp["rate_window_seconds"]) == (60, 1)


def test_out_of_order_cancels_arrive_before_their_creates() -> None:
    created = {e["body"]["payload"]["id"]: e["seq"] for e in published("out-of-order-events", "order.created")}
    cancelled = {e["body"]["payload"]["id"]: e["seq"] for e in published("out-of-order-events", "order.cancelled")}
    assert sum(cancelled[o] < created[o] for o in cancelled) >= 10


def test_price_race_sales_are_charged_the_price_the_till_knew() -> None:
    run = run_of("price-update-race")
    factor = run.scenario.traffic.time_factor
    changes = [e for e in run.traffic if e["action"] == "prices"]
    assert len(changes) == len(run.scenario.traffic.price_changes) == 2
    by_item = {p.erp_item_id: p for p in run.world.products}
    timeline: dict[str, list[tuple[float, int]]] = {p.sku: [(0.0, p.price)] for p in run.world.products}
    for change, spec in zip(changes, run.scenario.traffic.price_changes, strict=True):
        for erp_item, price in change["body"]["prices"].items():
            timeline[by_item[erp_item].sku].append((change["at"] + spec.pos_lag_minutes * 60 / factor, round(price * 100)))
    racing = 0
    for event in run.traffic:
        sold = _sold_prices(event)
        for sku, charged, rate in sold:
            current = [price for since, price in timeline[sku] if since <= event["at"]][-1]
            expected = current if rate is None else net_of_gross(current, rate)
            assert charged == expected, (sku, event["seq"])
            pending = [c for c in changes if c["at"] <= event["at"] and by_item_sku(c, by_item, sku)]
            racing += bool(pending) and current != timeline[sku][-1][1]
    assert racing >= 5, "sales of repriced products between the ERP change and the tills picking it up"


def by_item_sku(change: dict[str, Any], by_item: dict[str, Any], sku: str) -> bool:
    return any(by_item[item].sku == sku for item in change["body"]["prices"])


def _sold_prices(event: dict[str, Any]) -> list[tuple[str, int, int | None]]:
    """(sku, price charged in cents, VAT rate when the price is Sitoo's net one) per line of a sale."""
    body = event["body"]
    if event["system"] == "newstore" and body["name"] == "order.created" and body["payload"]["channel_type"] == "store":
        return [(i["external_identifiers"]["sku"], round(i["pricebook_price"] * 100), None) for i in body["payload"]["items"]]
    if event["system"] == "sitoo" and event["action"] == "orders" and body.get("creditorderid") is None:
        return [
            (i["sku"], round(Decimal(i["moneynetpriceperunit"]) * 100), round(i["vatvalue"] * 1000)) for i in body["orderitems"]
        ]
    return []


def test_last_unit_races_end_with_no_unit_sold_twice() -> None:
    run = run_of("last-unit-race")
    shop_orders = [e for e in run.traffic if e["system"] == "shop"]
    assert len(shop_orders) == 6
    gap = run.scenario.objectives.stock_latency_max_seconds
    final = {(s["item"], s["location"]): s["quantity"] for s in run.truth.stock if s["system"] == "shop"}
    for order in shop_orders:
        line = order["body"]["line_items"][0]
        key = (line["sku"], str(order["body"]["pickup_location_id"]))
        assert final[key] == 0, "the store sold the last unit; the shop must refuse the web order"
        sales = [t for t in run.truth.transactions for m in t["stock"] if (m["sku"], str(m["shop_location"])) == key]
        assert len(sales) == 1 and abs(order["at"] - sales[0]["at"] - gap) < 0.05


def test_day_close_posts_one_journal_per_store_per_day() -> None:
    run = run_of("day-close-z-report")
    days = {j["business_day"] for j in run.truth.journals}
    assert len(days) == 2 and len(run.truth.journals) == 8 and all(j["outcome"] == "erp" for j in run.truth.journals)
    assert {j["record"]["currency"] for j in run.truth.journals} == {"1", "3"}
    assert any(Decimal(line["debit"]) > 0 and line["memo"] == "tender:cash" for j in run.truth.journals for line in j["lines"])
    assert any(t["transaction"] == "sitoo_refund" for t in run.truth.transactions)


def test_peak_trading_day_combines_the_failures() -> None:
    run = run_of("peak-trading-day")
    kinds = Counter(t["transaction"] for t in run.truth.transactions)
    assert {"store_sale", "web_order", "return", "gift_return", "sitoo_sale", "sitoo_refund", "cancelled_order"} <= set(kinds)
    assert {s.currency for s in run.world.stores} == {"GBP", "SEK", "EUR", "USD"}
    us = [t for t in run.truth.transactions if t["record"] and t["record"]["currency"] == "4"]
    assert us, "US sales post too (sales tax added on top of the price)"
    assert {e["action"] for e in run.traffic} >= {"publish", "orders", "dayclose", "prices", "faults"}
    assert exceptions("peak-trading-day")[("payment_method", "klarna")] > 0
    assert len(run.truth.journals) == 3 and all(j["outcome"] == "erp" for j in run.truth.journals)

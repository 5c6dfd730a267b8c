"""The ground truth follows from the traffic by the contract's rules (docs/integration-contract.md).

These tests re-derive what a correct integration must post from the payloads alone, with
``Decimal`` and the mapping tables, the way an integration would, and compare it with the
generator's truth; they also check the truth's own arithmetic (totals, journal balance,
stock = baseline + movements).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from scenarios import GeneratedRun
from scenarios.catalogue import list_scenarios
from tests.scenarios.runs import run_of

CENT = Decimal("0.01")
FIELDS = ("location", "currency", "payment_method", "tax_code", "item")


def cents(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def tables(run: GeneratedRun) -> dict[str, dict[str, str]]:
    return {name.removesuffix(".csv"): dict(rows) for name, rows in run.world.mapping_tables().items()}


def payloads(run: GeneratedRun, name: str) -> dict[str, dict[str, Any]]:
    return {
        e["body"]["payload"]["external_id"]: e["body"]["payload"]
        for e in run.traffic
        if e["system"] == "newstore" and e["body"]["name"] == name
    }


def largest(payments: list[tuple[str, Decimal]]) -> str:
    best = payments[0]
    for payment in payments[1:]:
        if payment[1] > best[1]:
            best = payment
    return best[0]


def first_unmapped(maps: dict[str, dict[str, str]], values: dict[str, list[str]]) -> tuple[str, str] | None:
    table = {
        "location": "locations",
        "currency": "currencies",
        "payment_method": "payment_methods",
        "tax_code": "tax_codes",
        "item": "items",
    }
    for field in FIELDS:
        for value in values.get(field, []):
            if value not in maps[table[field]]:
                return field, value
    return None


def newstore_order_record(
    run: GeneratedRun, order: dict[str, Any], record_type: str
) -> tuple[dict[str, Any] | None, tuple[str, str] | None]:
    """What the contract says a NewStore order becomes, worked out from its payload."""
    maps = tables(run)
    items = order["items"]
    payments = [(p["method"], cents(p["amount"])) for p in order["payments"]]
    failure = first_unmapped(
        maps,
        {
            "location": [order["channel"]],
            "currency": [order["currency"]],
            "payment_method": [m for m, _ in payments],
            "tax_code": [d["name"] for i in items for d in i["tax_provider_details"]],
            "item": [i["product_id"] for i in items],
        },
    )
    if failure is not None:
        return None, failure
    lines: dict[str, dict[str, Any]] = {}
    for item in items:
        paid = (
            Decimal(str(item["pricebook_price"])) - Decimal(str(item["item_discounts"])) - Decimal(str(item["order_discounts"]))
        )
        rate = Decimal(str(item["tax_provider_details"][0]["rate"]))
        net = paid if order["price_method"] == "tax_excluded" else paid / (1 + rate)
        line = lines.setdefault(
            item["product_id"],
            {
                "item": maps["items"][item["product_id"]],
                "quantity": 0,
                "rate": str(net.quantize(CENT, rounding=ROUND_HALF_UP)),
                "tax_code": maps["tax_codes"][item["tax_provider_details"][0]["name"]],
                "location": None,
            },
        )
        line["quantity"] += 1
    store = order["channel"]
    return {
        "record_type": record_type,
        "external_id": order["external_id"],
        "entity": maps["store_customers"][store],
        "subsidiary": maps["store_subsidiaries"][store],
        "location": maps["locations"][store],
        "currency": maps["currencies"][order["currency"]],
        "payment_method": maps["payment_methods"][largest(payments)],
        "tran_date": order["placed_at"][:10],
        "lines": list(lines.values()),
        "gross_total": str(cents(order["grand_total"])),
        "created_from": None,
    }, None


@pytest.mark.parametrize("name", list_scenarios())
def test_newstore_orders_post_what_their_payloads_say(name: str) -> None:
    run = run_of(name)
    completed = payloads(run, "order.completed")
    for truth in run.truth.transactions:
        if truth["transaction"] not in ("store_sale", "web_order"):
            continue
        order = completed[truth["source_id"]]
        record, failure = newstore_order_record(run, order, "salesOrder")
        if failure is None:
            assert truth["outcome"] == "erp" and truth["record"] == record
        else:
            assert truth["outcome"] == "exception" and truth["record"] is None
            assert (truth["exception"]["field"], truth["exception"]["value"]) == failure


@pytest.mark.parametrize("name", list_scenarios())
def test_newstore_order_totals_add_up(name: str) -> None:
    run = run_of(name)
    for order in payloads(run, "order.completed").values():
        paid = sum(
            (
                Decimal(str(i["pricebook_price"])) - Decimal(str(i["item_discounts"])) - Decimal(str(i["order_discounts"]))
                for i in order["items"]
            ),
            Decimal(0),
        )
        tax = sum((Decimal(str(i["tax"])) for i in order["items"]), Decimal(0))
        assert cents(order["tax_total"]) == tax
        assert cents(order["grand_total"]) == (paid + tax if order["price_method"] == "tax_excluded" else paid)
        assert cents(order["grand_total"]) == sum((cents(p["amount"]) for p in order["payments"]), Decimal(0))


def test_tax_included_sales_split_gross_exactly_into_net_and_tax() -> None:
    run = run_of("smoke")
    completed = payloads(run, "order.completed")
    for truth in run.truth.transactions:
        if truth["outcome"] == "erp" and truth["transaction"] == "store_sale":
            order = completed[truth["source_id"]]
            net = sum(Decimal(line["rate"]) * line["quantity"] for line in truth["record"]["lines"])
            assert net + cents(order["tax_total"]) == Decimal(truth["record"]["gross_total"])


@pytest.mark.parametrize("name", ["smoke", "split-fulfilment", "peak-trading-day"])
def test_web_orders_invoice_each_parcel_once(name: str) -> None:
    run = run_of(name)
    requests: dict[str, set[str]] = defaultdict(set)
    completed_units: dict[str, Counter[str]] = defaultdict(Counter)
    for event in run.traffic:
        body = event["body"]
        if event["system"] == "newstore" and body["name"] == "fulfillment_request.items_completed":
            requests[body["payload"]["order_id"]].add(body["payload"]["id"])
            for item in body["payload"]["items"]:
                completed_units[body["payload"]["id"]][item["product_id"]] += 1
    maps = tables(run)
    for truth in run.truth.transactions:
        if truth["transaction"] != "web_order":
            continue
        invoices = truth["fulfilments"]
        if truth["outcome"] != "erp":
            assert invoices == [] and all(m["adjustment_external_id"] is None for m in truth["stock"])
            continue
        assert {i["external_id"] for i in invoices} == {f"INV-{r}" for r in requests[truth["order_id"]]}
        for invoice in invoices:
            assert invoice["created_from"] == truth["source_id"] and invoice["location"] == truth["record"]["location"]
            request = invoice["external_id"].removeprefix("INV-")
            items = {maps["items"][product]: count for product, count in completed_units[request].items()}
            assert {line["item"]: line["quantity"] for line in invoice["lines"]} == items
        so_units = Counter({line["item"]: line["quantity"] for line in truth["record"]["lines"]})
        invoiced: Counter[str] = Counter()
        for invoice in invoices:
            invoiced.update({line["item"]: line["quantity"] for line in invoice["lines"]})
        assert invoiced == so_units
        assert sorted(m["adjustment_external_id"] for m in truth["stock"]) == sorted(
            f"STOCK-{i['external_id']}" for i in invoices for _ in i["lines"]
        )


@pytest.mark.parametrize("name", ["smoke", "return-in-another-store", "gift-return-no-order", "unmapped-store-location"])
def test_returns_credit_their_original_sale_at_the_returning_store(name: str) -> None:
    run = run_of(name)
    maps = tables(run)
    returns = {
        e["body"]["payload"]["id"]: e["body"]["payload"]
        for e in run.traffic
        if e["system"] == "newstore" and e["body"]["name"] == "return.processed"
    }
    orders = {t["order_id"]: t for t in run.truth.transactions if t["transaction"] in ("store_sale", "web_order")}
    seen = Counter()
    for truth in run.truth.transactions:
        if truth["transaction"] == "gift_return":
            payload = returns[truth["order_id"]]
            assert payload["order_id"] is None and truth["exception"] == {
                "field": "order_id",
                "value": "",
                "record_type": "return",
            }
            assert truth["source_id"] == f"RET-{payload['id']}" and all(
                m["adjustment_external_id"] is None for m in truth["stock"]
            )
            seen["gift"] += 1
        elif truth["transaction"] == "return":
            payload = returns[truth["order_id"]]
            original = orders[payload["order_id"]]
            assert original["outcome"] == "erp", "only posted sales are returned with a reference"
            store = payload["return_location_id"]
            seen["elsewhere" if store != original["store_id"] else "same"] += 1
            if store not in maps["locations"]:
                assert truth["exception"] == {"field": "location", "value": store, "record_type": "return"}
                continue
            record = truth["record"]
            assert record["record_type"] == "creditMemo" and record["created_from"] == original["source_id"]
            assert record["location"] == maps["locations"][store]
            assert record["gross_total"] == str(cents(payload["total_refund_amount"]))
            for line in record["lines"]:
                refunds = [i for i in payload["items"] if maps["items"][i["product_id"]] == line["item"]]
                assert line["quantity"] == len(refunds) and line["rate"] == str(cents(refunds[0]["refund_excl_tax"]))
    assert seen["same"] + seen["elsewhere"] + seen["gift"] > 0
    if name == "return-in-another-store":
        assert seen["elsewhere"] >= 10 and any(
            orders[returns[t["order_id"]]["order_id"]]["transaction"] == "web_order"
            for t in run.truth.transactions
            if t["transaction"] == "return"
        ), "buy online, return in store"


@pytest.mark.parametrize("name", ["smoke", "day-close-z-report", "unmapped-payment-method", "price-update-race"])
def test_sitoo_orders_post_what_their_bodies_say(name: str) -> None:
    run = run_of(name)
    maps = tables(run)
    bodies = [e["body"] for e in run.traffic if e["system"] == "sitoo" and e["action"] == "orders"]
    truths = sorted((t for t in run.truth.transactions if t["source_system"] == "sitoo"), key=lambda t: int(t["order_id"]))
    assert [int(t["order_id"]) for t in truths] == list(range(1, len(bodies) + 1)), "Sitoo numbers orders in sending order"
    for orderid, (body, truth) in enumerate(zip(bodies, truths, strict=True), start=1):
        store = maps["sitoo_warehouses"][str(body["warehouseid"])]
        refund = body.get("creditorderid") is not None
        assert truth["source_id"] == f"SITOO-{orderid}" and truth["store_id"] == store
        gross = sum(Decimal(i["moneyitemtotal_net"]) + Decimal(i["moneyitemtotal_vat"]) for i in body["orderitems"])
        assert gross == sum(Decimal(p["moneyamount"]) for p in body["payments"])
        if truth["outcome"] != "erp":
            continue
        record = truth["record"]
        assert record["external_id"] == truth["source_id"] and record["location"] == maps["locations"][store]
        assert record["record_type"] == ("creditMemo" if refund else "cashSale")
        assert record["created_from"] == (f"SITOO-{body['creditorderid']}" if refund else None)
        assert Decimal(record["gross_total"]) == abs(gross)
        for item, line in zip(body["orderitems"], record["lines"], strict=True):
            quantity = abs(item["quantity"])
            rate = Decimal(item["moneynetpriceperunit"]) - Decimal(item["moneydiscount"]) / quantity
            assert (line["item"], line["quantity"], line["rate"]) == (maps["items"][item["sku"]], quantity, str(cents(rate)))
        if not refund:
            payments = [(p["name"], Decimal(p["moneyamount"])) for p in body["payments"]]
            assert record["payment_method"] == maps["payment_methods"][largest(payments)]
        assert all(m["adjustment_external_id"] == f"STOCK-SITOO-{orderid}" for m in truth["stock"])


@pytest.mark.parametrize("name", ["smoke", "day-close-z-report", "peak-trading-day", "unmapped-currency"])
def test_journals_balance_and_sum_the_store_days_tenders(name: str) -> None:
    run = run_of(name)
    maps = tables(run)
    warehouse_store = maps["sitoo_warehouses"]
    tenders: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    net: Counter[tuple[str, str]] = Counter()
    vat: Counter[tuple[str, str]] = Counter()
    for event in run.traffic:
        if event["system"] == "sitoo" and event["action"] == "orders":
            body = event["body"]
            key = (warehouse_store[str(body["warehouseid"])], _date(body["orderdate"]))
            for payment in body["payments"]:
                tenders[key][payment["name"]] += int(Decimal(payment["moneyamount"]) * 100)
            net[key] += sum(int(Decimal(i["moneyitemtotal_net"]) * 100) for i in body["orderitems"])
            vat[key] += sum(int(Decimal(i["moneyitemtotal_vat"]) * 100) for i in body["orderitems"])
    assert {(j["store_id"], j["business_day"]) for j in run.truth.journals} == set(tenders)
    for journal in run.truth.journals:
        key = (journal["store_id"], journal["business_day"])
        assert {m: int(Decimal(v) * 100) for m, v in journal["tenders"].items()} == dict(tenders[key])
        if journal["outcome"] == "exception":
            assert journal["record"] is None and journal["lines"] == []
            continue
        record = journal["record"]
        assert record["external_id"] == f"Z-{journal['store_id']}-{journal['business_day']}"
        assert record["location"] == maps["locations"][journal["store_id"]] and record["tran_date"] == journal["business_day"]
        debits = sum(Decimal(line["debit"]) for line in journal["lines"])
        credits = sum(Decimal(line["credit"]) for line in journal["lines"])
        assert debits == credits > 0, "a journal entry balances"
        accounts = maps["accounts"]
        by_memo = {line["memo"]: Decimal(line["debit"]) - Decimal(line["credit"]) for line in journal["lines"]}
        assert by_memo.get("sales", 0) == -Decimal(net[key]) / 100 and by_memo.get("vat", 0) == -Decimal(vat[key]) / 100
        for line in journal["lines"]:
            assert line["account"] == accounts[line["memo"] if line["memo"] in ("sales", "vat") else line["memo"]]
            assert (Decimal(line["debit"]) > 0) != (Decimal(line["credit"]) > 0)
        assert "9999" not in {line["account"] for line in journal["lines"]}


def _date(unix: int) -> str:
    return datetime.fromtimestamp(unix, UTC).date().isoformat()


@pytest.mark.parametrize("name", list_scenarios())
def test_final_stock_is_the_baseline_plus_every_movement(name: str) -> None:
    run = run_of(name)
    erp: Counter[tuple[str, str]] = Counter({(r["item"], r["location"]): r["quantity"] for r in run.world.erp_on_hand()})
    shop_seed = run.world.shop_seed()
    sku_of = {v["inventory_item_id"]: v["sku"] for p in shop_seed["products"] for v in p["variants"]}
    shop: Counter[tuple[str, str]] = Counter(
        {(sku_of[r["inventory_item_id"]], str(r["location_id"])): r["available"] for r in shop_seed["inventory"]}
    )
    for truth in run.truth.transactions:
        for move in truth["stock"]:
            if move["adjustment_external_id"] is not None:
                assert truth["outcome"] == "erp"
                erp[move["erp_item"], move["erp_location"]] += move["quantity"]
            if move["shop_location"] is not None:
                shop[move["sku"], str(move["shop_location"])] += move["quantity"]
    expected = {("erp", item, location): q for (item, location), q in erp.items()}
    expected |= {("shop", sku, location): q for (sku, location), q in shop.items()}
    assert {(s["system"], s["item"], s["location"]): s["quantity"] for s in run.truth.stock} == expected


@pytest.mark.parametrize("name", list_scenarios())
def test_exceptions_name_the_first_unmapped_field_and_move_no_erp_stock(name: str) -> None:
    run = run_of(name)
    maps = tables(run)
    table = {
        "location": "locations",
        "currency": "currencies",
        "payment_method": "payment_methods",
        "tax_code": "tax_codes",
        "item": "items",
    }
    for truth in run.truth.transactions:
        if truth["outcome"] == "erp":
            assert truth["record"] is not None and truth["exception"] is None
            continue
        assert truth["record"] is None and truth["fulfilments"] == []
        assert all(m["adjustment_external_id"] is None for m in truth["stock"])
        if truth["outcome"] == "none":
            assert truth["transaction"] == "cancelled_order" and truth["exception"] is None and truth["stock"] == []
            continue
        field, value = truth["exception"]["field"], truth["exception"]["value"]
        if field != "order_id":
            assert value not in maps[table[field]], f"{field} {value!r} has a mapping row"


def test_posted_records_only_reference_mapped_values() -> None:
    run = run_of("peak-trading-day")
    maps = tables(run)
    master = run.world.erp_master()
    ids = {kind: {row["id"] for row in rows} for kind, rows in master.items()}
    for truth in run.truth.transactions:
        for record in [truth["record"], *truth["fulfilments"]]:
            if record is None:
                continue
            assert record["location"] in set(maps["locations"].values()) and record["location"] in ids["location"]
            assert record["currency"] in set(maps["currencies"].values()) and record["entity"] in ids["customer"]
            assert record["payment_method"] is None or record["payment_method"] in ids["paymentMethod"]
            for line in record["lines"]:
                assert line["item"] in ids["inventoryItem"] and (
                    line["tax_code"] is None or line["tax_code"] in ids["salesTaxItem"]
                )

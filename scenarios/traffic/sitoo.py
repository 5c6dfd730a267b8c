"""Sitoo POS traffic: sales and refunds rung up on the stores' registers, and day closes.

Each order is one ``POST /_sim/orders`` body (closed and paid; the simulator moves stock
and publishes the ``order`` event). Sitoo numbers orders 1, 2, ... in the order they
arrive, so an order's id, and with it its eid ``SITOO-<orderid>``, is settled when its
event goes out; a refund names its sale's id as ``creditorderid``, with negative
quantities and money.

Truth (docs/integration-contract.md): a sale is a ``cashSale`` at the store's location
(``sitoo_warehouses.csv`` then ``locations.csv``), paid by its largest tender, one line
per product at ``moneynetpriceperunit`` less the unit's share of ``moneydiscount``; a
refund is a ``creditMemo`` ``createdFrom`` the sale's ``cashSale``, with positive
quantities. Each moves stock (``STOCK-SITOO-<orderid>``). Sitoo lines carry a VAT rate,
not a tax name, so their tax code is not checked. Every order is also booked into its
store's day for the Z-report journal (:mod:`.journals`).
"""

from __future__ import annotations

from typing import Any

from ..money import tax_on_net, text
from ..world import Store
from .baskets import Basket, largest
from .context import Context
from .pricing import SitooLine, SitooUnit

REFUND_REASONS = ("defect", "wrong-size", "regret")


class SitooSale:
    """A posted Sitoo sale as the refund desk remembers it; its orderid is known once sent."""

    __slots__ = ("store", "lines", "method", "orderid")

    def __init__(self, store: Store, lines: list[SitooLine], method: str) -> None:
        self.store = store
        self.lines = lines
        self.method = method
        self.orderid = 0


class SitooTxn:
    """Owner of one Sitoo order event: fills in the orderid-derived ids as it goes out."""

    __slots__ = ("truth", "pending", "posted", "orders", "keep", "entry")

    def __init__(self, ctx: Context, truth: dict[str, Any], posted: bool, entry: SitooSale | None) -> None:
        self.truth = truth
        self.pending = 0
        self.posted = posted
        self.orders = ctx.sitoo_orders
        self.keep = ctx.sitoo_returns
        self.entry = entry

    def emitted(self, seq: int, at: float) -> dict[str, Any] | None:
        self.pending -= 1
        orderid = self.orders.next()
        eid = f"SITOO-{orderid}"
        truth = self.truth
        truth["source_id"] = eid
        truth["order_id"] = str(orderid)
        truth["at"] = at
        truth["event_seq"] = seq
        if self.posted:
            truth["record"]["external_id"] = eid
            adjustment = "STOCK-" + eid
            for move in truth["stock"]:
                move["adjustment_external_id"] = adjustment
            if self.entry is not None:
                self.entry.orderid = orderid
                self.keep.add(self.entry)
        return truth


def _register(ctx: Context, store: Store) -> tuple[str, str]:
    assert store.sitoo is not None
    register = store.sitoo.registers[int(ctx.rng.random() * len(store.sitoo.registers))]
    number = ctx.receipt(store.index, register.registerid)
    return register.registerid, f"{store.code}-R{register.number}-{number:06d}"


def _order(ctx: Context, t: float, store: Store, registerid: str, receipt: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    assert store.sitoo is not None
    return {
        "eshopid": store.sitoo.siteid,
        "externalid": receipt,
        "orderdate": ctx.clock.unix(t),
        "orderstateid": 10,
        "paymentstateid": 20,
        "ordertypeid": 10,
        "registerid": registerid,
        "warehouseid": store.sitoo.warehouseid,
        "currencycode": store.currency,
        "checkouttypename": "POS",
        "additionaldata": {"pos-receiptid": receipt, "store-externalid": store.store_id, "store-name": store.name},
        "orderitems": items,
    }


def _truth(
    ctx: Context,
    t: float,
    store: Store,
    kind: str,
    failure: tuple[str, str] | None,
    lines: list[tuple[SitooUnit, int, str]],
    gross: int,
    method: str | None,
    created_from: str | None,
) -> dict[str, Any]:
    """The order's truth line; ids that depend on its orderid are filled in when it goes out."""
    posted = failure is None
    facts = ctx.facts[store.index]
    day = ctx.clock.date(t)
    sign = -1 if kind == "sitoo_sale" else 1
    moves, expected = [], []
    store_id, location, shop, move = facts.store_id, facts.location, facts.shop_location, ctx.ledger.move
    for unit, quantity, rate in lines:
        product = unit.product
        moves.append(
            {
                "sku": product.sku,
                "erp_item": product.erp_item_id,
                "store_id": store_id,
                "erp_location": location,
                "shop_location": shop,
                "quantity": sign * quantity,
                "adjustment_external_id": None,
            }
        )
        expected.append({"item": product.erp_item_id, "quantity": quantity, "rate": rate, "tax_code": None, "location": None})
        move(store.index, product.index, sign * quantity, posted)
    record = exception = None
    if failure is None:
        record = {
            "record_type": "cashSale" if kind == "sitoo_sale" else "creditMemo",
            "external_id": "",
            "entity": facts.customer,
            "subsidiary": facts.subsidiary,
            "location": location,
            "currency": facts.currency_id,
            "payment_method": ctx.method_ids[method] if method is not None else None,
            "tran_date": day,
            "lines": expected,
            "gross_total": text(gross),
            "created_from": created_from,
        }
    else:
        exception = {"field": failure[0], "value": failure[1], "record_type": "sale" if kind == "sitoo_sale" else "refund"}
    return {
        "kind": "transaction",
        "source_system": "sitoo",
        "transaction": kind,
        "source_id": "",
        "order_id": "",
        "store_id": store_id,
        "business_day": day,
        "outcome": "erp" if posted else "exception",
        "record": record,
        "exception": exception,
        "fulfilments": [],
        "stock": moves,
        "at": 0.0,
        "event_seq": 0,
    }


def sitoo_sale(ctx: Context, t: float, store: Store, basket: Basket) -> None:
    if not basket:
        return
    registerid, receipt = _register(ctx, store)
    products, country, line_of = ctx.world.products, store.country, ctx.prices.sitoo_line
    lines = [
        line_of(country, products[index], markdown or basket_discount, quantity)
        for (index, quantity), (markdown, basket_discount) in zip(basket, ctx.baskets.discounts(basket), strict=True)
    ]
    net = sum(line.net for line in lines)
    vat = sum(line.vat for line in lines)
    split = ctx.tenders.pay(net + vat, "sitoo")
    method = largest(split)
    failure = ctx.unmapped(store, split, products=[line.unit.product for line in lines])
    truth = _truth(
        ctx, t, store, "sitoo_sale", failure, [(ln.unit, ln.quantity, ln.rate) for ln in lines], net + vat, method, None
    )
    body = _order(ctx, t, store, registerid, receipt, [line.item for line in lines])
    body["payments"] = [
        {"name": m, "moneyamount": text(amount), "externalid": f"{receipt}-{n}"} for n, (m, amount) in enumerate(split, start=1)
    ]
    ctx.journals.book(store, ctx.clock.day_index(t), split, net, vat)
    entry = SitooSale(store, lines, method) if failure is None else None
    ctx.engine.push(t, "sitoo", "orders", body, SitooTxn(ctx, truth, failure is None, entry))


def sitoo_refund(ctx: Context, t: float) -> None:
    """Refund part of a posted sale, in its store (or a sibling Sitoo store) while it is open."""
    rng = ctx.rng
    sale: SitooSale | None = ctx.sitoo_returns.take()
    if sale is None:
        return
    store = sale.store
    if rng.random() < ctx.scenario.traffic.returns.elsewhere_rate:
        store = ctx.sibling(sale.store, "sitoo") or store
    if not ctx.open_stores.is_open(store, t):
        return
    line = sale.lines[rng.randrange(len(sale.lines))]
    unit, price = line.unit, line.price
    quantity = line.quantity if rng.random() < 0.3 else 1
    net = price * quantity
    vat = tax_on_net(net, unit.rate)
    registerid, receipt = _register(ctx, store)
    failure = ctx.unmapped(store, [(sale.method, 0)], products=[unit.product])
    created_from = f"SITOO-{sale.orderid}"
    truth = _truth(ctx, t, store, "sitoo_refund", failure, [(unit, quantity, line.rate)], net + vat, None, created_from)
    ctx.ledger.put_back(store.index, unit.product.index, quantity)
    item = {
        **line.item,
        "quantity": -quantity,
        "moneynetpriceperunit": line.rate,
        "moneyitemtotal_net": text(-net),
        "moneyitemtotal_vat": text(-vat),
        "moneyoriginalprice": line.rate,
        "moneydiscount": "0.00",
    }
    body = _order(ctx, t, store, registerid, receipt, [item])
    body["creditorderid"] = sale.orderid
    body["additionaldata"] = {
        "pos-receiptid": receipt,
        "pos-originalsales-orderid": str(sale.orderid),
        "refundreasoncode-reasoncode": REFUND_REASONS[rng.randrange(len(REFUND_REASONS))],
        "store-externalid": store.store_id,
        "store-name": store.name,
    }
    body["payments"] = [{"name": sale.method, "moneyamount": text(-(net + vat)), "externalid": f"{receipt}-1"}]
    ctx.journals.book(store, ctx.clock.day_index(t), [(sale.method, -(net + vat))], -net, -vat)
    ctx.engine.push(t, "sitoo", "orders", body, SitooTxn(ctx, truth, failure is None, None))

"""NewStore in-store sales: ``order.created`` at the till, ``order.completed`` with the
payment captured moments later, and what a correct integration posts for them.

Truth (docs/integration-contract.md): a ``salesOrder`` whose eid is the receipt number
(the order's ``external_id``), at the store's mapped location, paid by the largest
tender, one line per product at the net unit price after discounts; an
``inventoryAdjustment`` ``STOCK-<eid>`` taking the units off the store's stock. A sale
that cannot be mapped goes to the exception queue instead; its goods still leave the
shelf, so the web shop's stock moves all the same.
"""

from __future__ import annotations

from typing import Any

from ..money import percent_of, text
from ..world import Store
from .baskets import Basket, largest
from .context import PROCESSORS, Context, StoreFacts
from .engine import Txn
from .fragments import Encodable, Items
from .pricing import NewStoreUnit

ITEM_SUFFIXES = tuple(f"-{n:02d}" for n in range(1000))  # item id = order id + position
PAYMENT_SUFFIXES = tuple(f"-p{n}" for n in range(10))


class SoldUnits:
    """A posted NewStore sale as the returns desk remembers it."""

    __slots__ = ("order_id", "external_id", "store", "lines")

    def __init__(self, order_id: str, external_id: str, store: Store, lines: list[tuple[NewStoreUnit, int, int]]) -> None:
        self.order_id = order_id
        self.external_id = external_id
        self.store = store
        self.lines = lines  # (unit, position of its first unit in the order's items, quantity)

    def item_ids(self, line: int, count: int) -> list[str]:
        _, first, _ = self.lines[line]
        return [self.order_id + ITEM_SUFFIXES[first + n] for n in range(count)]


Priced = list[tuple[NewStoreUnit, int]]


def price_basket(ctx: Context, zone: str, basket: Basket) -> Priced:
    """Each basket line's unit (with its discounts) and quantity, in a tax zone."""
    prices, products = ctx.prices, ctx.world.products
    discounts = ctx.baskets.discounts(basket)
    priced = []
    for (index, quantity), (markdown, basket_discount) in zip(basket, discounts, strict=True):
        product = products[index]
        unit = prices.newstore(zone, product)
        if markdown or basket_discount:
            price = unit.price
            unit = prices.discounted(zone, product, percent_of(price, markdown), percent_of(price, basket_discount))
        priced.append((unit, quantity))
    return priced


def payments(order_id: str, split: list[tuple[str, int]], kind: str, at: str) -> list[dict[str, Any]]:
    return [
        {
            "processor": PROCESSORS.get(method, method),
            "correlation_ref": order_id + PAYMENT_SUFFIXES[n],
            "type": kind,
            "amount": amount / 100,
            "method": method,
            "processed_at": at,
        }
        for n, (method, amount) in enumerate(split, start=1)
    ]


def items_of(order_id: str, priced: Priced, pending: bool = False) -> Items:
    """The order's ``items[]``: one entry per unit, its id the order id plus its position."""
    items: list[dict[str, Any]] = []
    units: list[Encodable] = []
    append = items.append
    for unit, quantity in priced:
        template = unit.pending if pending else unit.template
        for _ in range(quantity):
            item = template.copy()
            item["id"] = order_id + ITEM_SUFFIXES[len(items)]
            append(item)
            units.append(unit)
    return Items(items, units, pending)


def totals(priced: Priced) -> tuple[int, int, int, int]:
    """(subtotal, discount_total, tax_total, grand_total) in cents, as NewStore sums them."""
    subtotal = discounts = tax = gross = 0
    for unit, quantity in priced:
        subtotal += unit.price * quantity
        discounts += unit.discount * quantity
        tax += unit.tax_amount * quantity
        gross += unit.gross * quantity
    return subtotal, discounts, tax, gross


def order_payload(
    ctx: Context,
    t: float,
    facts: StoreFacts,
    order_id: str,
    external_id: str,
    priced: Priced,
    associate: str | None = None,
    shopper: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], int]:
    """The fields every event of an order carries, in the payload's field order, and its
    grand total in cents. A web order passes its ``shopper`` fields (customer, addresses,
    extended attributes); the caller adds ``items``, ``payments`` and ``status``."""
    subtotal, discounts, tax, gross = totals(priced)
    placed = ctx.clock.iso(t)
    payload: dict[str, Any] = {
        "id": order_id,
        "external_id": external_id,
        "created_at": placed,
        "placed_at": placed,
    }
    if shopper is None:
        payload["associate_id"] = associate
        payload["channel_type"] = "store"
        payload["channel"] = facts.store_id
        payload["is_exchange"] = False
    else:
        payload["channel_type"] = "web"
        payload["channel"] = facts.store_id
        payload["is_exchange"] = False
        payload.update(shopper)
    payload["price_method"] = "tax_excluded" if priced[0][0].sales_tax else "tax_included"
    payload["subtotal"] = subtotal / 100
    payload["discount_total"] = discounts / 100
    payload["shipping_total"] = 0.0
    payload["shipping_tax"] = 0.0
    payload["tax_total"] = tax / 100
    payload["grand_total"] = gross / 100
    payload["currency"] = facts.currency
    if shopper is not None:
        payload["extended_attributes"] = [
            {"name": "fulfillment_type", "value": "click_and_collect"},
            {"name": "pickup_store_id", "value": facts.store_id},
        ]
    return payload, gross


def newstore_sale(ctx: Context, t: float, store: Store, basket: Basket, exchange: bool = False) -> None:
    """Ring up ``basket`` (already off the shelf) at ``store`` at business time ``t``."""
    if not basket:
        return
    rng = ctx.rng
    facts = ctx.facts[store.index]
    order_id = ctx.ids.order()
    tills = facts.tills
    till = tills[int(rng.random() * len(tills))]
    external_id = f"{facts.code}-{till}-{ctx.receipt(store.index, till):06d}"
    priced = price_basket(ctx, facts.zone, basket)
    associate = facts.associates[int(rng.random() * 6)]
    payload, gross = order_payload(ctx, t, facts, order_id, external_id, priced, associate)
    split = ctx.tenders.pay(gross, "newstore")
    failure = ctx.unmapped(store, split, priced)
    posted = failure is None
    day = ctx.clock.date(t)
    adjustment = "STOCK-" + external_id if posted else None
    lines, moves = [], []
    move = ctx.ledger.move
    store_id, location, shop = facts.store_id, facts.location, facts.shop_location
    for unit, quantity in priced:
        product = unit.product
        lines.append(
            {"item": product.erp_item_id, "quantity": quantity, "rate": unit.rate, "tax_code": unit.tax.erp_id, "location": None}
        )
        moves.append(
            {
                "sku": product.sku,
                "erp_item": product.erp_item_id,
                "store_id": store_id,
                "erp_location": location,
                "shop_location": shop,
                "quantity": -quantity,
                "adjustment_external_id": adjustment,
            }
        )
        move(store.index, product.index, -quantity, posted)
    record = exception = None
    if failure is None:
        record = {
            "record_type": "salesOrder",
            "external_id": external_id,
            "entity": facts.customer,
            "subsidiary": facts.subsidiary,
            "location": location,
            "currency": facts.currency_id,
            "payment_method": ctx.method_ids[largest(split)],
            "tran_date": day,
            "lines": lines,
            "gross_total": text(gross),
            "created_from": None,
        }
    else:
        exception = {"field": failure[0], "value": failure[1], "record_type": "sale"}
    truth = {
        "kind": "transaction",
        "source_system": "newstore",
        "transaction": "store_sale",
        "source_id": external_id,
        "order_id": order_id,
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
    payload["is_exchange"] = exchange
    payload["items"] = items_of(order_id, priced)
    payload["payments"] = payments(order_id, split, "captured", payload["placed_at"])
    created = payload.copy()
    payload["status"] = "completed"
    created["status"] = "created"
    kept = None
    if posted:
        kept_lines, first = [], 0
        for unit, quantity in priced:
            kept_lines.append((unit, first, quantity))
            first += quantity
        kept = SoldUnits(order_id, external_id, store, kept_lines)
    txn = Txn(truth, ctx.newstore_returns if posted else None, kept)
    ctx.engine.publish(t, "order.created", created, txn)
    ctx.engine.publish(t + 2.0 + rng.random() * 25.0, "order.completed", payload, txn)

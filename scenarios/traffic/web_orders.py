"""NewStore web orders, click and collect: created with the payment authorised, routed to
stores as fulfilment requests (parcels), picked with one ``items_completed`` event per
unit, and completed, the payment captured, when the customer collects.

Truth (docs/integration-contract.md): a ``salesOrder`` (eid: the order's ``external_id``)
at the collecting store, posted only once ``order.completed`` shows the capture; one
``invoice`` ``INV-<request id>`` per fulfilment request, ``createdFrom`` the order, with
that parcel's units; one ``inventoryAdjustment`` ``STOCK-INV-<request id>`` per parcel at
the store that picked it. A web order whose payment fails is created and then cancelled
(sometimes ``order.cancelled`` goes out first): a ghost order, which must leave nothing.

The order's ``channel`` is the collecting store (mapped through ``locations.csv`` like a
store sale); ``extended_attributes`` say ``fulfillment_type: click_and_collect``. An order
waits hours for its parcels, so what it publishes later, and its truth, are built when
they go out (:class:`WebOrder`), not held as payloads meanwhile.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..money import text
from ..world import Customer, Store
from . import records
from .baskets import largest
from .context import Context, StoreFacts
from .engine import Txn
from .fragments import Encodable, Items
from .pricing import NewStoreUnit
from .store_sales import ITEM_SUFFIXES, Priced, SoldUnits, order_payload, payments, price_basket

SERVICE_LEVEL = "click_and_collect"

Unit = tuple[NewStoreUnit, str]  # a unit and its item id


class Parcel:
    """One fulfilment request: where it is picked, its units, and when the last was picked."""

    __slots__ = ("store", "units", "request_id", "done")

    def __init__(self, store: Store, units: list[Unit]) -> None:
        self.store = store
        self.units = units
        self.request_id = ""
        self.done = 0.0


def _address(customer: Customer) -> dict[str, Any]:
    return {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "address_line1": customer.street,
        "zip_code": customer.zip_code,
        "city": customer.city,
        "country": customer.country,
        "phone": customer.phone,
    }


def _shopper(customer: Customer, index: int) -> dict[str, Any]:
    address = _address(customer)
    return {
        "customer_email": customer.email,
        "customer_id": f"cust-{index + 1:06d}",
        "billing_address": address,
        "shipping_address": address,
    }


class WebOrder:
    """Owner of a (paid) web order's events: builds its ``order.completed`` payload and its
    truth line when they are due."""

    __slots__ = (
        "ctx",
        "pending",
        "t",
        "facts",
        "customer",
        "order_id",
        "external_id",
        "priced",
        "split",
        "units",
        "parcels",
        "failure",
    )

    def __init__(
        self,
        ctx: Context,
        t: float,
        facts: StoreFacts,
        customer: int,
        order_id: str,
        external_id: str,
        priced: Priced,
        split: list[tuple[str, int]],
        units: list[Unit],
    ) -> None:
        self.ctx = ctx
        self.pending = 0
        self.t = t
        self.facts = facts
        self.customer = customer
        self.order_id = order_id
        self.external_id = external_id
        self.priced = priced
        self.split = split
        self.units = units
        self.parcels: list[Parcel] = []
        self.failure: tuple[str, str] | None = None

    def completed(self) -> dict[str, Any]:
        """The ``order.completed`` payload: every unit picked and collected, the payment captured."""
        ctx, world = self.ctx, self.ctx.world
        shopper = _shopper(world.customers[self.customer], self.customer)
        payload, _ = order_payload(ctx, self.t, self.facts, self.order_id, self.external_id, self.priced, shopper=shopper)
        payload["items"] = Items([{**unit.template, "id": item_id} for unit, item_id in self.units], self.unit_list(), False)
        payload["payments"] = payments(self.order_id, self.split, "captured", payload["placed_at"])
        payload["status"] = "completed"
        return payload

    def unit_list(self) -> list[Encodable]:
        return [unit for unit, _ in self.units]

    def emitted(self, seq: int, at: float) -> dict[str, Any] | None:
        self.pending -= 1
        if self.pending:
            return None
        truth = self.truth()
        truth["at"] = at
        truth["event_seq"] = seq
        if self.failure is None:
            kept, first = [], 0
            for unit, quantity in self.priced:
                kept.append((unit, first, quantity))
                first += quantity
            self.ctx.newstore_returns.add(SoldUnits(self.order_id, self.external_id, self.facts.store, kept))
        return truth

    def truth(self) -> dict[str, Any]:
        ctx, facts, failure = self.ctx, self.facts, self.failure
        clock = ctx.clock
        invoices, moves = [], []
        for parcel in self.parcels:
            grouped = _group(parcel.units)
            adjustment = f"STOCK-INV-{parcel.request_id}" if failure is None else None
            fulfiller = parcel.store
            for unit, quantity in grouped:
                product = unit.product
                moves.append(
                    records.stock_move(
                        product.sku,
                        product.erp_item_id,
                        fulfiller.store_id,
                        fulfiller.mapped_location,
                        fulfiller.shop_location,
                        -quantity,
                        adjustment,
                    )
                )
            if failure is None:
                invoices.append(
                    records.record(
                        "invoice",
                        f"INV-{parcel.request_id}",
                        entity=facts.customer,
                        subsidiary=facts.subsidiary,
                        location=facts.location,
                        currency=facts.currency_id,
                        tran_date=clock.date(parcel.done),
                        lines=[records.line(u.product.erp_item_id, q, u.rate, u.tax.erp_id) for u, q in grouped],
                        gross_total=text(sum(u.gross * q for u, q in grouped)),
                        created_from=self.external_id,
                    )
                )
        day = clock.date(self.t)
        record = exception = None
        if failure is None:
            record = records.record(
                "salesOrder",
                self.external_id,
                entity=facts.customer,
                subsidiary=facts.subsidiary,
                location=facts.location,
                currency=facts.currency_id,
                payment_method=ctx.method_ids[largest(self.split)],
                tran_date=day,
                lines=[records.line(u.product.erp_item_id, q, u.rate, u.tax.erp_id) for u, q in self.priced],
                gross_total=text(sum(u.gross * q for u, q in self.priced)),
            )
        else:
            exception = records.exception(failure[0], failure[1], "web_order")
        return records.transaction(
            "newstore",
            "web_order",
            self.external_id,
            self.order_id,
            facts.store_id,
            day,
            "erp" if failure is None else "exception",
            record,
            exception,
            invoices,
            moves,
        )


def web_order(ctx: Context, t: float) -> None:
    rng, world = ctx.rng, ctx.world
    store = ctx.collect_stores.pick(t, rng)
    if store is None:
        return
    basket = ctx.baskets.pick(store.index)
    if not basket:
        return
    web = ctx.scenario.traffic.web
    customer = rng.randrange(len(world.customers))
    ctx.web_count += 1
    order_id = ctx.ids.order()
    external_id = f"W{store.country}{ctx.web_count:08d}"
    facts = ctx.facts[store.index]
    priced = price_basket(ctx, facts.zone, basket)
    created, gross = order_payload(
        ctx, t, facts, order_id, external_id, priced, shopper=_shopper(world.customers[customer], customer)
    )
    split = ctx.tenders.pay(gross, "web")
    units = [(unit, order_id + ITEM_SUFFIXES[n]) for n, unit in enumerate(u for u, q in priced for _ in range(q))]
    created["items"] = Items([{**unit.pending, "id": item_id} for unit, item_id in units], [u for u, _ in units], True)
    created["payments"] = payments(order_id, split, "authorized", created["placed_at"])
    created["status"] = "created"
    if rng.random() < web.failed_payment_rate:
        for index, quantity in basket:
            ctx.ledger.put_back(store.index, index, quantity)
        _ghost(ctx, t, store, order_id, external_id, created)
        return
    order = WebOrder(ctx, t, facts, customer, order_id, external_id, priced, split, units)
    order.failure = ctx.unmapped(store, split, priced)
    ctx.engine.publish(t, "order.created", created, order)
    last = t
    for parcel in _parcels(ctx, store, units):
        parcel.request_id = ctx.ids.fulfilment()
        _publish_parcel(ctx, t, order_id, parcel, order)
        last = max(last, parcel.done)
        for unit, _ in parcel.units:
            ctx.ledger.move(parcel.store.index, unit.product.index, -1, order.failure is None)
        order.parcels.append(parcel)
    ctx.engine.publish_later(last + 300.0 + rng.random() * 2100.0, "order.completed", order.completed, order)


def _ghost(ctx: Context, t: float, store: Store, order_id: str, external_id: str, created: dict[str, Any]) -> None:
    """The payment failed after the order was created: cancelled, nothing to post."""
    rng = ctx.rng
    cancelled = {**created, "items": [{**item, "status": "cancelled"} for item in created["items"]], "status": "cancelled"}
    truth = records.transaction(
        "newstore", "cancelled_order", external_id, order_id, store.store_id, ctx.clock.date(t), "none", None, None, [], []
    )
    txn = Txn(truth)
    if rng.random() < ctx.scenario.traffic.web.cancel_before_create_rate:
        ctx.engine.publish(t, "order.cancelled", cancelled, txn)
        ctx.engine.publish(t + 5.0 + rng.random() * 115.0, "order.created", created, txn)
    else:
        ctx.engine.publish(t, "order.created", created, txn)
        ctx.engine.publish(t + 30.0 + rng.random() * 870.0, "order.cancelled", cancelled, txn)


def _parcels(ctx: Context, store: Store, units: list[Unit]) -> list[Parcel]:
    """Split the order's units into fulfilment requests; extra parcels may be picked in a
    sibling store that has the units on its shelves."""
    rng, web = ctx.rng, ctx.scenario.traffic.web
    if len(units) < 2 or web.max_parcels < 2 or rng.random() >= web.split_rate:
        return [Parcel(store, units)]
    count = rng.randint(2, min(web.max_parcels, len(units)))
    cuts = sorted(rng.sample(range(1, len(units)), count - 1))
    groups = [units[a:b] for a, b in zip([0, *cuts], [*cuts, len(units)], strict=True)]
    parcels = [Parcel(store, groups[0])]
    for group in groups[1:]:
        fulfiller = store
        if rng.random() < web.other_store_rate:
            other = ctx.sibling(store, "newstore", same_mapping=True)
            if other is not None and other.shop_location is not None and _move_shelf(ctx, store, other, group):
                fulfiller = other
        parcels.append(Parcel(fulfiller, group))
    return parcels


def _move_shelf(ctx: Context, store: Store, other: Store, group: list[Unit]) -> bool:
    """Take the group's units off ``other``'s shelf instead of ``store``'s, if it has them all."""
    ledger = ctx.ledger
    taken: list[int] = []
    for unit, _ in group:
        if ledger.take(other.index, unit.product.index, 1) != 1:
            for index in taken:
                ledger.put_back(other.index, index, 1)
            return False
        taken.append(unit.product.index)
    for index in taken:
        ledger.put_back(store.index, index, 1)
    return True


def _unit_picked(head: dict[str, Any], n: int, item_id: str, product_id: str) -> dict[str, Any]:
    return {**head, "logical_timestamp": n, "items": [{"id": item_id, "product_id": product_id}]}


def _publish_parcel(ctx: Context, t: float, order_id: str, parcel: Parcel, order: WebOrder) -> None:
    """Assignment, then one ``items_completed`` per unit; notes when the last unit was picked."""
    rng, engine = ctx.rng, ctx.engine
    assigned = t + 60.0 + rng.random() * 540.0
    head = {
        "id": parcel.request_id,
        "order_id": order_id,
        "logical_timestamp": 1,
        "fulfillment_location_id": parcel.store.store_id,
        "service_level": SERVICE_LEVEL,
    }
    items = [{"id": i, "product_id": u.product.product_id} for u, i in parcel.units]
    engine.publish(assigned, "fulfillment_request.assigned", {**head, "items": items}, order)
    picked = sorted(assigned + 120.0 + rng.random() * 2580.0 for _ in parcel.units)
    for n, ((unit, item_id), at) in enumerate(zip(parcel.units, picked, strict=True), start=2):
        engine.publish_later(
            at, "fulfillment_request.items_completed", partial(_unit_picked, head, n, item_id, unit.product.product_id), order
        )
    parcel.done = picked[-1]


def _group(units: list[Unit]) -> list[tuple[NewStoreUnit, int]]:
    """Units of one parcel summed per product (discounts are per product, so one unit each)."""
    grouped: dict[int, list[Any]] = {}
    for unit, _ in units:
        entry = grouped.get(unit.product.index)
        if entry is None:
            grouped[unit.product.index] = [unit, 1]
        else:
            entry[1] += 1
    return [(unit, quantity) for unit, quantity in grouped.values()]

"""NewStore returns: referenced to their original order (in the store that sold it, or in
another store, including web orders returned in store), gift returns with no order, and
exchanges (a return swapped for another size of the same garment).

Truth (docs/integration-contract.md): a referenced return is a ``creditMemo``
``RET-<return id>`` ``createdFrom`` the original ``salesOrder``, at the returning store's
location, one line per product at ``refund_excl_tax`` per unit, plus an
``inventoryAdjustment`` ``STOCK-RET-<return id>`` putting the units back. A gift return
(``order_id`` null) cannot be posted: it is an exception on ``order_id``, though the
goods are back on the shelf (web-shop stock moves).
"""

from __future__ import annotations

from typing import Any

from ..money import number, text
from ..world import Store
from . import records
from .context import Context
from .engine import Txn
from .pricing import NewStoreUnit
from .store_sales import SoldUnits, newstore_sale

REASONS = (("too_small", "R01"), ("too_large", "R02"), ("not_as_described", "R03"), ("changed_mind", "R04"), ("faulty", "R05"))


def _items(ctx: Context, lines: list[tuple[NewStoreUnit, list[str]]]) -> list[dict[str, Any]]:
    rng = ctx.rng
    reason, code = REASONS[rng.randrange(len(REASONS))]
    return [
        {
            "id": item_id,
            "product_id": unit.product.product_id,
            "quantity": 1,
            "refund_amount": number(unit.gross),
            "refund_excl_tax": number(unit.net),
            "refund_tax": number(unit.tax_amount),
            "item_condition": "damaged" if code == "R05" else "sellable",
            "return_reason": reason,
            "return_code": code,
        }
        for unit, ids in lines
        for item_id in ids
    ]


def _payload(
    ctx: Context,
    t: float,
    return_id: str,
    order_id: str | None,
    store: Store,
    items: list[dict[str, Any]],
    lines: list[tuple[NewStoreUnit, int]],
) -> dict[str, Any]:
    gross = sum(u.gross * q for u, q in lines)
    net = sum(u.net * q for u, q in lines)
    return {
        "id": return_id,
        "order_id": order_id,
        "returned_at": ctx.clock.iso(t),
        "total_refund_amount": number(gross),
        "total_refund_excl_tax": number(net),
        "total_refund_tax": number(gross - net),
        "return_fee": 0.0,
        "currency": store.currency,
        "return_location_id": store.store_id,
        "customer_id": None,
        "items": items,
        "external_order_id": None,
    }


def referenced_return(ctx: Context, t: float) -> None:
    rng = ctx.rng
    sold: SoldUnits | None = ctx.newstore_returns.take()
    if sold is None:
        return
    store = sold.store
    if rng.random() < ctx.scenario.traffic.returns.elsewhere_rate:
        store = ctx.sibling(sold.store, "newstore") or store
    line = rng.randrange(len(sold.lines))
    unit, _, sold_units = sold.lines[line]
    count = sold_units if rng.random() < 0.3 else 1
    returned = [(unit, sold.item_ids(line, count))]
    return_id = ctx.ids.return_id()
    eid = f"RET-{return_id}"
    failure = ctx.unmapped(store)
    posted = failure is None
    product = unit.product
    ctx.ledger.move(store.index, product.index, count, posted)
    ctx.ledger.put_back(store.index, product.index, count)
    day = ctx.clock.date(t)
    record = exception = None
    if posted:
        record = records.record(
            "creditMemo",
            eid,
            entity=store.customer_id,
            subsidiary=store.subsidiary_id,
            location=store.mapped_location,
            currency=ctx.world.currency(store.currency).erp_id,
            tran_date=day,
            lines=[records.line(product.erp_item_id, count, text(unit.net))],
            gross_total=text(unit.gross * count),
            created_from=sold.external_id,
        )
    else:
        assert failure is not None
        exception = records.exception(failure[0], failure[1], "return")
    move = records.stock_move(
        product.sku,
        product.erp_item_id,
        store.store_id,
        store.mapped_location,
        store.shop_location,
        count,
        f"STOCK-{eid}" if posted else None,
    )
    truth = records.transaction(
        "newstore", "return", eid, return_id, store.store_id, day, "erp" if posted else "exception", record, exception, [], [move]
    )
    payload = _payload(ctx, t, return_id, sold.order_id, store, _items(ctx, returned), [(unit, count)])
    ctx.engine.publish(t, "return.processed", payload, Txn(truth))
    if rng.random() < ctx.scenario.traffic.returns.exchange_rate:
        _exchange(ctx, t, store, unit)


def _exchange(ctx: Context, t: float, store: Store, unit: NewStoreUnit) -> None:
    """The customer takes another size of the same garment instead: a new sale flagged as an exchange."""
    product = unit.product
    sizes = [
        p for p in ctx.world.products if p.style == product.style and p.colour == product.colour and p.index != product.index
    ]
    ctx.rng.shuffle(sizes)
    for other in sizes:
        if ctx.ledger.take(store.index, other.index, 1):
            newstore_sale(ctx, t + 60.0 + ctx.rng.random() * 240.0, store, [(other.index, 1)], exchange=True)
            return


def gift_return(ctx: Context, t: float, store: Store) -> None:
    """A gift receipt, no order: the refund happens at the till, the ERP cannot be told."""
    rng = ctx.rng
    product = ctx.world.products[ctx.baskets.product()]
    count = 1 if rng.random() < 0.85 else 2
    unit = ctx.prices.newstore(store.zone, product)
    return_id = ctx.ids.return_id()
    eid = f"RET-{return_id}"
    ctx.ledger.move(store.index, product.index, count, False)
    ctx.ledger.put_back(store.index, product.index, count)
    move = records.stock_move(
        product.sku, product.erp_item_id, store.store_id, store.mapped_location, store.shop_location, count, None
    )
    truth = records.transaction(
        "newstore",
        "gift_return",
        eid,
        return_id,
        store.store_id,
        ctx.clock.date(t),
        "exception",
        None,
        records.exception("order_id", "", "return"),
        [],
        [move],
    )
    ids = [f"{return_id}-{n:02d}" for n in range(count)]
    payload = _payload(ctx, t, return_id, None, store, _items(ctx, [(unit, ids)]), [(unit, count)])
    ctx.engine.publish(t, "return.processed", payload, Txn(truth))

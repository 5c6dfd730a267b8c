"""Traffic that is not a customer: faults switched on, ERP price changes, Sitoo day closes,
and the web-shop checkouts that race a store sale for the last unit.

* A fault is ``POST <system>/_sim/faults`` at its time of day; its window runs in wall
  seconds from then (``duration_s``), like every transport concern.
* A price change is ``POST erp/_sim/prices`` with the new home-currency prices; the tills
  go on charging the old price for ``pos_lag_minutes`` (a few sales of each repriced
  product are forced into that gap) and charge the new one after. Truth follows what the
  till charged: a correct integration never re-prices a sale from the master.
* A Sitoo store closes its day ten minutes after closing time (``/_sim/dayclose``).
* A last-unit race sells a store's last unit of a product at the till, then
  ``race_gap_seconds`` (wall) later a web shopper tries to buy that unit for collection
  there (``POST shop/_sim/orders``). A correct integration has brought the shop's stock
  to 0 by then, so the checkout is refused (``422``) and the final shop stock is 0; a
  slow one lets the shop sell it again (stock -1: the last item sold twice).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from ..clock import clock_seconds
from ..money import div_half_up, number
from .context import Context
from .journals import DayClose
from .sitoo import sitoo_sale
from .store_sales import newstore_sale

Action = Callable[[float], None]  # what a special arrival does at its time
Arrival = tuple[float, int, int, Action | None]  # (business offset, kind, tie-breaker, action): never compares actions
SPECIAL = 10


def schedule(ctx: Context) -> list[Arrival]:
    """Push the timed admin events and return the special arrivals they bring, in time order."""
    _faults(ctx)
    _day_closes(ctx)
    timed = sorted([*_price_changes(ctx), *_races(ctx)], key=lambda a: a[0])
    return [(t, SPECIAL, n, action) for n, (t, action) in enumerate(timed)]


def _faults(ctx: Context) -> None:
    for fault in ctx.scenario.faults:
        t = ctx.clock.offset(fault.day, clock_seconds(fault.at))
        ctx.engine.push(max(t, 0.0), fault.system, "faults", {"rules": [dict(fault.rule)]})


def _day_closes(ctx: Context) -> None:
    if not ctx.scenario.traffic.day_close:
        return
    for day in range(1, ctx.scenario.traffic.days + 1):
        for store in ctx.world.stores:
            if store.sitoo is None:
                continue
            t = ctx.clock.offset(day, store.closes + 600.0)
            owner = DayClose(ctx.journals, store, ctx.clock.day_index(t), ctx.clock.date(t))
            ctx.engine.push(t, "sitoo", "dayclose", {"store_id": str(store.sitoo.storeid)}, owner)


def _price_changes(ctx: Context) -> Iterator[tuple[float, Action]]:
    rng, world = ctx.rng, ctx.world
    for change in ctx.scenario.traffic.price_changes:
        t = ctx.clock.offset(change.day, clock_seconds(change.at))
        chosen = sorted(rng.sample(range(len(world.products)), min(change.products, len(world.products))))
        new = {
            index: max(1, div_half_up(world.products[index].price * round((100 + change.percent) * 100), 10_000))
            for index in chosen
        }
        ctx.engine.push(t, "erp", "prices", {"prices": {world.products[i].erp_item_id: number(c) for i, c in new.items()}})
        lag = change.pos_lag_minutes * 60.0
        for index in chosen:
            for _ in range(change.racing_sales):
                yield (t + rng.random() * lag * 0.5, partial(forced_sale, ctx, index))
        yield (t + lag, partial(reprice, ctx, new))


def _races(ctx: Context) -> Iterator[tuple[float, Action]]:
    traffic = ctx.scenario.traffic
    gap_wall = traffic.race_gap_seconds or ctx.scenario.objectives.stock_latency_max_seconds
    per_store: dict[int, list[int]] = {}
    for store_index, product_index in ctx.world.races:
        per_store.setdefault(store_index, []).append(product_index)
    for store_index, products in per_store.items():
        store = ctx.world.stores[store_index]
        span = store.closes - store.opens
        for n, product_index in enumerate(products, start=1):
            clock = store.opens + span * n / (len(products) + 1)
            yield (ctx.clock.offset(1, clock), partial(race, ctx, store_index, product_index, gap_wall * traffic.time_factor))


def forced_sale(ctx: Context, product_index: int, t: float) -> None:
    """A sale of ``product_index`` (plus whatever else) at a store open at ``t``."""
    store = ctx.open_stores.pick(t, ctx.rng)
    if store is None or not ctx.ledger.take(store.index, product_index, 1):
        return
    basket = [(product_index, 1)] + [line for line in ctx.baskets.pick(store.index, 1) if line[0] != product_index]
    (newstore_sale if store.pos == "newstore" else sitoo_sale)(ctx, t, store, basket)


def reprice(ctx: Context, prices: dict[int, int], t: float) -> None:
    """The new prices have reached the tills."""
    for index, cents in prices.items():
        ctx.prices.set_base(index, cents)


def race(ctx: Context, store_index: int, product_index: int, gap: float, t: float) -> None:
    """The till sells the last unit; the web shop then tries to sell it for collection."""
    store = ctx.world.stores[store_index]
    ctx.ledger.put_back(store_index, product_index, 1)  # the unit kept for this sale
    ctx.ledger.take(store_index, product_index, 1)
    (newstore_sale if store.pos == "newstore" else sitoo_sale)(ctx, t, store, [(product_index, 1)])
    customer = ctx.world.customers[ctx.rng.randrange(len(ctx.world.customers))]
    body = {
        "email": customer.email,
        "pickup_location_id": store.shop_location,
        "line_items": [{"sku": ctx.world.products[product_index].sku, "quantity": 1}],
    }
    ctx.engine.push(t + gap, "shop", "orders", body)

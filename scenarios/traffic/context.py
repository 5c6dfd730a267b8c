"""What every traffic builder shares for one run: the world, the one seeded ``Random``, the
clock, the event queue, prices, stock, ids, receipt counters and the return reservoirs.

Ids are derived, not drawn: a run-specific UUID-shaped salt plus a counter, so each costs
a string format, not a random call, and item ids are their order's id plus an index.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterable
from typing import Any

from ..clock import DAY, BusinessClock
from ..model import Scenario
from ..world import Product, Store, World
from .baskets import BasketPicker, Tenders
from .engine import Engine
from .journals import Journals
from .ledger import StockLedger
from .pricing import NewStoreUnit, Prices
from .reservoir import Reservoir

RESERVOIR = 512  # enough to draw returns from; small enough to fill within a day
PROCESSORS = {"card": "adyen", "wallet": "adyen", "cash": "cash", "gift_card": "givex", "klarna": "klarna"}


class Ids:
    """Order, return and fulfilment-request ids: a salt drawn once per run, then a counter."""

    def __init__(self, rng: random.Random) -> None:
        def salt() -> str:
            a, b, c, d = rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), rng.getrandbits(14)
            return f"{a:08x}-{b:04x}-4{c:03x}-{0x8000 | d:04x}-"

        self._order, self._return, self._request = salt(), salt(), salt()
        self._counts = itertools.count(1)

    def order(self) -> str:
        return f"{self._order}{next(self._counts):012x}"

    def return_id(self) -> str:
        return f"{self._return}{next(self._counts):012x}"

    def fulfilment(self) -> str:
        return f"{self._request}{next(self._counts):012x}"


class StorePicker:
    """Draws a store by its weight among those open at a moment (or among all of them)."""

    def __init__(self, stores: Iterable[Store], clock: BusinessClock, hours: bool) -> None:
        self.stores = list(stores)
        self.opening = clock.opening
        bounds = sorted({0.0, *(s.opens for s in self.stores), *(s.closes for s in self.stores)}) if hours else [0.0]
        self.bounds = bounds
        self.segments: list[tuple[list[Store], list[float]]] = []
        for low in bounds:
            members = [s for s in self.stores if not hours or s.opens <= low < s.closes]
            self.segments.append((members, list(itertools.accumulate(s.weight for s in members))))
        total = sum(s.weight for s in self.stores) or 1.0
        self.shares = [(c[-1] if c else 0.0) / total for _, c in self.segments]

    def _segment(self, clock_seconds: float) -> int:
        return bisect.bisect_right(self.bounds, clock_seconds % DAY) - 1

    def open_share(self, clock_seconds: float) -> float:
        """The share of the estate's weight open at a time of day (shapes the day's curve)."""
        return self.shares[self._segment(clock_seconds)] if self.stores else 0.0

    def pick(self, t: float, rng: random.Random) -> Store | None:
        members, cumulative = self.segments[self._segment(t + self.opening)]
        if not members:
            return None
        return members[min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), len(members) - 1)]

    def is_open(self, store: Store, t: float) -> bool:
        clock = (t + self.opening) % DAY
        return store.opens <= clock < store.closes


class StoreFacts:
    """What builders read about a store on every sale, resolved once."""

    __slots__ = (
        "store",
        "store_id",
        "code",
        "zone",
        "tills",
        "location",
        "shop_location",
        "customer",
        "subsidiary",
        "currency",
        "currency_id",
        "failure",
        "associates",
    )

    def __init__(self, store: Store, world: World) -> None:
        currency = world.currency(store.currency)
        self.store = store
        self.store_id = store.store_id
        self.code = store.code
        self.zone = store.zone
        self.tills = store.tills
        self.location = store.mapped_location
        self.shop_location = store.shop_location
        self.customer = store.customer_id
        self.subsidiary = store.subsidiary_id
        self.currency = store.currency
        self.currency_id = currency.erp_id
        # What fails every record of the store, whatever it holds: an unmapped store or currency.
        self.failure: tuple[str, str] | None = (
            ("location", store.store_id)
            if store.mapped_location is None
            else None
            if currency.mapped
            else ("currency", currency.code)
        )
        self.associates = [f"assoc-{store.code.lower()}-{n}" for n in range(1, 7)]


class SitooOrderIds:
    """Sitoo numbers orders 1, 2, ... in the order the driver sends them; so does this."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


class Context:
    def __init__(self, scenario: Scenario, world: World, rng: random.Random) -> None:
        traffic = scenario.traffic
        self.scenario = scenario
        self.world = world
        self.rng = rng
        self.clock = BusinessClock(traffic.business_day, traffic.opening_hour, traffic.time_factor)
        self.engine = Engine(self.clock)
        self.ids = Ids(rng)
        self.prices = Prices(world)
        self.ledger = StockLedger(world)
        self.baskets = BasketPicker(world, traffic.basket, rng, self.ledger)
        self.tenders = Tenders(world, traffic.basket, rng)
        self.journals = Journals(world)
        self.newstore_returns: Reservoir[Any] = Reservoir(RESERVOIR, rng)
        self.sitoo_returns: Reservoir[Any] = Reservoir(RESERVOIR, rng)
        self.sitoo_orders = SitooOrderIds()
        self.receipts: dict[tuple[int, str], int] = {}
        self.web_count = 0
        newstore = [s for s in world.stores if s.pos == "newstore"]
        self.open_stores = StorePicker(world.stores, self.clock, hours=True)
        self.open_newstore = StorePicker(newstore, self.clock, hours=True)
        self.collect_stores = StorePicker([s for s in newstore if s.shop_location is not None], self.clock, hours=False)
        self.facts = [StoreFacts(s, world) for s in world.stores]
        self.method_ids = {m.code: m.erp_id for m in world.payment_methods}
        self._unmapped_methods = {m.code for m in world.payment_methods if m.erp_id is None}
        self._all_taxes_mapped = all(t.mapped for t in world.tax_codes)
        self._all_items_mapped = all(p.mapped for p in world.products)

    # -- helpers builders share -------------------------------------------------------------
    def receipt(self, store: int, till: str) -> int:
        """The next receipt number of a till (``store`` index)."""
        key = (store, till)
        number = self.receipts.get(key, 0) + 1
        self.receipts[key] = number
        return number

    def unmapped(
        self,
        store: Store,
        payments: Iterable[tuple[str, int]] = (),
        units: Iterable[tuple[NewStoreUnit, int]] = (),
        products: Iterable[Product] = (),
    ) -> tuple[str, str] | None:
        """The first source field a record cannot map, in the contract's order: location,
        currency, payment_method, tax_code, item; None when everything maps."""
        failure = self.facts[store.index].failure
        if failure is not None:
            return failure
        if self._unmapped_methods:
            for method, _ in payments:
                if method in self._unmapped_methods:
                    return ("payment_method", method)
        if not self._all_taxes_mapped:
            for unit, _ in units:
                if not unit.tax.mapped:
                    return ("tax_code", unit.tax.name)
        if not self._all_items_mapped:
            for product in itertools.chain((u.product for u, _ in units), products):
                if not product.mapped:
                    return ("item", product.product_id)
        return None

    def sibling(self, store: Store, pos: str, same_mapping: bool = False) -> Store | None:
        """Another store of the same country and POS (for returns elsewhere, parcels picked elsewhere)."""
        others = [
            s
            for s in self.world.stores
            if s.index != store.index
            and s.country == store.country
            and s.pos == pos
            and (not same_mapping or (s.mapped_location is None) == (store.mapped_location is None))
        ]
        return others[self.rng.randrange(len(others))] if others else None

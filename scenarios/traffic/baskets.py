"""What shoppers buy and how they pay: basket sizes, popular products, discounts, tenders.

Basket sizes and units per line follow typical fashion-retail shapes (most baskets hold
one or two items); products are drawn by popularity; a share of baskets carry a markdown
on one line or a basket-wide discount; a share are paid with two tenders (a gift card or
cash first, the rest by card). Only what is on the shelf is sold.
"""

from __future__ import annotations

import bisect
import itertools
import random

from ..model import BasketSpec
from ..world import World
from .ledger import StockLedger

LINE_WEIGHTS = (0.42, 0.27, 0.15, 0.07, 0.04, 0.02, 0.015, 0.01, 0.005, 0.005)
UNIT_WEIGHTS = (0.82, 0.14, 0.04)
MARKDOWNS = (20, 30, 50)
BASKET_DISCOUNTS = (10, 15, 20)

Basket = list[tuple[int, int]]  # (product index, quantity), one entry per product


def _cumulative(weights: tuple[float, ...] | list[float]) -> list[float]:
    total = sum(weights)
    return [c / total for c in itertools.accumulate(weights)]


class BasketPicker:
    def __init__(self, world: World, spec: BasketSpec, rng: random.Random, ledger: StockLedger) -> None:
        self.rng = rng
        self.ledger = ledger
        self.spec = spec
        self.products = len(world.products)
        self._popular = list(itertools.accumulate(p.popularity for p in world.products))
        self._lines = _cumulative(LINE_WEIGHTS[: spec.max_lines])
        self._units = _cumulative(UNIT_WEIGHTS[: spec.max_units_per_line])
        self._total = self._popular[-1]

    def product(self) -> int:
        return min(bisect.bisect(self._popular, self.rng.random() * self._total), self.products - 1)

    def pick(self, store: int, lines: int | None = None) -> Basket:
        """A basket sold at ``store`` (index), taken off its shelves; may be empty when sold out."""
        rng, take = self.rng, self.ledger.take
        count = lines if lines is not None else bisect.bisect(self._lines, rng.random()) + 1
        basket: Basket = []
        chosen: set[int] = set()
        for _ in range(count):
            for _attempt in range(3):
                product = self.product()
                if product in chosen:
                    continue
                wanted = bisect.bisect(self._units, rng.random()) + 1
                got = take(store, product, wanted)
                if got:
                    chosen.add(product)
                    basket.append((product, got))
                    break
        return basket

    def discounts(self, basket: Basket) -> list[tuple[int, int]]:
        """Per basket line: (markdown %, basket discount %); mostly none."""
        rng = self.rng
        none = [(0, 0)] * len(basket)
        if not basket or rng.random() >= self.spec.discount_rate:
            return none
        if rng.random() < 0.6:
            line = rng.randrange(len(basket))
            none[line] = (MARKDOWNS[rng.randrange(len(MARKDOWNS))], 0)
            return none
        percent = BASKET_DISCOUNTS[rng.randrange(len(BASKET_DISCOUNTS))]
        return [(0, percent)] * len(basket)


class Tenders:
    """How a basket is paid: one tender, or two (a partial gift card or cash, then the rest).
    Each POS takes its own tenders; web orders never pay cash."""

    def __init__(self, world: World, spec: BasketSpec, rng: random.Random) -> None:
        self.rng = rng
        self.split_rate = spec.split_tender_rate
        self.tables: dict[str, tuple[list[str], list[float]]] = {}
        for pos, web in (("newstore", False), ("sitoo", False), ("web", True)):
            taken = [
                m for m in world.payment_methods if m.weights["newstore" if web else pos] > 0 and not (web and m.code == "cash")
            ]
            taken = taken or [m for m in world.payment_methods if m.weights["newstore" if web else pos] > 0]
            weights = [m.weights["newstore" if web else pos] for m in taken]
            self.tables[pos] = ([m.code for m in taken], _cumulative(weights))

    def pay(self, gross: int, channel: str) -> list[tuple[str, int]]:
        """Tenders for ``gross`` cents on a ``channel``: ``newstore``, ``sitoo`` or ``web``."""
        rng = self.rng
        methods, cumulative = self.tables[channel]
        main = methods[min(bisect.bisect(cumulative, rng.random()), len(methods) - 1)]
        if gross < 200 or len(methods) < 2 or rng.random() >= self.split_rate:
            return [(main, gross)]
        first = "gift_card" if main != "gift_card" and "gift_card" in methods else ("cash" if "cash" in methods else main)
        if first == main:
            first = next(m for m in methods if m != main)
        part = int(gross * rng.uniform(0.2, 0.6)) // 100 * 100
        if part <= 0 or part >= gross:
            return [(main, gross)]
        return [(first, part), (main, gross - part)]


def largest(payments: list[tuple[str, int]]) -> str:
    """The method of the largest tender (the first of equals): the record's ``paymentMethod``."""
    best = payments[0]
    for payment in payments[1:]:
        if payment[1] > best[1]:
            best = payment
    return best[0]

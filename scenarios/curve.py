"""The shape of a trading day, and arrival times drawn from it in order, one at a time.

Footfall is not flat: a small rush when the doors open, a lunchtime peak and a bigger one
after work; web orders lean to the evening. Bursts (Black Friday doors, a flash sale)
multiply the curve over a stretch. A stream only exists while some store is open, in
proportion to how much of the estate is open.

Arrival times are drawn as ordered uniform variates, generated ascending one by one
(``x_k = 1 - (1 - x_{k-1}) * U ** (1 / (n - k + 1))``), then mapped through the curve's
inverse CDF. No list of the day's arrivals is ever built, so a day of a million events
streams in constant memory.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence

BIN_SECONDS = 60.0

Shape = Callable[[float], float]  # density at an hour of the clock day (e.g. 12.5)


def _bump(hour: float, centre: float, width: float) -> float:
    return math.exp(-0.5 * ((hour - centre) / width) ** 2)


def store_shape(opening_hour: float) -> Shape:
    """In-store footfall: doors, lunch, after work."""

    def shape(hour: float) -> float:
        return 1.0 + 0.5 * _bump(hour, opening_hour + 0.4, 0.35) + 1.4 * _bump(hour, 12.75, 0.8) + 1.6 * _bump(hour, 17.4, 1.0)

    return shape


def web_shape(opening_hour: float) -> Shape:
    """Web orders: flatter, with an evening peak."""

    def shape(hour: float) -> float:
        return 1.0 + 0.5 * _bump(hour, 12.5, 1.2) + 1.8 * _bump(hour, 20.0, 1.5)

    return shape


class Curve:
    """A day's density in one-minute bins over ``[start, end)`` seconds after midnight."""

    def __init__(
        self,
        start: float,
        end: float,
        shape: Shape,
        open_share: Callable[[float], float],
        bursts: Sequence[tuple[float, float, float]] = (),
    ) -> None:
        """``open_share(clock_seconds)`` is the share of the estate open; each burst is
        ``(from, to, multiplier)`` in clock seconds."""
        self.start = start
        bins = max(1, math.ceil((end - start) / BIN_SECONDS))
        weights = []
        for n in range(bins):
            middle = start + (n + 0.5) * BIN_SECONDS
            weight = shape(middle / 3600.0) * open_share(middle)
            for low, high, multiplier in bursts:
                if low <= middle < high:
                    weight *= multiplier
            weights.append(max(0.0, weight))
        total = sum(weights) or 1.0
        self.cumulative = [0.0]
        for weight in weights:
            self.cumulative.append(self.cumulative[-1] + weight / total)
        self.cumulative[-1] = 1.0

    def arrivals(self, count: int, rng: random.Random) -> Iterator[float]:
        """``count`` arrival times (clock seconds), ascending."""
        cumulative = self.cumulative
        last = len(cumulative) - 2
        index = 0
        x = 0.0
        for remaining in range(count, 0, -1):
            x = 1.0 - (1.0 - x) * rng.random() ** (1.0 / remaining)
            while index < last and cumulative[index + 1] <= x:
                index += 1
            low, high = cumulative[index], cumulative[index + 1]
            within = (x - low) / (high - low) if high > low else 0.0
            yield self.start + (index + within) * BIN_SECONDS

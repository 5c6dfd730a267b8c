"""The trading-day curve: arrivals come in order, follow the peaks, and bursts multiply the rate."""

from __future__ import annotations

import random

from scenarios.curve import Curve, store_shape


def _curve(bursts: list[tuple[float, float, float]] | None = None) -> Curve:
    return Curve(9 * 3600.0, 19 * 3600.0, store_shape(9), lambda _: 1.0, bursts or [])


def test_arrivals_are_ascending_and_within_the_day() -> None:
    times = list(_curve().arrivals(5000, random.Random(1)))
    assert len(times) == 5000 and times == sorted(times)
    assert 9 * 3600 <= times[0] and times[-1] < 19 * 3600


def test_lunch_and_evening_are_busier_than_mid_morning() -> None:
    times = list(_curve().arrivals(20000, random.Random(2)))

    def hour(h: float) -> int:
        return sum(h * 3600 <= t < (h + 1) * 3600 for t in times)

    assert hour(12.25) > 1.5 * hour(10.25) and hour(17) > 1.5 * hour(10.25)


def test_a_burst_multiplies_the_rate() -> None:
    times = list(_curve([(14 * 3600.0, 14.5 * 3600.0, 12.0)]).arrivals(20000, random.Random(3)))
    inside = sum(14 * 3600 <= t < 14.5 * 3600 for t in times)
    before = sum(13.5 * 3600 <= t < 14 * 3600 for t in times)
    assert inside > 8 * before  # 12x the curve, which falls after lunch

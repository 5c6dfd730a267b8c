"""Generation streams: memory does not grow with the length of the trading.

One run of several trading days at the same pace, measured day by day with tracemalloc:
once the first day has warmed the caches (prices per product, the return reservoirs,
which are bounded by the world, not the day), each further day peaks at the same height.
What is in flight at once (a day's web orders waiting for collection) depends on the pace,
not on how long the run goes on.
"""

from __future__ import annotations

import tracemalloc

from scenarios import load_scenario
from scenarios.generator import iter_run
from scenarios.model import Scenario

DAY = 86_400.0


def _days(days: int) -> Scenario:
    scenario = load_scenario("peak-trading-day").model_copy(deep=True)
    scenario.traffic.days = days
    scenario.traffic.sales = 3_000
    scenario.traffic.web_orders = 600
    scenario.traffic.price_changes = []
    scenario.faults = []
    scenario.world.starting_stock = (400, 600)  # full shelves however long the run
    return scenario


def _daily_peaks(days: int) -> tuple[list[int], list[int]]:
    """(events, tracemalloc peak bytes) for each trading day of one run."""
    scenario = _days(days)
    factor = scenario.traffic.time_factor
    stream = iter_run(scenario)
    events, peaks = [0], []
    tracemalloc.start()
    try:
        for kind, line in stream:
            if kind != "traffic":
                continue
            if line["at"] * factor >= DAY * len(events):
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.reset_peak()
                events.append(0)
            events[-1] += 1
        peaks.append(tracemalloc.get_traced_memory()[1])
        return events, peaks
    finally:
        tracemalloc.stop()


def test_peak_memory_stays_flat_day_after_day() -> None:
    events, peaks = _daily_peaks(5)
    assert len(events) == 5 and min(events) > 5_000
    warm = peaks[1]
    assert max(peaks[2:]) < 1.15 * warm, f"daily peaks (bytes): {peaks} for daily events {events}"

"""How fast the scenario generator streams a trading day, and how much memory it needs.

Run as its own process (``python -m benchmarks.generation --events N``) so the peak RSS it
reports is the generator's alone: it scales the ``peak-trading-day`` scenario (both POS,
web orders, returns, faults, day closes) to about ``N`` traffic events in one day, builds
the world, then streams every traffic and truth item without keeping any, and prints one
JSON object with the figures. ``--serialise`` instead writes ``traffic.jsonl`` and
``truth.jsonl`` into a temporary directory through ``write_jsonl``, the code path of
``pos-harness scenarios generate NAME --out DIR``. ``--days D`` spreads the events over ``D``
trading days at the rate of one day of ``N / D`` (the generator streams: its memory follows the
traffic's rate, not the run's length). Figures, never assertions.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from scenarios import load_scenario
from scenarios.generator import iter_run, write_jsonl
from scenarios.model import Scenario

BASE = "peak-trading-day"
PILOT_SALES = 2_000


def scaled(sales: int, base: str = BASE, days: int = 1) -> Scenario:
    """``base`` with ``sales`` store baskets a day and a fifth as many web orders, over ``days`` days."""
    scenario = load_scenario(base).model_copy(deep=True)
    scenario.traffic.sales = sales
    scenario.traffic.web_orders = sales // 5
    scenario.traffic.days = days
    return Scenario.model_validate(scenario.model_dump())


def sales_for(events: int, base: str = BASE) -> int:
    """Baskets a day that make about ``events`` traffic events (from a small pilot run)."""
    pilot = sum(kind == "traffic" for kind, _ in iter_run(scaled(PILOT_SALES, base)))
    return max(1, round(events * PILOT_SALES / pilot))


def machine_loop_seconds() -> float:
    """CPU seconds for ten million additions in a Python loop: how fast this machine runs
    Python right now, so figures from two machines (or two busy moments) can be compared."""
    began = time.process_time()
    total = 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - began


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def measure(events: int, serialise: bool = False, trace: bool = False, base: str = BASE, days: int = 1) -> dict[str, Any]:
    sales = sales_for(events // days, base)
    machine = machine_loop_seconds()
    began = time.perf_counter()
    stream = iter_run(scaled(sales, base, days))
    world_seconds = time.perf_counter() - began
    rss_before = _rss_mb()
    if trace:
        tracemalloc.start()
    counted = truth = 0
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as out:
        wall, cpu = time.perf_counter(), time.process_time()
        if serialise:
            counted, truth = write_jsonl(stream, Path(out) / "traffic.jsonl", Path(out) / "truth.jsonl")
        else:
            for kind, _ in stream:
                if kind == "traffic":
                    counted += 1
                else:
                    truth += 1
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    figures: dict[str, Any] = {
        "scenario": base,
        "days": days,
        "sales_per_day": sales,
        "events": counted,
        "truth_lines": truth,
        "world_seconds": round(world_seconds, 3),
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "events_per_second": round(counted / wall),
        "events_per_cpu_second": round(counted / cpu),
        "rss_before_mb": round(rss_before, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "serialised": serialise,
        "machine_loop_seconds": round(machine, 2),
    }
    if trace:
        figures["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generation", description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--serialise", action="store_true", help="write traffic.jsonl and truth.jsonl (as `scenarios generate`)")
    parser.add_argument("--tracemalloc", action="store_true", help="also report Python's peak allocation (slower)")
    parser.add_argument("--scenario", default=BASE)
    parser.add_argument("--days", type=int, default=1, help="spread the events over this many trading days (1-14)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.events, args.serialise, args.tracemalloc, args.scenario, args.days)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

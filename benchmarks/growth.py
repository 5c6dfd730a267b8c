"""How our costs grow: each case timed at a size N and at 2N, and the ratio of the times.

A ratio near 2 means the cost grows linearly with the traffic; near 4, quadratically (a
scan inside a loop somewhere); below 2, a fixed cost (process start, settling) dominates.
The cases:

* **generator**: ``generate(scenario, seed)`` for the smoke scenario scaled to N and 2N
  in-store sales (and web orders in proportion), CPU time in this process;
* **reconcile**: the reconciliation checks' CPU time over N and 2N transactions of synthetic
  evidence (``benchmarks/reconcile.py``, which also gives the peak memory);
* **smoke end to end**: ``pos-harness run`` on the smoke scenario scaled to N and 2N sales,
  wall time of the whole CLI run with the reference integration.

Figures only; nothing here asserts on them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from .cases import Row, Settings


def scaled_smoke(sales: int) -> Any:
    """The smoke scenario with ``sales`` in-store sales (web orders scaled in proportion)."""
    from loadtests.config import scaled
    from scenarios.catalogue import load_scenario

    smoke = load_scenario("smoke")
    return scaled(smoke, sales / max(1, smoke.traffic.sales))


def time_generator(sales: int) -> tuple[float, int]:
    """CPU seconds to generate the smoke scenario at ``sales`` sales, and the events generated."""
    from scenarios.generator import generate

    scenario = scaled_smoke(sales)
    began = time.process_time()  # CPU time: in this process, one thread; a busy neighbour does not count
    run = generate(scenario)
    return time.process_time() - began, len(run.traffic)


def time_smoke_end_to_end(sales: int) -> tuple[float, int]:
    """Wall seconds of ``pos-harness run`` on smoke scaled to ``sales``, and its exit code."""
    scenario = scaled_smoke(sales)
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp:
        path = Path(tmp) / "smoke-scaled.yaml"
        path.write_text(yaml.safe_dump(scenario.model_dump(mode="json"), sort_keys=False), encoding="utf-8")
        argv = [sys.executable, "-m", "harness.cli", "run", str(path), "--quiet", "--out", str(Path(tmp) / "out")]
        began = time.perf_counter()
        code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        return time.perf_counter() - began, code


def time_reconcile(transactions: int) -> list[tuple[float, int]]:
    """CPU seconds of the checks, and peak RSS in MiB, at ``transactions`` and twice as many
    (benchmarks/reconcile.py, each size in its own process)."""
    from . import reconcile

    return [(row["check_cpu_seconds"], row["peak_rss_mib"]) for row in reconcile.run((transactions, 2 * transactions))]


def _row(name: str, small: int, unit: str, times: tuple[float, float], note: str = "") -> Row:
    ratio = times[1] / times[0] if times[0] > 0 else float("nan")
    return {
        "name": f"growth: {name}",
        "variant": f"{small:,} -> {2 * small:,} {unit}",
        "seconds": [round(t, 3) for t in times],
        "ratio": round(ratio, 2),
        "note": f"2x {unit} -> {ratio:.2f}x time ({times[0]:.2f}s -> {times[1]:.2f}s){note}",
    }


def growth(settings: Settings, generator_sales: int = 20_000, smoke_sales: int = 300, reconcile_size: int = 100_000) -> list[Row]:
    """Each case at N and 2N. ``settings.seconds`` scales the generator's N (5 s: 20,000 sales)."""
    rows: list[Row] = []
    n = max(100, round(generator_sales * settings.seconds / 5))
    try:
        (t1, e1), (t2, e2) = time_generator(n), time_generator(2 * n)
        rows.append(_row("generator", n, "sales", (t1, t2), f"; {e1:,} -> {e2:,} events, {e2 / t2:,.0f} events/s (CPU) at 2N"))
    except Exception as exc:  # someone else's module may be mid-rewrite: report, do not stop the run
        rows.append({"name": "growth: generator", "variant": f"{n} sales", "note": f"unavailable: {exc!r}"[:200]})
    try:
        (r1, m1), (r2, m2) = time_reconcile(reconcile_size)
        rows.append(_row("reconcile", reconcile_size, "transactions", (r1, r2), f" of CPU; peak RSS {m1} -> {m2} MiB"))
    except Exception as exc:
        rows.append({"name": "growth: reconcile", "note": f"unavailable: {exc!r}"[:200]})
    (s1, c1), (s2, c2) = time_smoke_end_to_end(smoke_sales), time_smoke_end_to_end(2 * smoke_sales)
    failed = "" if c1 == c2 == 0 else f"; exit codes {c1}, {c2} (not 0: see pos-harness run)"
    rows.append(_row("pos-harness run smoke", smoke_sales, "sales", (s1, s2), failed))
    return rows

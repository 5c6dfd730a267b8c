"""``python -m benchmarks``: run the measurements, print a table, write results/latest.json.

    python -m benchmarks                      # everything, 5 s per measurement
    python -m benchmarks --seconds 2 --only erp --only webhooks
    python -m benchmarks --only serving --profile   # also py-spy summaries in results/
    python -m benchmarks --only erp --repeat 3      # median of 3 (noisy machines)

Names for ``--only``: see ``BENCHMARKS``. Figures are printed, never asserted: on a
shared machine they move with the neighbours' load (docs/benchmarks.md says how to read them).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import cases, growth, prism, reconcile
from .cases import Row, Settings

RESULTS_DIR = Path(__file__).parent / "results"

BENCHMARKS: dict[str, Callable[[Settings, tuple[str, ...]], list[Row]]] = {
    "app": lambda s, v: cases.app_cost(s),
    "loadgen": lambda s, v: cases.loadgen_ceiling(s),
    "erp": lambda s, v: [row for variant in v for row in cases.erp_write(s, variant)],
    "newstore": lambda s, v: [row for variant in v for row in cases.newstore_write(s, variant)],
    "sitoo": lambda s, v: [row for variant in v for row in cases.sitoo_write(s, variant)],
    "shop": lambda s, v: [row for variant in v for row in cases.shop_write(s, variant)],
    "webhooks": lambda s, v: [row for variant in v for row in cases.webhooks(s, variant)],
    "serving": lambda s, v: cases.serving(s),
    "smoke": lambda s, v: cases.smoke(s),
    "generator": lambda s, v: cases.generator(s),
    "prism": lambda s, v: prism.compare(s),
    "growth": lambda s, v: growth.growth(s),
    "reconcile": lambda s, v: reconcile.rows(s),
}

COLUMNS = (
    ("name", "benchmark", 36),
    ("variant", "variant", 12),
    ("connections", "conns", 5),
    ("rps", "req/s", 8),
    ("p50_ms", "p50 ms", 7),
    ("p95_ms", "p95 ms", 7),
    ("p99_ms", "p99 ms", 7),
    ("errors", "errors", 6),
    ("server_cpu_us", "cpu us/req", 10),
    ("per_core", "req/s/core", 10),
    ("note", "note", 0),
)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if value >= 100 else f"{value:.2f}"
    return str(value)


def table(rows: list[Row]) -> str:
    lines = ["  ".join(f"{title:<{width}}" if width else title for _, title, width in COLUMNS)]
    for row in rows:
        lines.append("  ".join(f"{_cell(row.get(key)):<{width}}" if width else _cell(row.get(key)) for key, _, width in COLUMNS))
    return "\n".join(lines)


def _finish(row: Row) -> Row:
    """Add the derived columns: requests/s one core could serve, and a note."""
    if row.get("server_cpu_us"):
        row["per_core"] = round(1e6 / row["server_cpu_us"], 1)
    if row.get("statuses") and "note" not in row:
        row["note"] = " ".join(f"{status}x{count}" for status, count in sorted(row["statuses"].items()))
    if "min_s" in row:
        row["note"] = f"{row['runs']} runs: min {row['min_s']:.2f}s, median {row['median_s']:.2f}s"
    return row


def _medians(runs: list[list[Row]]) -> list[Row]:
    """Row by row, the run with the median throughput (runs alternate variants, so a noisy
    neighbour hits both sides alike); the other runs' figures are kept under ``runs``."""
    if len(runs) == 1:
        return runs[0]
    merged = []
    for same in zip(*runs, strict=True):
        ranked = sorted(same, key=lambda row: row.get("rps") or row.get("median_s") or 0.0)
        median = dict(ranked[len(ranked) // 2])
        median["runs_rps"] = [row.get("rps") for row in same]
        merged.append(median)
    return merged


def machine() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per measurement (default 5)")
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS), help="run only these (repeatable)")
    parser.add_argument("--connections", default="8,32", help="concurrent connections, comma-separated (default 8,32)")
    parser.add_argument(
        "--variants",
        default="keepalive",
        help="servers for the simulator benchmarks: keepalive (the project's), waitress, cheroot (if installed)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="run each benchmark N times, report the median (default 1)")
    parser.add_argument("--profile", action="store_true", help="py-spy the servers; summaries in benchmarks/results/")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.json", help="where to write the JSON results")
    args = parser.parse_args(argv)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        seconds=args.seconds,
        connections=tuple(int(c) for c in args.connections.split(",")),
        profile_dir=args.out.parent if args.profile else None,
    )
    variants = tuple(v.strip() for v in args.variants.split(",") if v.strip())
    report: dict[str, Any] = {"machine": machine(), "seconds": settings.seconds, "benchmarks": {}}
    rows: list[Row] = []
    for name in args.only or list(BENCHMARKS):
        print(f"... {name}", file=sys.stderr, flush=True)
        began = time.perf_counter()
        runs = [BENCHMARKS[name](settings, variants) for _ in range(max(1, args.repeat))]
        produced = [_finish(row) for row in _medians(runs)]
        report["benchmarks"][name] = {"wall_seconds": round(time.perf_counter() - began, 1), "rows": produced}
        rows += produced
    report["machine"]["loadavg_at_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(table(rows))
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

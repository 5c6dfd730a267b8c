"""The ``pos-harness load`` subcommand: options in, :func:`harness.load.run_load`, verdict out.

Kept apart from ``harness/cli.py`` so that the CLI wires it with one line
(``add_load_command(sub)``) and the load engine is imported only when the command runs.
Exit codes: 0 every threshold held and the reconciliation passed, 1 something broke,
2 the load test could not run.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from loadtests.curves import CURVES

from .errors import HarnessError


def duration(text: str) -> float:
    """Locust-style durations: ``30``, ``30s``, ``5m``, ``1h30m``."""
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s?)?", text.strip())
    if not text.strip() or parts is None:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 30s, 5m, 1h30m)")
    hours, minutes, seconds = parts.groups()
    total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)
    if total <= 0:
        raise argparse.ArgumentTypeError("the run time must be positive")
    return total


def add_load_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``load`` to the CLI's subparsers (``argparse._SubParsersAction``)."""
    load: argparse.ArgumentParser = subparsers.add_parser(
        "load",
        help="peak-trading load test with Locust, then reconcile",
        description="Drive a scenario's traffic through Locust at the pace of a load shape, sample the "
        "simulators every second, then settle and run the reconciliation. docs/load-testing.md.",
    )
    load.add_argument("scenario", help="a catalogue name or a path to a scenario YAML file")
    load.add_argument("--shape", choices=[*CURVES, "constant"], default="normal", help="load shape (default normal)")
    load.add_argument("--users", type=int, default=10, help="peak number of Locust users (default 10)")
    load.add_argument(
        "--spawn-rate", type=float, default=0.0, help="least users started per second (default: what the shape needs)"
    )
    load.add_argument("--run-time", type=duration, default=30.0, help="how long the shape lasts, e.g. 30s, 5m (default 30s)")
    load.add_argument("--integration", help="command that starts the integration under test (default: the reference integration)")
    load.add_argument("--seed", type=int, help="override the scenario's seed")
    load.add_argument("--scale", type=float, default=1.0, help="multiply the scenario's daily sales and web orders (default 1)")
    load.add_argument(
        "--workers", type=int, default=0, help="run a Locust master and N workers on this machine (default: one process)"
    )
    load.add_argument(
        "--remote-workers",
        action="store_true",
        help="with --workers N: start only the Locust master; run the N workers on other machines (writes worker-command.sh)",
    )
    load.add_argument(
        "--host",
        default="127.0.0.1",
        help="where the simulators, the integration and the Locust master listen (default 127.0.0.1)",
    )
    load.add_argument("--html", type=Path, help="HTML report (Locust's, with the harness's section on top)")
    load.add_argument(
        "--csv", dest="csv_prefix", help="CSV prefix: Locust's files plus PREFIX_timeline.csv and PREFIX_summary.json"
    )
    load.add_argument("--out", type=Path, help="directory for the artefacts (default .pos-harness/loads/...)")
    load.add_argument("--batch", type=int, default=10, help="events per admin call (default 10)")
    load.add_argument("--pace", type=float, default=2.0, help="admin calls per second per user (default 2)")
    load.add_argument(
        "--max-lag-p95", type=float, default=30.0, help="seconds; sale -> ERP record p95 above this fails (default 30)"
    )
    load.add_argument(
        "--max-429", type=int, help="most 429s the ERP and shop may answer (default: the scenario's objective, if any)"
    )
    load.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    load.set_defaults(func=cmd_load)
    return load


def cmd_load(args: argparse.Namespace) -> int:
    from .load import LoadOptions, run_load

    progress = None if args.quiet else (lambda message: print(f"... {message}", file=sys.stderr, flush=True))
    options = LoadOptions(
        scenario=args.scenario,
        shape=None if args.shape == "constant" else args.shape,
        users=args.users,
        spawn_rate=args.spawn_rate,
        run_time=args.run_time,
        integration=args.integration,
        seed=args.seed,
        scale=args.scale,
        workers=args.workers,
        remote_workers=args.remote_workers,
        host=args.host,
        html=args.html,
        csv_prefix=args.csv_prefix,
        out_dir=args.out,
        batch=args.batch,
        pace=args.pace,
        max_lag_p95=args.max_lag_p95,
        max_429=args.max_429,
        progress=progress,
    )
    try:
        result = run_load(options)
    except HarnessError as exc:
        print(f"pos-harness: could not run the load test: {exc}", file=sys.stderr)
        return 2
    print(render(result.summary()))
    return result.exit_code


def render(summary: dict[str, Any]) -> str:
    """The terminal verdict: thresholds, lag percentiles, reconciliation, where the files are."""
    lines = [f"pos-harness load {summary['scenario']}: {summary['description']}"]
    for threshold in summary["thresholds"]:
        mark = "ok    " if threshold["passed"] else "BROKEN"
        lines.append(f"  {mark} {threshold['name']}: {threshold['measured']} (limit {threshold['limit']})")
    for name, key in (("sale -> ERP record", "erp_lag"), ("sale -> web stock", "stock_lag")):
        lag = summary[key]
        figures = "  ".join(f"{q} {lag[q]:.3f}s" for q in ("p50", "p95", "p99", "max") if lag.get(q) is not None)
        lines.append(f"  lag {name}: {lag['count']} measured  {figures}")
    checks = summary["checks"]
    failed = [c["name"] for c in checks if not c["passed"]]
    verdict = "passed" if summary["reconciliation_passed"] else f"FAILED ({', '.join(failed) or 'did not settle'})"
    lines.append(f"  reconciliation: {verdict} ({len(checks)} checks)")
    for check in checks:
        for found in check.get("discrepancies", [])[:3]:
            expected, got = found["expected"], found["found"]
            lines.append(f"    - {check['name']} [{found['kind']}] {found['source_id']}: expected {expected}; found {got}")
    totals = summary["totals"]
    lines.append(
        "  totals: "
        + ", ".join(
            f"{k.replace('_', ' ')} {v}" for k, v in totals.items() if k.startswith(("published", "peak", "erp", "locust"))
        )
    )
    lines += [f"  note: {note}" for note in summary["notes"]]
    lines.append("PASS" if summary["passed"] else "FAIL")
    return "\n".join(lines)

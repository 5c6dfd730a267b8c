"""``pos-harness report RUN``: re-render a finished run's reports from its ``run.sqlite`` alone.

Also the one place that writes the optional report files of a run (``--json``,
``--junit``, ``--html``), so ``run`` and ``report`` write them identically.
Exit codes follow ``run``: 0 the stored run passed, 1 it failed, 2 the store is unreadable.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness.store import StoreError, load_run

from . import html, json_report, junit, terminal
from .inputs import RunLike
from .series import Series, compute


def write_reports(
    report: Mapping[str, Any],
    series: Series | None = None,
    *,
    json_path: str | Path | None = None,
    junit_path: str | Path | None = None,
    html_path: str | Path | None = None,
) -> None:
    if json_path:
        json_report.write(report, Path(json_path))
    if junit_path:
        junit.write(report, Path(junit_path))
    if html_path:
        html.write(report, Path(html_path), series)


def write_run_reports(
    result: RunLike,
    *,
    json_path: str | Path | None = None,
    junit_path: str | Path | None = None,
    html_path: str | Path | None = None,
) -> dict[str, Any]:
    """The report files of a live run (series from its evidence); returns the report dict."""
    report = json_report.to_dict(result)
    series = compute(result.evidence) if html_path and result.evidence is not None else None
    write_reports(report, series, json_path=json_path, junit_path=junit_path, html_path=html_path)
    return report


def cmd_report(args: argparse.Namespace) -> int:
    try:
        stored = load_run(Path(args.run))
    except StoreError as exc:
        print(f"pos-harness report: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(terminal.render(stored.report))
    write_reports(stored.report, stored.series, json_path=args.json, junit_path=args.junit, html_path=args.html)
    return int(stored.report["exit_code"])


def add_report_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report",
        help="re-render a finished run's reports from its run.sqlite",
        description="Print the terminal report of a finished run and write its JSON, JUnit or HTML report, "
        "from the run's SQLite file alone. Exit code: the run's (0 pass, 1 fail); 2 if the file is unreadable.",
    )
    parser.add_argument("run", help="the run's artefacts directory, or its run.sqlite")
    parser.add_argument("--json", help="write the JSON report here")
    parser.add_argument("--junit", help="write a JUnit XML report here")
    parser.add_argument("--html", help="write the self-contained HTML report here")
    parser.add_argument("--quiet", action="store_true", help="do not print the terminal report")
    parser.set_defaults(func=cmd_report)
    return parser

"""The ``pos-harness`` command: run scenarios, describe the catalogue, serve simulators.

Exit codes for ``run``: 0 the integration passed every check, 1 discrepancies were
found, 2 the harness itself could not run (the message says why).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path

from scenarios.catalogue import ScenarioError, list_scenarios, load_scenario
from scenarios.generator import generate, iter_run, write_jsonl

from .errors import HarnessError
from .load_command import add_load_command
from .report import terminal
from .report.command import add_report_command, write_run_reports
from .report.progress import TerminalProgress
from .run import RunOptions, run_scenario


def _cmd_run(args: argparse.Namespace) -> int:
    progress = None if args.quiet else TerminalProgress()
    options = RunOptions(
        scenario=args.scenario,
        seed=args.seed,
        integration=args.integration,
        attach=args.attach,
        base_port=args.base_port,
        out_dir=Path(args.out) if args.out else None,
        progress=progress,
        on_drive_progress=progress.counting("driving traffic") if progress else None,
    )
    try:
        result = run_scenario(options)
    except HarnessError as exc:
        print(f"pos-harness: could not run: {exc}", file=sys.stderr)
        return 2
    finally:
        if progress is not None:
            progress.close()
    report = write_run_reports(result, json_path=args.json, junit_path=args.junit, html_path=args.html)
    print(terminal.render(report))
    return result.exit_code


def _cmd_scenarios(args: argparse.Namespace) -> int:
    if args.action == "list":
        for name in list_scenarios():
            print(f"{name:26} {' '.join(load_scenario(name).description.split())[:100]}")
        return 0
    if not args.name:
        print("pos-harness scenarios show|generate: name a scenario", file=sys.stderr)
        return 2
    try:
        scenario = load_scenario(args.name)
    except ScenarioError as exc:
        print(f"pos-harness: {exc}", file=sys.stderr)
        return 2
    if args.action == "show":
        print(json.dumps(scenario.model_dump(mode="json"), indent=2))
        return 0
    stream = iter_run(scenario, args.seed)
    out = Path(args.out or f"{scenario.name}-{stream.seed}")
    out.mkdir(parents=True, exist_ok=True)
    events, lines = write_jsonl(stream, out / "traffic.jsonl", out / "truth.jsonl")
    (out / "world.json").write_text(json.dumps(stream.world.describe(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {events} events and {lines} truth lines to {out}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .contract import integration_environment, write_mappings
    from .simulator_set import PORT_OFFSETS, RUN_SIMULATORS, Credentials, SimulatorSet

    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"pos-harness: {exc}", file=sys.stderr)
        return 2
    names = RUN_SIMULATORS if args.which == "all" else (args.which,)
    if args.port is not None and len(names) > 1:
        print("pos-harness serve: --port takes one simulator; use --base-port for all", file=sys.stderr)
        return 2
    ports = (
        {names[0]: args.port}
        if args.port is not None
        else ({name: args.base_port + offset for name, offset in PORT_OFFSETS.items()} if args.base_port else None)
    )
    run = generate(scenario, args.seed)
    sims = SimulatorSet(args.host, ports, names).start()
    credentials = Credentials.for_seed(run.seed)
    try:
        sims.seed(run, credentials)
        print(f"simulators seeded with scenario {scenario.name} (seed {run.seed})")
        for name, client in sims.clients.items():
            print(f"  {name:<11} {client.url}   (admin: {client.url}/_sim/state, contract: {client.url}/_sim/openapi.json)")
        if set(names) >= {"newstore", "erp", "exceptions", "sitoo", "shop"}:
            mappings = write_mappings(run, Path(args.mappings_dir))
            print("\nenvironment for an integration (docs/integration-contract.md):")
            env = integration_environment(run, sims, credentials, args.integration_port, mappings, args.host)
            for key, value in env.items():
                print(f"  {key}={value}")
        else:
            for key, value in credentials.__dict__.items():
                print(f"  {key:<24} {value}")
        print("ready; Ctrl-C to stop", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sims.stop()
    return 0


def _cmd_selftest(args: argparse.Namespace) -> int:
    from . import selftest

    scenarios = set(args.scenario) if args.scenario else None
    return selftest.main(args.variant or None, scenarios, args.workers, args.quiet)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pos-harness", description="Simulators and a contract-test harness for POS -> iPaaS -> ERP retail integrations."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run a scenario against an integration and print the verdict")
    run.add_argument("scenario", help="a catalogue name (see `scenarios list`) or a path to a scenario YAML file")
    run.add_argument("--integration", help="command that starts the integration under test (default: the reference integration)")
    run.add_argument("--seed", type=int, help="override the scenario's seed")
    run.add_argument("--json", help="write the JSON report here")
    run.add_argument("--junit", help="write a JUnit XML report here")
    run.add_argument("--html", help="write the self-contained HTML report here")
    run.add_argument("--out", help="directory for the run's artefacts (default .pos-harness/runs/...)")
    run.add_argument("--attach", action="store_true", help="do not launch the integration: wait for one started by hand")
    run.add_argument("--base-port", type=int, help="fixed ports: simulators at P..P+2, integration at P+10")
    run.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    run.set_defaults(func=_cmd_run)

    scenarios = sub.add_parser("scenarios", help="describe the scenario catalogue, or generate a scenario's traffic")
    scenarios.add_argument("action", choices=["list", "show", "generate"])
    scenarios.add_argument("name", nargs="?")
    scenarios.add_argument("--seed", type=int)
    scenarios.add_argument("--out")
    scenarios.set_defaults(func=_cmd_scenarios)

    serve = sub.add_parser("serve", help="run the simulators on their own, seeded with a scenario's world")
    serve.add_argument("which", nargs="?", default="all", choices=["all", "newstore", "sitoo", "erp", "shop", "exceptions"])
    serve.add_argument("--port", type=int, help="port for a single simulator")
    serve.add_argument("--scenario", default="smoke")
    serve.add_argument("--integration-port", type=int, default=9000, help="INTEGRATION_PORT to print in the environment")
    serve.add_argument("--mappings-dir", default=".pos-harness/serve/mappings", help="where to write the mapping tables")
    serve.add_argument("--seed", type=int)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--base-port", type=int)
    serve.set_defaults(func=_cmd_serve)
    add_report_command(sub)
    add_load_command(sub)
    selftest = sub.add_parser(
        "selftest", help="run the bank of faulty integrations and print what the harness catches (variant x check)"
    )
    selftest.add_argument("--variant", action="append", help="only this variant (repeatable; the reference always runs)")
    selftest.add_argument("--scenario", action="append", help="only this scenario (repeatable)")
    selftest.add_argument("--workers", type=int, default=2, help="runs in parallel (default 2)")
    selftest.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    selftest.set_defaults(func=_cmd_selftest)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

"""One run, start to finish: scenario -> simulators -> integration -> settle -> checks.

``run_scenario`` is the single engine behind the CLI and the pytest plugin. It raises
:class:`HarnessError` when the run cannot happen (exit code 2) and otherwise returns a
:class:`RunResult` whose verdict is pass (0) or fail (1).
"""

from __future__ import annotations

import shlex
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scenarios.catalogue import ScenarioError, load_scenario
from scenarios.generator import GeneratedRun, generate, opening_time

from .checks import ALL_CHECKS, CheckResult
from .contract import integration_environment, write_mappings
from .driver import drive
from .errors import HarnessError
from .evidence import Evidence, collect
from .integration import DEFAULT_COMMAND, IntegrationProcess, free_port, wait_for_stream
from .settle import SettleOutcome, wait_until_settled
from .simulator_set import PORT_OFFSETS, Credentials, SimulatorSet
from .store import save_run

Progress = Callable[[str], None]
# Where the integration serves Sitoo's Events SPI (docs/integration-contract.md).
SITOO_EVENTS_PATH = "/sitoo/events"


@dataclass
class RunOptions:
    scenario: str
    seed: int | None = None
    integration: str | None = None  # a command line; None runs the reference integration
    attach: bool = False  # do not launch: wait for an integration started by hand
    base_port: int | None = None  # fixed ports (attach mode): simulators at P, P+1, P+2; integration at P+10
    out_dir: Path | None = None
    host: str = "127.0.0.1"
    attach_timeout: float = 300.0
    progress: Progress | None = None
    on_drive_progress: Callable[[int, int], None] | None = None


@dataclass
class RunResult:
    scenario: str
    seed: int
    integration: str
    checks: list[CheckResult]
    settle: SettleOutcome
    drive_seconds: float
    total_seconds: float
    artefacts_dir: Path
    traffic_events: int
    integration_exit_code: int | None = None
    notes: list[str] = field(default_factory=list)
    evidence: Evidence | None = None

    @property
    def passed(self) -> bool:
        return self.settle.settled and all(c.passed for c in self.checks)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    @property
    def replay_command(self) -> str:
        command = f"pos-harness run {shlex.quote(self.scenario)} --seed {self.seed}"
        if self.integration != "reference":
            command += f" --integration {shlex.quote(self.integration)}"
        return command


def _artefacts_dir(options: RunOptions, run: GeneratedRun) -> Path:
    if options.out_dir is not None:
        return options.out_dir
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return Path(".pos-harness") / "runs" / f"{run.scenario.name}-{run.seed}-{stamp}"


def _say(options: RunOptions, message: str) -> None:
    if options.progress is not None:
        options.progress(message)


def run_scenario(options: RunOptions) -> RunResult:
    began = time.monotonic()
    try:
        scenario = load_scenario(options.scenario)
    except ScenarioError as exc:
        raise HarnessError(str(exc)) from None
    run = generate(scenario, options.seed)
    out = _artefacts_dir(options, run)
    out.mkdir(parents=True, exist_ok=True)
    (out / "traffic.jsonl").write_text(run.traffic_jsonl(), encoding="utf-8")
    (out / "truth.jsonl").write_text(run.truth_jsonl(), encoding="utf-8")
    _say(
        options,
        f"scenario {scenario.name} seed {run.seed}: {len(run.truth.transactions)} transactions, {len(run.traffic)} events",
    )

    ports = {name: options.base_port + offset for name, offset in PORT_OFFSETS.items()} if options.base_port else None
    sims = SimulatorSet(options.host, ports)
    integration: IntegrationProcess | None = None
    try:
        sims.start()
        credentials = Credentials.for_seed(run.seed)
        sims.seed(run, credentials)
        port = options.base_port + 10 if options.base_port else free_port(options.host)
        env = integration_environment(run, sims, credentials, port, write_mappings(run, out / "mappings"), options.host)
        (out / "integration.env").write_text("".join(f"{k}={shlex.quote(v)}\n" for k, v in env.items()), encoding="utf-8")
        command = options.integration or DEFAULT_COMMAND
        if options.attach:
            _say(options, f"attach mode: start your integration with the environment in {out / 'integration.env'}")
            wait_for_stream(sims["newstore"], options.attach_timeout, lambda: None)
        else:
            _say(options, f"starting integration: {command}")
            integration = IntegrationProcess(command, env, out).start()
            integration.wait_ready(options.host, port, sims["newstore"], scenario.settle.registration_timeout_seconds)
        # Sitoo's Events SPI endpoint is configured on the account, not by the integration.
        sims["sitoo"].admin("POST", "subscription", json={"url": f"{env['INTEGRATION_PUBLIC_URL']}{SITOO_EVENTS_PATH}"})
        _say(options, "integration ready; driving traffic")
        opening, factor = opening_time(scenario.traffic), scenario.traffic.time_factor
        sims.clock.set(epoch=opening, factor=factor)

        def hold_clock_to_plan(at: float) -> None:
            sims.clock.set(epoch=opening + timedelta(seconds=at * factor))

        log = drive(run.traffic, sims.clients, options.on_drive_progress, hold_clock_to_plan)
        drive_seconds = log.seconds
        _say(options, f"traffic sent in {drive_seconds:.2f}s; waiting for the integration to settle")
        settle = wait_until_settled(sims.clients, scenario.settle.quiet_seconds, scenario.settle.deadline_seconds)
        evidence = collect(sims.clients, run.truth, log.publish_times, log.started_wall)
        checks = [check(evidence) for check in ALL_CHECKS.values()]
        notes = []
        if not settle.settled:
            notes.append(
                f"the integration did not settle within {scenario.settle.deadline_seconds:.0f}s; "
                f"last activity: {settle.last_activity}"
            )
        exit_code = integration.exit_code if integration else None
        if exit_code is not None:
            notes.append(f"the integration exited with code {exit_code} during the run")
        result = RunResult(
            scenario.name,
            run.seed,
            "reference" if options.integration is None else command,
            checks,
            settle,
            drive_seconds,
            time.monotonic() - began,
            out,
            len(run.traffic),
            exit_code,
            notes,
            evidence,
        )
        try:
            save_run(result, traffic=run.traffic)  # <artefacts>/run.sqlite: `pos-harness report` re-renders from it
        except (OSError, sqlite3.Error) as exc:
            result.notes.append(f"could not save the run's evidence to SQLite: {exc}")
        return result
    finally:
        if integration is not None:
            integration.stop()
        sims.stop()

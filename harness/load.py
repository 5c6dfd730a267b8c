"""``pos-harness load``: a peak-trading load test that also proves nothing was lost.

The same stack as ``pos-harness run`` (simulators seeded with the scenario's world, the
integration under test as a real process), but the traffic goes out through Locust
(``loadtests/locustfile.py``, its own processes: one, or a master and workers) at the
pace of a load shape instead of the scenario's clock. While it runs, the harness samples
the simulators' counters every second. Then:

1. whatever traffic Locust did not get to before ``--run-time`` is published at once by
   the harness (the *drain*), so the ground truth stays whole: the reconciliation covers
   every transaction, and the per-second figures say which part was under Locust's load;
2. the integration settles (``harness.settle``) and the reconciliation checks run
   (``harness.checks.ALL_CHECKS`` over ``harness.evidence.collect``);
3. the lags (sale -> ERP record, sale -> web stock) are measured from the publish log and
   the simulators' journals, and the thresholds are judged: exit 0 when all hold and the
   reconciliation passes, 1 when any is broken, 2 when the load test could not run.
"""

from __future__ import annotations

import json
import shlex
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loadtests import measure, report
from loadtests.config import LoadSettings, scaled
from loadtests.curves import CURVES
from loadtests.runner import LocustError, LocustPlan, locust_totals, locust_users, read_publish_log, run_locust
from loadtests.traffic import lane_sizes
from scenarios.catalogue import ScenarioError, load_scenario
from scenarios.generator import GeneratedRun, generate, opening_time

from .checks import ALL_CHECKS, CheckResult
from .contract import integration_environment, write_mappings
from .driver import drive
from .errors import HarnessError
from .evidence import Evidence, collect
from .integration import DEFAULT_COMMAND, IntegrationProcess, free_port
from .run import SITOO_EVENTS_PATH
from .settle import SettleOutcome, wait_until_settled
from .simulator_set import Credentials, SimClient, SimulatorSet

Progress = Callable[[str], None]
DEFAULT_MAX_LAG_P95 = 30.0
SAMPLED = ("newstore", "sitoo", "erp", "shop")


@dataclass
class LoadOptions:
    scenario: str
    shape: str | None = "normal"  # a loadtests.curves name; None: constant users (-u) for the run time
    users: int = 10  # the peak number of users
    spawn_rate: float = 0.0  # users started per second (0: as fast as the shape needs)
    run_time: float = 30.0  # seconds
    integration: str | None = None  # a command line; None runs the reference integration
    seed: int | None = None
    scale: float = 1.0  # multiply the scenario's daily sales and web orders (a bigger day for a longer load)
    workers: int = 0  # 0: one Locust process; N: a master and N workers on this machine
    remote_workers: bool = False  # start only the master; the N workers run elsewhere (docs/load-testing.md)
    html: Path | None = None
    csv_prefix: str | None = None
    out_dir: Path | None = None
    batch: int = 10  # events per admin call
    pace: float = 2.0  # admin calls per second per user
    max_lag_p95: float | None = DEFAULT_MAX_LAG_P95  # seconds, sale -> ERP record
    max_429: int | None = None  # None: the scenario's objective (max_429s), if any
    host: str = "127.0.0.1"
    progress: Progress | None = None


@dataclass(frozen=True)
class Threshold:
    name: str
    limit: str
    measured: str
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "limit": self.limit, "measured": self.measured, "passed": self.passed}


@dataclass
class LoadResult:
    scenario: str
    seed: int
    shape: str | None
    users: int
    integration: str
    timeline: list[dict[str, Any]]
    totals: dict[str, Any]
    erp_lag: dict[str, Any]
    stock_lag: dict[str, Any]
    checks: list[CheckResult]
    settle: SettleOutcome
    thresholds: list[Threshold]
    artefacts_dir: Path
    html: Path
    csv_prefix: str
    locust_exit_code: int
    notes: list[str] = field(default_factory=list)

    @property
    def reconciliation_passed(self) -> bool:
        return self.settle.settled and all(c.passed for c in self.checks)

    @property
    def passed(self) -> bool:
        return self.reconciliation_passed and all(t.passed for t in self.thresholds)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    def summary(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "shape": self.shape,
            "users": self.users,
            "integration": self.integration,
            "passed": self.passed,
            "description": f"shape {self.shape or 'constant'}, peak {self.users} users, seed {self.seed}, "
            f"integration {self.integration}",
            "reconciliation_passed": self.reconciliation_passed,
            "settled": self.settle.settled,
            "thresholds": [t.to_dict() for t in self.thresholds],
            "erp_lag": self.erp_lag,
            "stock_lag": self.stock_lag,
            "totals": self.totals,
            "checks": [
                {
                    "name": c.name,
                    "passed": c.passed,
                    "detail": ", ".join(f"{k} {v}" for k, v in c.counts.items()),
                    "discrepancies": [d.to_dict() for d in c.discrepancies[:5]],
                }
                for c in self.checks
            ],
            "notes": self.notes,
            "locust_exit_code": self.locust_exit_code,
        }


def _say(options: LoadOptions, message: str) -> None:
    if options.progress is not None:
        options.progress(message)


# -- the stack: simulators and the integration, as pos-harness run starts them ----------------
@contextmanager
def running_stack(
    options: LoadOptions, run: GeneratedRun, out: Path, clock_factor: float
) -> Iterator[tuple[SimulatorSet, IntegrationProcess]]:
    """Simulators seeded with ``run``'s world and the integration, ready for traffic, the
    business clock at the day's opening running ``clock_factor`` times the wall clock.

    The same steps as ``harness.run.run_scenario`` (which does not expose them yet)."""
    sims = SimulatorSet(options.host)
    integration: IntegrationProcess | None = None
    try:
        sims.start()
        credentials = Credentials.for_seed(run.seed)
        sims.seed(run, credentials)
        port = free_port(options.host)
        env = integration_environment(run, sims, credentials, port, write_mappings(run, out / "mappings"), options.host)
        (out / "integration.env").write_text("".join(f"{k}={shlex.quote(v)}\n" for k, v in env.items()), encoding="utf-8")
        command = options.integration or DEFAULT_COMMAND
        _say(options, f"starting integration: {command}")
        integration = IntegrationProcess(command, env, out).start()
        integration.wait_ready(options.host, port, sims["newstore"], run.scenario.settle.registration_timeout_seconds)
        sims["sitoo"].admin("POST", "subscription", json={"url": f"{env['INTEGRATION_PUBLIC_URL']}{SITOO_EVENTS_PATH}"})
        sims.clock.set(epoch=opening_time(run.scenario.traffic), factor=clock_factor)
        yield sims, integration
    finally:
        if integration is not None:
            integration.stop()
        sims.stop()


# -- sampling the simulators every second ------------------------------------------------------
class Sampler:
    """Polls every simulator's ``/_sim/activity`` once a second on its own thread and connections."""

    def __init__(self, sims: SimulatorSet, interval: float = 1.0) -> None:
        self.clients = {name: SimClient(name, sims[name].url) for name in SAMPLED if name in sims.clients}
        self.interval = interval
        self.phase = "load"
        self.samples: list[dict[str, Any]] = []
        self.errors = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="load-sampler", daemon=True)

    def start(self) -> Sampler:
        self._thread.start()
        return self

    def sample(self) -> None:
        at = time.time()
        try:
            activity = {name: client.admin("GET", "activity") for name, client in self.clients.items()}
        except Exception:  # a busy simulator may time out: skip one sample, never stop the run
            self.errors += 1
            return
        self.samples.append(measure.flatten_activity(at, self.phase, activity))

    def _loop(self) -> None:
        next_at = time.monotonic()
        while not self._stop.is_set():
            self.sample()
            next_at += self.interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=35)
        self.sample()


# -- the engine ------------------------------------------------------------------------------
def _artefacts_dir(options: LoadOptions, run: GeneratedRun) -> Path:
    if options.out_dir is not None:
        return options.out_dir
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return Path(".pos-harness") / "loads" / f"{run.scenario.name}-{run.seed}-{stamp}"


def _weights(traffic: list[dict[str, Any]]) -> dict[str, int]:
    """Users per lane in proportion to its events (out of 100; an empty lane still gets 1)."""
    sizes = lane_sizes(traffic)
    total = sum(sizes.values()) or 1
    return {lane: max(1, round(100 * size / total)) for lane, size in sizes.items()}


def business_clock_factor(traffic: list[dict[str, Any]], time_factor: float, run_time: float) -> float:
    """How fast business time runs during the load: the traffic's business span over the run time.

    ``pos-harness run`` plays the day at the scenario's ``time_factor``; a load test stretches
    (or squeezes) the same day over ``--run-time``, so the dates the simulators write (a
    Sitoo day close's business day above all) stay those of the day the traffic is about."""
    span = float(traffic[-1]["at"]) * time_factor if traffic else 0.0  # business seconds from opening to the last event
    return max(1.0, span / run_time) if span > 0 else time_factor


def _publish(
    options: LoadOptions,
    settings: LoadSettings,
    traffic: list[dict[str, Any]],
    sims: SimulatorSet,
    out: Path,
    csv_prefix: str,
    html: Path,
    sampler: Sampler,
) -> tuple[dict[int, float], set[int], int, int]:
    """Locust publishes what it can in the run time, the drain the rest. Returns every event's
    publish time (epoch seconds) by seq, the seqs the simulators refused, how many events the
    drain published, and Locust's exit code."""
    plan = LocustPlan(
        options.users, options.spawn_rate, options.run_time, csv_prefix, html, out,
        options.workers, options.remote_workers, options.host, options.progress,
    )  # fmt: skip
    try:
        code = run_locust(plan, settings)
    except LocustError as exc:
        raise HarnessError(str(exc)) from None
    if code not in (0, 1):  # 1: some requests failed (they were sent again, or refused: judged later)
        raise HarnessError(f"Locust exited with code {code}; see {out}/locust*.log")
    published, refused = read_publish_log(Path(settings.log or out / "published.csv"))
    remaining = [dict(e, at=0.0) for e in traffic if int(e["seq"]) not in published and int(e["seq"]) not in refused]
    sampler.phase = "drain"
    if remaining:
        _say(options, f"Locust published {len(published)} events; publishing the other {len(remaining)} now")
        published.update(drive(remaining, sims.clients).publish_times)
    return published, refused, len(remaining), code


def run_load(options: LoadOptions) -> LoadResult:
    if options.remote_workers and options.workers < 1:
        raise HarnessError("--remote-workers needs --workers N: how many workers the master waits for")
    if options.shape is not None and options.shape not in CURVES:
        raise HarnessError(f"unknown load shape {options.shape!r}; choose one of {', '.join(CURVES)}")
    try:
        scenario = scaled(load_scenario(options.scenario), options.scale)
    except (ScenarioError, ValueError) as exc:
        raise HarnessError(str(exc)) from None
    run = generate(scenario, options.seed)
    traffic: list[dict[str, Any]] = list(run.traffic)
    out = _artefacts_dir(options, run).resolve()
    out.mkdir(parents=True, exist_ok=True)
    csv_prefix = options.csv_prefix or str(out / "locust")
    html = options.html or out / "load.html"
    Path(csv_prefix).parent.mkdir(parents=True, exist_ok=True)
    html.parent.mkdir(parents=True, exist_ok=True)
    publish_log = out / "published.csv"
    publish_log.unlink(missing_ok=True)
    (out / "truth.jsonl").write_text(run.truth_jsonl(), encoding="utf-8")
    traffic_path = out / "traffic.jsonl"  # so local workers read it rather than generate it again
    traffic_path.write_text("".join(json.dumps(e, separators=(",", ":")) + "\n" for e in traffic), encoding="utf-8")
    _say(
        options, f"scenario {scenario.name} seed {run.seed}: {len(traffic)} events; shape {options.shape}, {options.users} users"
    )

    clock_factor = business_clock_factor(traffic, scenario.traffic.time_factor, options.run_time)
    with running_stack(options, run, out, clock_factor) as (sims, integration):
        settings = LoadSettings(
            scenario=options.scenario,
            seed=run.seed,
            scale=options.scale,
            simulators={name: client.url for name, client in sims.clients.items()},
            shape=options.shape,
            workers=max(1, options.workers),
            batch=options.batch,
            pace=options.pace,
            weights=_weights(traffic),
            traffic=str(traffic_path),
            log=str(publish_log),
        )
        sampler = Sampler(sims).start()
        try:
            started_wall = time.time()
            _say(options, f"integration ready; Locust running for up to {options.run_time:.0f}s")
            published, refused, drained, locust_code = _publish(options, settings, traffic, sims, out, csv_prefix, html, sampler)
            sampler.phase = "settle"
            _say(options, "waiting for the integration to settle")
            settle = wait_until_settled(sims.clients, scenario.settle.quiet_seconds, scenario.settle.deadline_seconds)
        finally:
            sampler.stop()
        evidence = collect(sims.clients, run.truth, published, started_wall)
        (out / "erp_journal.json").write_text(json.dumps(evidence.erp_journal, indent=1), encoding="utf-8")
        checks = [check(evidence) for check in ALL_CHECKS.values()]
        integration_exit = integration.exit_code

    return _result(
        options, run, evidence, checks, settle, sampler, published, refused, drained, started_wall,
        locust_code, integration_exit, out, csv_prefix, html,
    )  # fmt: skip


def _result(
    options: LoadOptions,
    run: GeneratedRun,
    evidence: Evidence,
    checks: list[CheckResult],
    settle: SettleOutcome,
    sampler: Sampler,
    published: dict[int, float],
    refused: set[int],
    drained: int,
    started_wall: float,
    locust_code: int,
    integration_exit: int | None,
    out: Path,
    csv_prefix: str,
    html: Path,
) -> LoadResult:
    """Measure the lags, build the timeline, judge the thresholds, write the artefacts."""
    truth = run.truth
    landed = measure.erp_landing_times(evidence.erp_journal)
    erp, missing = measure.erp_lags([*truth.transactions, *truth.journals], landed, published)
    stock = measure.stock_lags(truth.transactions, evidence.shop_inventory, published)
    users = {int(at - started_wall): count for at, count in locust_users(csv_prefix).items()}
    timeline = measure.timeline(sampler.samples, started_wall, published, erp, stock, users)
    erp_lag, stock_lag = measure.summary([x.lag for x in erp]), measure.summary([x.lag for x in stock])
    last = sampler.samples[-1] if sampler.samples else {}
    in_load = [row for row in timeline if row["phase"] == "load"]
    totals: dict[str, Any] = {
        "events": len(run.traffic),
        "published_by_locust": len(published) - drained,
        "published_after_run_time": drained,
        "refused_by_simulators": len(refused),
        "peak_events_per_s": max((row["pos_events"] for row in in_load), default=0),
        "peak_webhooks_per_s": max((row["webhooks_delivered"] for row in timeline), default=0),
        "peak_backlog": max((row["backlog"] for row in timeline), default=0),
        "webhooks_delivered": last.get("delivered", 0),
        "erp_writes": last.get("erp_writes", 0),
        "erp_429": last.get("erp_429", 0),
        "shop_429": last.get("shop_429", 0),
        "erp_records_missing": len(missing),
        "settle_seconds": round(settle.waited_seconds, 2),
        **locust_totals(csv_prefix),
    }
    thresholds = _thresholds(options, truth.objectives().max_429s, erp_lag, totals)
    notes = [] if settle.settled else [f"the integration did not settle: last activity {settle.last_activity}"]
    if integration_exit is not None:
        notes.append(f"the integration exited with code {integration_exit} during the load")
    if sampler.errors:
        notes.append(f"{sampler.errors} one-second samples were skipped (a simulator did not answer in time)")
    result = LoadResult(
        run.scenario.name, run.seed, options.shape, options.users,
        "reference" if options.integration is None else options.integration,
        timeline, totals, erp_lag, stock_lag, checks, settle, thresholds, out, html, csv_prefix, locust_code, notes,
    )  # fmt: skip
    report.write_timeline(timeline, Path(f"{csv_prefix}_timeline.csv"))
    Path(f"{csv_prefix}_summary.json").write_text(json.dumps(result.summary(), indent=1) + "\n", encoding="utf-8")
    report.write_html(html, report.html_section(timeline, result.summary()))
    return result


def _thresholds(
    options: LoadOptions, objective_429: int | None, erp_lag: dict[str, Any], totals: dict[str, Any]
) -> list[Threshold]:
    checks = []
    if options.max_lag_p95 is not None:
        p95 = erp_lag.get("p95")
        checks.append(
            Threshold(
                "sale -> ERP lag p95",
                f"<= {options.max_lag_p95:g} s",
                "no ERP records" if p95 is None else f"{p95:.3f} s",
                p95 is None or p95 <= options.max_lag_p95,
            )
        )
    checks.append(Threshold("lost ERP writes", "0", str(totals["erp_records_missing"]), totals["erp_records_missing"] == 0))
    checks.append(
        Threshold(
            "POS events the simulators refused", "0", str(totals["refused_by_simulators"]), totals["refused_by_simulators"] == 0
        )
    )
    budget = options.max_429 if options.max_429 is not None else objective_429
    if budget is not None:
        spent = int(totals["erp_429"]) + int(totals["shop_429"])
        checks.append(Threshold("429 budget (ERP + shop)", f"<= {budget}", str(spent), spent <= budget))
    return checks

"""Peak trading at the tills, the web shop, the fulfilment centre and the returns desk.

Each Locust user is someone who makes POS traffic: a bank of store tills ringing up sales,
web shoppers placing orders, a fulfilment centre completing line items (one webhook per
line: the storm that exhausts ERP rate limits), a returns desk, and the Sitoo tills with
their day close. Each publishes the next events of the scenario's generated traffic to
the simulators' admin surface (``POST <simulator>/_sim/<action>``), which turns them into
webhooks to the integration under test, exactly as ``pos-harness run`` does at its own pace.

Run it through ``pos-harness load`` (docs/load-testing.md), or by hand::

    POS_LOAD_SIMULATORS='{"newstore": "http://127.0.0.1:8001", ...}' POS_LOAD_SHAPE=black-friday \\
        locust -f loadtests/locustfile.py --headless -u 100 -t 60s --stop-timeout 10

Traffic is the deterministic generator's for ``POS_LOAD_SCENARIO`` and ``POS_LOAD_SEED``;
each worker takes its partition (``loadtests.traffic``). What was published, and when, goes
to the master (Locust messages), which appends it to ``POS_LOAD_LOG`` for the harness: the
lag from a sale to its ERP record is measured from there, and whatever the run did not get
to is published by the harness afterwards so that the reconciliation covers everything.
"""

# mypy: disallow-untyped-calls=False, disallow-untyped-decorators=False
# (Locust's event hooks and runner methods are untyped.)
from __future__ import annotations

import json
import os
import sys
import time
from typing import Any, ClassVar

import gevent
from locust import FastHttpUser, constant_throughput, events, task
from locust.env import Environment
from locust.runners import MasterRunner, Runner, WorkerRunner

from loadtests.config import LoadSettings, scaled
from loadtests.shapes import SHAPES, PeakTradingShape
from loadtests.traffic import FULFILMENT, RETURNS, SERIAL, STORE, WEB, Batch, Dispatcher, partition, request_body

SETTINGS = LoadSettings.from_env()
MAX_ATTEMPTS = 5  # a batch the simulator keeps refusing (5xx, 429, no answer) is dropped after this
FLUSH_SECONDS = 0.5


def _traffic(settings: LoadSettings) -> list[dict[str, Any]]:
    """The whole run's traffic: the harness's copy when this machine has it, else generated
    again from the scenario and seed (deterministic: every worker gets the same events)."""
    if settings.traffic and os.path.exists(settings.traffic):
        with open(settings.traffic, encoding="utf-8") as lines:
            return [json.loads(line) for line in lines if line.strip()]
    from scenarios.catalogue import load_scenario
    from scenarios.generator import generate

    return list(generate(scaled(load_scenario(settings.scenario), settings.scale), settings.seed).traffic)


class PublishLog:
    """Which events went out and when. The master (or the only process) appends them to the
    log file; a worker sends them to the master in small messages."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.pending: list[list[Any]] = []
        self.runner: Runner | None = None
        self.exhausted_workers: set[str] = set()
        self.exhausted = False

    def record(self, batch: Batch, sent: float, outcome: str = "") -> None:
        """``sent``: when the request left, not when it was answered. The simulator may deliver
        the webhooks, and the integration apply them, before its answer comes back; a later
        time would make those changes look earlier than their own events."""
        at = round(sent, 6)
        self.pending.extend([seq, at, outcome] for seq in batch.seqs)

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows:
            return
        if isinstance(self.runner, WorkerRunner):
            self.runner.send_message("pos_published", {"rows": rows})
        else:
            self.write(rows)

    def write(self, rows: list[list[Any]]) -> None:
        if self.path:
            with open(self.path, "a", encoding="utf-8") as log:
                log.writelines(f"{seq},{at},{outcome}\n" if outcome else f"{seq},{at}\n" for seq, at, outcome in rows)


LOG = PublishLog(SETTINGS.log)
# The master never publishes: it does not generate the traffic (that can take a while).
TRAFFIC: list[dict[str, Any]] = [] if "--master" in sys.argv else _traffic(SETTINGS)
DISPATCHER = Dispatcher([], batch_size=SETTINGS.batch)
HEADERS = {"X-Pos-Load-Worker": "0"}  # which partition sent a request (the worker index)


@events.init.add_listener
def _on_init(environment: Environment, runner: Runner, **_: Any) -> None:
    global DISPATCHER
    LOG.runner = runner
    if isinstance(runner, MasterRunner):
        runner.register_message("pos_published", lambda environment, msg, **_: LOG.write(msg.data["rows"]))
        runner.register_message("pos_exhausted", _on_worker_exhausted)
        return
    index = runner.worker_index % SETTINGS.workers if isinstance(runner, WorkerRunner) else 0
    HEADERS["X-Pos-Load-Worker"] = str(index)
    DISPATCHER = Dispatcher(partition(TRAFFIC, index, SETTINGS.workers), batch_size=SETTINGS.batch)
    gevent.spawn(_flusher)


def _on_worker_exhausted(environment: Environment, msg: Any, **_: Any) -> None:
    LOG.exhausted_workers.add(str(msg.node_id))
    if len(LOG.exhausted_workers) >= SETTINGS.workers:
        _all_published(environment)


def _all_published(environment: Environment) -> None:
    """Every event is out: end the run now rather than idle until --run-time."""
    if LOG.exhausted:
        return
    LOG.exhausted = True
    if environment.shape_class is None and environment.runner is not None:
        gevent.spawn_later(0.1, environment.runner.quit)  # a shape stops itself (PeakShape.stop_now)


def _flusher() -> None:
    while True:
        gevent.sleep(FLUSH_SECONDS)
        LOG.flush()


def _check_exhausted(environment: Environment) -> None:
    if not DISPATCHER.exhausted or LOG.exhausted:
        return
    LOG.flush()
    if isinstance(environment.runner, WorkerRunner):
        LOG.exhausted = True
        environment.runner.send_message("pos_exhausted", None)
    else:
        _all_published(environment)


@events.test_start.add_listener
def _on_test_start(environment: Environment, **_: Any) -> None:
    if not isinstance(environment.runner, MasterRunner):
        _check_exhausted(environment)  # a worker whose partition is empty is done from the start


@events.test_stop.add_listener
def _on_test_stop(environment: Environment, **_: Any) -> None:
    LOG.flush()


@events.quitting.add_listener
def _on_quitting(environment: Environment, **_: Any) -> None:
    LOG.flush()


class TrafficUser(FastHttpUser):
    """Someone at the POS: publishes their lane's next events, a batch per call."""

    abstract = True
    lane: ClassVar[str] = STORE
    host = SETTINGS.simulators.get("newstore", "http://127.0.0.1")
    wait_time = constant_throughput(SETTINGS.pace)

    def on_start(self) -> None:
        DISPATCHER.live_users[self.lane] += 1

    def on_stop(self) -> None:
        DISPATCHER.live_users[self.lane] -= 1

    @task
    def publish_next(self) -> None:
        batch = DISPATCHER.claim_any(self.lane)
        if batch is None:
            return
        url = f"{SETTINGS.url(batch.system)}/_sim/{batch.action}"
        name = f"{batch.system} {batch.action} [{batch.lane}]"
        sent = time.time()
        with self.client.post(url, json=request_body(batch.events), name=name, headers=HEADERS, catch_response=True) as response:
            status = response.status_code or 0
            if 200 <= status < 300:
                response.success()
                DISPATCHER.done(batch)
                LOG.record(batch, sent)
            elif (status in (0, 429) or status >= 500) and DISPATCHER.attempts(batch) < MAX_ATTEMPTS:
                response.failure(f"{status}: sent again later")
                DISPATCHER.give_back(batch)
            else:  # refused outright: the traffic is wrong, not the load; drop it and say so
                response.failure(f"{status}: {(response.text or '')[:200]}")
                DISPATCHER.done(batch)
                LOG.record(batch, sent, "rejected")
        _check_exhausted(self.environment)


class StoreTills(TrafficUser):
    """In-store sales across every store's tills (NewStore ``order.*`` with channel ``store``)."""

    lane = STORE
    weight = SETTINGS.weight(STORE)


class WebShoppers(TrafficUser):
    """Web orders: click and collect, payment failures and cancellations."""

    lane = WEB
    weight = SETTINGS.weight(WEB)


class FulfilmentCentre(TrafficUser):
    """Line items picked and completed: one ``fulfillment_request.*`` webhook per line."""

    lane = FULFILMENT
    weight = SETTINGS.weight(FULFILMENT)


class ReturnsDesk(TrafficUser):
    """Returns and refunds, each after the sale it returns (they share a family)."""

    lane = RETURNS
    weight = SETTINGS.weight(RETURNS)


class SitooTills(TrafficUser):
    """Sitoo tills, day closes and every other non-NewStore event: one ordered lane (Sitoo
    numbers orders in arrival order, and the generator predicts those numbers)."""

    lane = SERIAL
    weight = SETTINGS.weight(SERIAL)
    host = SETTINGS.simulators.get("sitoo", TrafficUser.host)


if SETTINGS.shape:
    _Shape: type[PeakTradingShape] = SHAPES[SETTINGS.shape]

    class PeakShape(_Shape):  # type: ignore[misc,valid-type]
        """The shape ``POS_LOAD_SHAPE`` names; it ends early once every event is published."""

        def stop_now(self) -> bool:
            return LOG.exhausted

    del _Shape  # Locust runs the first shape class it finds in this module: it must be PeakShape

"""Play a generated run into the real simulators, in process, with no integration attached.

The simulators are the source of truth for what a payload may look like and how Sitoo
numbers orders and sums Z-reports; replaying the traffic through their ``/_sim/`` admin
surface (seeded exactly as the harness seeds them) proves the generator's traffic is
accepted and its predictions (Sitoo order ids, Z-report totals) hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask.testing import FlaskClient

from harness.simulator_set import Credentials, seeds
from scenarios.generator import GeneratedRun
from simulators.common.app import handle
from simulators.common.clock import SimClock
from simulators.registry import create

SYSTEMS = ("newstore", "sitoo", "erp", "shop")


@dataclass
class Replay:
    clients: dict[str, FlaskClient]
    sitoo_orderids: list[int] = field(default_factory=list)
    shop_statuses: list[int] = field(default_factory=list)
    answers: list[tuple[int, str, str, int]] = field(default_factory=list)  # (seq, system, action, status)

    def state(self, system: str) -> dict[str, Any]:
        body = self.clients[system].get("/_sim/state").json
        assert isinstance(body, dict)
        return body


@contextmanager
def replayed(run: GeneratedRun) -> Iterator[Replay]:
    clock = SimClock()
    apps = {name: create(name, clock) for name in SYSTEMS}
    try:
        clients = {name: app.test_client() for name, app in apps.items()}
        for name, world in seeds(run, Credentials.for_seed(run.seed)).items():
            answer = clients[name].post("/_sim/seed", json=world)
            assert answer.status_code == 200, (name, answer.json)
        replay = Replay(clients)
        for event in run.traffic:
            system, action, body = event["system"], event["action"], event["body"]
            payload: Any = (
                {"events": [body]} if action == "publish" else [body] if action == "orders" and system == "sitoo" else body
            )
            answer = clients[system].post(f"/_sim/{action}", json=payload)
            replay.answers.append((event["seq"], system, action, answer.status_code))
            if system == "sitoo" and action == "orders":
                assert answer.status_code == 200, answer.json
                replay.sitoo_orderids += answer.json["orderids"]
            elif system == "shop":
                replay.shop_statuses.append(answer.status_code)
            else:
                assert answer.status_code < 300, (event, answer.json)
        yield replay
    finally:
        for app in apps.values():
            close = getattr(handle(app).state, "close", None)
            if close is not None:
                close()

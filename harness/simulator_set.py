"""Start the simulators a run needs, seed them with the scenario's world, and stop them.

The simulators run in this process on real loopback sockets (each its own threaded
HTTP server); the harness talks to them only over HTTP, through their ``/_sim/`` admin
surface, exactly as it would if they ran elsewhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import requests

from scenarios.generator import GeneratedRun
from simulators.common.app import handle
from simulators.common.clock import SimClock
from simulators.common.serving import ServerThread
from simulators.registry import create

# Each simulator's offset from --base-port, kept stable for users of attach mode.
PORT_OFFSETS = {"newstore": 0, "erp": 1, "exceptions": 2, "sitoo": 3, "shop": 4}
RUN_SIMULATORS = tuple(PORT_OFFSETS)


@dataclass(frozen=True)
class Credentials:
    newstore_client_id: str
    newstore_client_secret: str
    erp_client_id: str
    erp_client_secret: str
    sitoo_account_id: int
    sitoo_api_id: str
    sitoo_api_password: str
    shop_access_token: str

    @classmethod
    def for_seed(cls, seed: int) -> Credentials:
        digest = hashlib.sha256(f"pos-harness:{seed}".encode()).hexdigest()
        return cls(
            "pos-harness-newstore",
            f"ns-{digest[:24]}",
            "pos-harness-erp",
            f"erp-{digest[24:48]}",
            10020,
            "10020-140",
            f"sitoo-{digest[48:64]}",
            f"shpat_{digest[:32]}",
        )


class SimClient:
    """The harness's view of one simulator: its base URL and its admin surface."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url
        self.session = requests.Session()

    def admin(self, method: str, path: str, accept: frozenset[int] = frozenset(), **kwargs: Any) -> Any:
        """Call ``/_sim/<path>``; an error status raises unless it is one of ``accept``."""
        response = self.session.request(method, f"{self.url}/_sim/{path}", timeout=30, **kwargs)
        if response.status_code not in accept:
            response.raise_for_status()
        return response.json()


class SimulatorSet:
    def __init__(
        self, host: str = "127.0.0.1", ports: dict[str, int] | None = None, names: tuple[str, ...] = RUN_SIMULATORS
    ) -> None:
        self.host = host
        self.names = names
        self.ports = ports or {}
        self.servers: dict[str, ServerThread] = {}
        # One business clock for every simulator in the run (see simulators/common/clock.py).
        self.clock = SimClock()
        self.clients: dict[str, SimClient] = {}

    def start(self) -> SimulatorSet:
        for name in self.names:
            server = ServerThread(create(name, self.clock), self.host, self.ports.get(name, 0), name=name).start()
            self.servers[name] = server
            self.clients[name] = SimClient(name, server.url)
        return self

    def seed(self, run: GeneratedRun, credentials: Credentials) -> None:
        for name, world in seeds(run, credentials).items():
            if name in self.clients:
                self.clients[name].admin("POST", "seed", json=world)

    def __getitem__(self, name: str) -> SimClient:
        return self.clients[name]

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
            close = getattr(handle(server.app).state, "close", None)  # type: ignore[arg-type]
            if close is not None:
                close()
        self.servers.clear()


def seeds(run: GeneratedRun, credentials: Credentials) -> dict[str, dict[str, Any]]:
    """What each simulator is seeded with: the scenario's world, its simulator settings and the run's credentials."""
    world, scenario = run.world, run.scenario
    shop = world.shop_seed()
    return {
        "newstore": {
            "config": {"tenant": world.tenant, **scenario.newstore.model_dump(mode="json"), "seed": run.seed},
            "clients": {credentials.newstore_client_id: credentials.newstore_client_secret},
            **world.newstore_seed(),
        },
        "erp": {
            "config": scenario.erp.model_dump(mode="json"),
            "clients": {credentials.erp_client_id: credentials.erp_client_secret},
            "master": world.erp_master(),
            "on_hand": world.erp_on_hand(),
        },
        "sitoo": {
            "config": {"account_id": credentials.sitoo_account_id},
            "credentials": [{"api_id": credentials.sitoo_api_id, "password": credentials.sitoo_api_password}],
            **world.sitoo_seed(),
        },
        "shop": {
            **shop,
            "config": {**shop.get("config", {}), **scenario.shop.model_dump(mode="json")},
            "access_tokens": [credentials.shop_access_token],
        },
    }

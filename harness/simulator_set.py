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
from simulators.common.serving import ServerThread
from simulators.registry import create

RUN_SIMULATORS = ("newstore", "erp", "exceptions")


@dataclass(frozen=True)
class Credentials:
    newstore_client_id: str
    newstore_client_secret: str
    erp_client_id: str
    erp_client_secret: str

    @classmethod
    def for_seed(cls, seed: int) -> Credentials:
        digest = hashlib.sha256(f"pos-harness:{seed}".encode()).hexdigest()
        return cls("pos-harness-newstore", f"ns-{digest[:24]}", "pos-harness-erp", f"erp-{digest[24:48]}")


class SimClient:
    """The harness's view of one simulator: its base URL and its admin surface."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url
        self.session = requests.Session()

    def admin(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(method, f"{self.url}/_sim/{path}", timeout=30, **kwargs)
        response.raise_for_status()
        return response.json()


class SimulatorSet:
    def __init__(self, host: str = "127.0.0.1", ports: dict[str, int] | None = None) -> None:
        self.host = host
        self.ports = ports or {}
        self.servers: dict[str, ServerThread] = {}
        self.clients: dict[str, SimClient] = {}

    def start(self) -> SimulatorSet:
        for name in RUN_SIMULATORS:
            server = ServerThread(create(name), self.host, self.ports.get(name, 0), name=name).start()
            self.servers[name] = server
            self.clients[name] = SimClient(name, server.url)
        return self

    def seed(self, run: GeneratedRun, credentials: Credentials) -> None:
        world, erp = run.world, run.scenario.erp
        self.clients["newstore"].admin(
            "POST",
            "seed",
            json={
                "config": {"tenant": world.tenant},
                "clients": {credentials.newstore_client_id: credentials.newstore_client_secret},
            },
        )
        self.clients["erp"].admin(
            "POST",
            "seed",
            json={
                "config": {
                    "concurrency_limit": erp.concurrency_limit,
                    "concurrency_status": erp.concurrency_status,
                    "retry_after_seconds": erp.retry_after_seconds,
                    "latency_ms": erp.latency_ms,
                },
                "clients": {credentials.erp_client_id: credentials.erp_client_secret},
                "master": world.erp_master(),
            },
        )

    def __getitem__(self, name: str) -> SimClient:
        return self.clients[name]

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
            close = getattr(handle(server.app).state, "close", None)  # type: ignore[arg-type]
            if close is not None:
                close()
        self.servers.clear()

"""What a load-test process is told, through environment variables.

Locust runs the locustfile in its own processes (a master, workers, possibly on other
machines), so the harness cannot pass it objects: it sets these variables, and
:meth:`LoadSettings.from_env` reads them back. The names are documented in
docs/load-testing.md for anyone starting workers by hand.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from .traffic import LANES

SCENARIO = "POS_LOAD_SCENARIO"  # catalogue name or YAML path
SEED = "POS_LOAD_SEED"  # the run's seed (the scenario's own when unset)
SCALE = "POS_LOAD_SCALE"  # multiply the scenario's daily sales and web orders (default 1)
SIMULATORS = "POS_LOAD_SIMULATORS"  # JSON {"newstore": "http://127.0.0.1:P", "sitoo": ..., ...}
SHAPE = "POS_LOAD_SHAPE"  # normal | black-friday | flash-sale; unset: plain -u/-r/-t
WORKERS = "POS_LOAD_WORKERS"  # how many workers share the traffic (1: not distributed)
BATCH = "POS_LOAD_BATCH"  # events per admin call (NewStore publish, Sitoo orders)
PACE = "POS_LOAD_PACE"  # admin calls per second per user
WEIGHTS = "POS_LOAD_WEIGHTS"  # JSON {"store": 60, "web": 20, ...}: users per lane
TRAFFIC = "POS_LOAD_TRAFFIC"  # the traffic as JSONL, if already generated (else each worker generates it)
LOG = "POS_LOAD_LOG"  # where the master (or the only process) appends "seq,epoch_seconds[,rejected]" lines


@dataclass(frozen=True)
class LoadSettings:
    scenario: str = "smoke"
    seed: int | None = None
    scale: float = 1.0
    simulators: dict[str, str] = field(default_factory=dict)
    shape: str | None = None
    workers: int = 1
    batch: int = 10
    pace: float = 2.0
    weights: dict[str, int] = field(default_factory=dict)
    traffic: str | None = None
    log: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LoadSettings:
        env = os.environ if env is None else env
        weights = {str(k): int(v) for k, v in json.loads(env.get(WEIGHTS) or "{}").items()}
        return cls(
            scenario=env.get(SCENARIO, "smoke"),
            seed=int(env[SEED]) if env.get(SEED) else None,
            scale=float(env.get(SCALE) or 1.0),
            simulators={str(k): str(v).rstrip("/") for k, v in json.loads(env.get(SIMULATORS) or "{}").items()},
            shape=env.get(SHAPE) or None,
            workers=max(1, int(env.get(WORKERS) or 1)),
            batch=max(1, int(env.get(BATCH) or 10)),
            pace=float(env.get(PACE) or 2.0),
            weights=weights,
            traffic=env.get(TRAFFIC) or None,
            log=env.get(LOG) or None,
        )

    def to_env(self) -> dict[str, str]:
        env = {
            SCENARIO: self.scenario,
            SCALE: str(self.scale),
            SIMULATORS: json.dumps(self.simulators),
            WORKERS: str(self.workers),
            BATCH: str(self.batch),
            PACE: str(self.pace),
            WEIGHTS: json.dumps(self.weights),
        }
        if self.seed is not None:
            env[SEED] = str(self.seed)
        if self.shape:
            env[SHAPE] = self.shape
        if self.traffic:
            env[TRAFFIC] = self.traffic
        if self.log:
            env[LOG] = self.log
        return env

    def weight(self, lane: str) -> int:
        """Locust's class weight for ``lane`` (at least 1, so every lane gets a user when there are enough)."""
        if lane not in LANES:
            raise ValueError(f"unknown lane {lane!r}")
        return max(1, self.weights.get(lane, 1))

    def url(self, system: str) -> str:
        try:
            return self.simulators[system]
        except KeyError:
            raise RuntimeError(f"{SIMULATORS} gives no URL for the {system!r} simulator") from None


SCALED_FIELDS = ("sales", "web_orders")  # the scenario's daily counts that --scale multiplies
ScenarioT = TypeVar("ScenarioT")


def scaled(scenario: ScenarioT, factor: float) -> ScenarioT:
    """A copy of ``scenario`` (a ``scenarios.model.Scenario``) with its daily sales and web
    orders multiplied by ``factor``: the same shop on a busier day."""
    if factor <= 0:
        raise ValueError("--scale must be positive")
    if factor == 1:
        return scenario
    copy = scenario.model_copy(deep=True)  # type: ignore[attr-defined]
    for name in SCALED_FIELDS:
        if hasattr(copy.traffic, name):
            setattr(copy.traffic, name, round(getattr(copy.traffic, name) * factor))
    return copy  # type: ignore[no-any-return]

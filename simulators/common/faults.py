"""Transport faults on cue: latency, error statuses, dropped connections, hangs, outages.

Real vendor APIs sit behind load balancers and gateways that stall, answer 502/503/504,
reset connections and hang until the client gives up. An integration must survive all of
that, so every simulator can be told, by a scenario or live through ``/_sim/faults``, to
misbehave on matching requests (the same idea as WireMock's fault responses or toxiproxy).

A :class:`FaultRule` says which requests, what fault, how often (``rate``), when (a window
after the rule was added) and how many times (``max_hits``). The :class:`FaultInjector`
owns the rules and a seeded ``random.Random``: same rules, seed and request sequence, same
fault pattern. Windows run on the wall-monotonic clock, not the simulated business clock:
faults are transport, and an integration's timeouts and backoff run in real seconds
whatever the scenario's business day does (a frozen business clock must not make an
outage last forever). :mod:`.fault_middleware` applies the decisions to requests.
"""

from __future__ import annotations

import fnmatch
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

FaultKind = Literal["latency", "status", "reset", "timeout", "outage"]
COMMON_FIELDS = frozenset({"id", "path", "method", "kind", "rate", "start_after_s", "duration_s", "max_hits"})
_DELAY, _ANSWER = frozenset({"delay_ms", "jitter_ms"}), frozenset({"status", "body", "headers", "delay_ms", "jitter_ms"})
KIND_FIELDS = {"latency": _DELAY, "status": _ANSWER, "outage": _ANSWER, "reset": _DELAY, "timeout": frozenset({"hang_ms"})}
MAX_WAIT_MS = 600_000


class FaultRule(BaseModel):
    """One fault and the requests it applies to. ``id`` is assigned when the rule is added.

    ``path`` is a glob over the whole path (``*`` crosses ``/``: ``/services/rest/record/*``),
    or, when it starts with ``^``, a regular expression matched from the start of the path.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: int | None = None
    path: str = Field(min_length=1, examples=["/services/rest/record/*"])
    method: str | None = None
    kind: FaultKind
    delay_ms: int = Field(0, ge=0, le=MAX_WAIT_MS)
    jitter_ms: int = Field(0, ge=0, le=MAX_WAIT_MS)
    status: int | None = Field(None, ge=400, le=599)
    body: str | dict[str, Any] | list[Any] | None = None
    headers: dict[str, str | int] = Field(default_factory=dict)
    hang_ms: int = Field(60_000, ge=1, le=MAX_WAIT_MS)
    rate: float = Field(1.0, ge=0, le=1)
    start_after_s: float = Field(0, ge=0)
    duration_s: float | None = Field(None, gt=0)
    max_hits: int | None = Field(None, ge=1)
    _pattern: re.Pattern[str] = PrivateAttr()

    @field_validator("path")
    @classmethod
    def _path_compiles(cls, value: str) -> str:
        if value.startswith("^"):
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"bad regular expression: {exc}") from exc
        return value

    @field_validator("method")
    @classmethod
    def _method_upper(cls, value: str | None) -> str | None:
        if value is not None and not value.isalpha():
            raise ValueError("a method is a word such as GET or POST")
        return value.upper() if value is not None else None

    @model_validator(mode="after")
    def _fits_its_kind(self) -> FaultRule:
        stray = self.model_fields_set - COMMON_FIELDS - KIND_FIELDS[self.kind]
        if stray:
            raise ValueError(f"a {self.kind} rule does not take {', '.join(sorted(stray))}")
        if self.kind == "status" and self.status is None:
            raise ValueError("a status rule needs a status (e.g. 503)")
        if self.kind == "latency" and self.delay_ms == 0 and self.jitter_ms == 0:
            raise ValueError("a latency rule needs delay_ms or jitter_ms")
        if self.kind == "outage" and (self.duration_s is None or self.rate != 1):
            raise ValueError("an outage needs duration_s and answers every match (use a status rule for a rate)")
        return self

    def model_post_init(self, context: Any) -> None:
        source = self.path if self.path.startswith("^") else fnmatch.translate(self.path)
        self._pattern = re.compile(source)

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method.upper()) and self._pattern.match(path) is not None


class FaultPlan(BaseModel):
    """What ``POST /_sim/faults`` (and a world's ``faults`` key) carries: a seed and rules."""

    model_config = ConfigDict(extra="forbid")
    seed: int | None = None
    rules: list[FaultRule] = Field(default_factory=list)

    @classmethod
    def parse(cls, body: Any) -> FaultPlan:
        """Accept one rule, a list of rules, or ``{"seed": n, "rules": [...]}``."""
        if isinstance(body, list):
            return cls.model_validate({"rules": body})
        if isinstance(body, dict) and ("rules" in body or "seed" in body):
            return cls.model_validate(body)
        return cls.model_validate({"rules": [body]})


@dataclass(frozen=True)
class Fault:
    """A decision for one request: which rule fired and what to do."""

    rule: FaultRule
    delay_s: float

    @property
    def rule_id(self) -> int:
        return self.rule.id or 0

    @property
    def status(self) -> int:
        return self.rule.status or 503

    def note(self) -> str:
        """The journal note, e.g. ``fault: status 503 (rule 2)``."""
        kind = self.rule.kind
        what = {
            "latency": f"latency {self.delay_s * 1000:.0f} ms",
            "status": f"status {self.status}",
            "outage": f"outage {self.status}",
            "reset": "reset, connection dropped",
            "timeout": f"timeout, hung {self.rule.hang_ms} ms then dropped",
        }[kind]
        if self.delay_s and kind != "latency":
            what += f" after {self.delay_s * 1000:.0f} ms"
        return f"fault: {what} (rule {self.rule_id})"


@dataclass
class _Installed:
    rule: FaultRule
    added_at: float
    matched: int = 0
    hits: int = 0

    def phase(self, now: float) -> str:
        opens = self.added_at + self.rule.start_after_s
        if now < opens:
            return "waiting"
        if self.rule.duration_s is not None and now >= opens + self.rule.duration_s:
            return "expired"
        if self.rule.max_hits is not None and self.hits >= self.rule.max_hits:
            return "exhausted"
        return "active"


class FaultInjector:
    """The rules of one simulator (or several), their hit counts and the seeded RNG."""

    def __init__(self, seed: int = 0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._monotonic = monotonic
        self._seed = seed
        self._rng = random.Random(seed)
        self._rules: list[_Installed] = []
        self._next_id = 1
        self._release = threading.Event()

    @property
    def seed(self) -> int:
        with self._lock:
            return self._seed

    def reseed(self, seed: int) -> None:
        with self._lock:
            self._seed = seed
            self._rng = random.Random(seed)

    def add(self, rule: FaultRule) -> FaultRule:
        with self._lock:
            installed = rule.model_copy(update={"id": self._next_id})
            self._next_id += 1
            self._rules.append(_Installed(installed, self._monotonic()))
            return installed

    def apply(self, plan: FaultPlan) -> list[FaultRule]:
        if plan.seed is not None:
            self.reseed(plan.seed)
        return [self.add(rule) for rule in plan.rules]

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            kept = [r for r in self._rules if r.rule.id != rule_id]
            removed, self._rules = len(kept) != len(self._rules), kept
        return removed

    def clear(self) -> int:
        """Drop every rule and wake requests still hanging or delayed by one."""
        with self._lock:
            count, self._rules = len(self._rules), []
            self._release.set()
            self._release = threading.Event()
        return count

    def reset(self) -> None:
        """As new: no rules, ids from 1, the RNG restarted from the current seed."""
        self.clear()
        with self._lock:
            self._next_id = 1
            self._rng = random.Random(self._seed)

    def describe(self) -> list[dict[str, Any]]:
        now = self._monotonic()
        with self._lock:
            return [
                {**r.rule.model_dump(exclude_defaults=True), "matched": r.matched, "hits": r.hits, "phase": r.phase(now)}
                for r in self._rules
            ]

    def decide(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any: the first active matching rule that fires."""
        now = self._monotonic()
        with self._lock:
            for installed in self._rules:
                rule = installed.rule
                if not rule.matches(method, path) or installed.phase(now) != "active":
                    continue
                installed.matched += 1
                if rule.rate < 1 and self._rng.random() >= rule.rate:
                    continue
                installed.hits += 1
                jitter_ms = self._rng.uniform(0, rule.jitter_ms) if rule.jitter_ms else 0.0
                return Fault(rule, (rule.delay_ms + jitter_ms) / 1000)
        return None

    def wait(self, seconds: float) -> bool:
        """Sleep for a fault; True if :meth:`clear` or :meth:`reset` cut it short."""
        with self._lock:
            release = self._release
        return release.wait(seconds)

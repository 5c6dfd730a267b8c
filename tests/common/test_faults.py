"""Fault rules: matching, probability, windows, max_hits and validation (no network, no sleeps)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from pydantic import ValidationError

from simulators.common.faults import Fault, FaultInjector, FaultPlan, FaultRule


class FakeMonotonic:
    def __init__(self) -> None:
        self.t = 500.0

    def __call__(self) -> float:
        return self.t


def rule(**fields: Any) -> FaultRule:
    """A rule on every path; a ``status 503`` rule unless told otherwise."""
    base: dict[str, Any] = {"path": "*", "kind": "status"}
    if fields.get("kind", "status") == "status":
        base["status"] = 503
    return FaultRule.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("/services/rest/record/*", "/services/rest/record/v1/salesOrder/eid:X", True),
        ("/services/rest/record/*", "/services/rest/auth/oauth2/v1/token", False),
        ("/things", "/things", True),
        ("/things", "/things/1", False),
        ("/orders/?", "/orders/7", True),
        ("*", "/anything/at/all", True),
        (r"^/v\d+/", "/v2/orders", True),
        (r"^/v\d+/", "/api/v2/orders", False),
        (r"^/v\d+/orders$", "/v2/orders/1", False),
    ],
)
def test_path_is_a_glob_or_an_anchored_regex(pattern: str, path: str, expected: bool) -> None:
    assert rule(path=pattern).matches("GET", path) is expected


def test_method_filter_is_case_insensitive() -> None:
    post_only = rule(method="post")
    assert post_only.method == "POST"
    assert post_only.matches("POST", "/x") and post_only.matches("post", "/x")
    assert not post_only.matches("GET", "/x")
    assert rule().matches("DELETE", "/x"), "no method means every method"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "status", "status": None}, "needs a status"),
        ({"kind": "latency", "status": 503}, "does not take status"),
        ({"kind": "latency"}, "needs delay_ms"),
        ({"kind": "timeout", "delay_ms": 5}, "does not take delay_ms"),
        ({"kind": "outage"}, "needs duration_s"),
        ({"kind": "outage", "duration_s": 5, "rate": 0.5}, "answers every match"),
        ({"kind": "teapot"}, "Input should be"),
        ({"status": 302}, "greater than or equal to 400"),
        ({"rate": 1.5}, "less than or equal to 1"),
        ({"path": "^/v(unclosed"}, "bad regular expression"),
        ({"path": ""}, "at least 1 character"),
        ({"method": "GET /x"}, "method is a word"),
        ({"colour": "red"}, "Extra inputs"),
    ],
)
def test_invalid_rules_are_refused_with_a_reason(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        rule(**fields)


def test_plan_accepts_one_rule_a_list_or_seed_and_rules() -> None:
    one = {"path": "/a", "kind": "reset"}
    assert [r.path for r in FaultPlan.parse(one).rules] == ["/a"]
    assert len(FaultPlan.parse([one, one]).rules) == 2
    plan = FaultPlan.parse({"seed": 7, "rules": [one]})
    assert plan.seed == 7 and plan.rules[0].kind == "reset"
    with pytest.raises(ValidationError):
        FaultPlan.parse(None)


def test_ids_are_assigned_in_order_and_reset_restarts_them() -> None:
    faults = FaultInjector()
    added = [faults.add(rule(id=99)), faults.add(rule())]
    assert [r.id for r in added] == [1, 2], "any id sent is replaced"
    assert faults.remove(1) and not faults.remove(1)
    assert [r["id"] for r in faults.describe()] == [2]
    assert faults.add(rule()).id == 3, "ids are not reused until reset"
    faults.reset()
    assert faults.describe() == [] and faults.add(rule()).id == 1


def test_first_active_matching_rule_decides() -> None:
    faults = FaultInjector()
    faults.add(rule(path="/orders/*", status=429))
    faults.add(rule(path="*", status=502))
    assert _status(faults.decide("GET", "/orders/1")) == 429
    assert _status(faults.decide("GET", "/stock")) == 502
    faults.clear()
    assert faults.decide("GET", "/orders/1") is None


def _status(fault: Fault | None) -> int | None:
    return fault.status if fault is not None else None


def _pattern(seed: int, requests: int = 400, rate: float = 0.3) -> list[bool]:
    faults = FaultInjector(seed=seed)
    faults.add(rule(rate=rate))
    return [faults.decide("POST", "/x") is not None for _ in range(requests)]


def test_rate_is_a_seeded_probability() -> None:
    first = _pattern(seed=42)
    assert first == _pattern(seed=42), "same seed, same requests, same pattern"
    assert first != _pattern(seed=43)
    assert 80 <= sum(first) <= 160, "about 30% of 400"
    assert not any(_pattern(seed=1, rate=0.0)) and all(_pattern(seed=1, rate=1.0))


def test_reset_restarts_the_random_sequence_from_the_seed() -> None:
    faults = FaultInjector(seed=5)
    faults.add(rule(rate=0.5))
    first = [faults.decide("GET", "/") is not None for _ in range(50)]
    faults.reset()
    faults.add(rule(rate=0.5))
    assert [faults.decide("GET", "/") is not None for _ in range(50)] == first
    faults.reseed(6)
    faults.reset()
    faults.add(rule(rate=0.5))
    assert [faults.decide("GET", "/") is not None for _ in range(50)] != first


def test_window_opens_after_start_and_closes_after_duration() -> None:
    tick = FakeMonotonic()
    faults = FaultInjector(monotonic=tick)
    faults.add(rule(start_after_s=10, duration_s=5))
    assert faults.decide("GET", "/") is None and faults.describe()[0]["phase"] == "waiting"
    tick.t += 10
    assert faults.decide("GET", "/") is not None and faults.describe()[0]["phase"] == "active"
    tick.t += 4.999
    assert faults.decide("GET", "/") is not None
    tick.t += 0.001
    assert faults.decide("GET", "/") is None and faults.describe()[0]["phase"] == "expired"


def test_window_is_relative_to_when_each_rule_was_added() -> None:
    tick = FakeMonotonic()
    faults = FaultInjector(monotonic=tick)
    tick.t += 100
    faults.add(rule(duration_s=1))
    assert faults.decide("GET", "/") is not None


def test_max_hits_counts_only_fired_faults() -> None:
    faults = FaultInjector(seed=3)
    faults.add(rule(rate=0.5, max_hits=2))
    outcomes = [faults.decide("GET", "/") is not None for _ in range(40)]
    assert sum(outcomes) == 2
    state = faults.describe()[0]
    assert state["hits"] == 2 and state["matched"] > 2 and state["phase"] == "exhausted"


def test_latency_jitter_stays_in_range_and_is_seeded() -> None:
    def delays(seed: int) -> list[float]:
        faults = FaultInjector(seed=seed)
        faults.add(rule(kind="latency", delay_ms=100, jitter_ms=50))
        return [fault.delay_s for fault in (faults.decide("GET", "/") for _ in range(100)) if fault is not None]

    first = delays(9)
    assert len(first) == 100 and all(0.1 <= d <= 0.15 for d in first)
    assert len(set(first)) > 50 and first == delays(9)


def test_notes_name_the_fault_and_the_rule() -> None:
    faults = FaultInjector()
    faults.add(rule(path="/a"))
    faults.add(rule(path="/b", kind="outage", duration_s=60, delay_ms=200))
    faults.add(rule(path="/c", kind="timeout", hang_ms=5000))
    notes = [f.note() for f in (faults.decide("GET", p) for p in ("/a", "/b", "/c")) if f is not None]
    assert notes == [
        "fault: status 503 (rule 1)",
        "fault: outage 503 after 200 ms (rule 2)",
        "fault: timeout, hung 5000 ms then dropped (rule 3)",
    ]


def test_clear_wakes_requests_waiting_on_a_fault() -> None:
    faults = FaultInjector()
    woken: list[bool] = []
    waiter = threading.Thread(target=lambda: woken.append(faults.wait(10)))
    began = time.monotonic()
    waiter.start()
    while not waiter.is_alive():
        pass
    time.sleep(0.02)
    faults.clear()
    waiter.join(timeout=2)
    assert woken == [True] and time.monotonic() - began < 2
    assert faults.wait(0.01) is False, "a new wait is not released by an earlier clear"

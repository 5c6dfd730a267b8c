"""The simulated clock: compressed business time, freezing, advancing, and its admin surface."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from simulators.common.app import handle, simulator_app
from simulators.common.clock import SimClock, format_instant
from simulators.exceptions import ExceptionQueueState

OPENING = "2026-11-27T09:00:00.000Z"


class FakeMonotonic:
    """A monotonic source the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_default_clock_follows_the_wall_at_factor_one() -> None:
    tick = FakeMonotonic()
    clock = SimClock(monotonic=tick)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)
    before = clock.now()
    tick.t += 2.5
    assert clock.now() - before == timedelta(seconds=2.5)
    assert (clock.factor, clock.frozen) == (1.0, False)


def test_factor_compresses_business_time() -> None:
    tick = FakeMonotonic()
    clock = SimClock(monotonic=tick)
    clock.set(OPENING, 60)
    assert clock.now_iso() == OPENING
    tick.t += 1.5
    assert clock.now_iso() == "2026-11-27T09:01:30.000Z", "1.5 real seconds at x60 is 90 business seconds"


def test_now_iso_is_utc_with_milliseconds_and_z() -> None:
    tick = FakeMonotonic()
    clock = SimClock("2026-11-27T10:00:00.123456+01:00", monotonic=tick)
    assert clock.now_iso() == "2026-11-27T09:00:00.123Z"
    assert format_instant(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05.000Z"
    assert SimClock("2026-11-27T09:00:00", monotonic=tick).now_iso() == OPENING, "naive means UTC"


def test_changing_only_the_factor_keeps_time_continuous() -> None:
    tick = FakeMonotonic()
    clock = SimClock(OPENING, monotonic=tick)
    tick.t += 10
    clock.set(factor=100)
    assert clock.now_iso() == "2026-11-27T09:00:10.000Z"
    tick.t += 1
    assert clock.now_iso() == "2026-11-27T09:01:50.000Z"


def test_freeze_stops_time_advance_moves_it_and_unfreeze_resumes() -> None:
    tick = FakeMonotonic()
    clock = SimClock(OPENING, factor=10, monotonic=tick)
    tick.t += 1
    clock.freeze()
    tick.t += 100
    assert clock.now_iso() == "2026-11-27T09:00:10.000Z" and clock.frozen
    clock.advance(3600)
    assert clock.now_iso() == "2026-11-27T10:00:10.000Z"
    clock.unfreeze()
    tick.t += 1
    assert clock.now_iso() == "2026-11-27T10:00:20.000Z" and not clock.frozen


def test_advance_while_running_adds_to_elapsed_time() -> None:
    tick = FakeMonotonic()
    clock = SimClock(OPENING, monotonic=tick)
    tick.t += 5
    clock.advance(55)
    assert clock.now_iso() == "2026-11-27T09:01:00.000Z"


def test_bad_factor_and_backwards_advance_are_refused() -> None:
    clock = SimClock(OPENING, monotonic=FakeMonotonic())
    for factor in (0, -1):
        with pytest.raises(ValueError, match="factor"):
            clock.set(factor=factor)
    with pytest.raises(ValueError, match="advances"):
        clock.advance(-1)
    assert clock.now_iso() == OPENING


def test_advances_from_many_threads_are_never_lost() -> None:
    clock = SimClock(OPENING, monotonic=FakeMonotonic())
    clock.freeze()

    def advance_many() -> None:
        for _ in range(2000):
            clock.advance(1)

    threads = [threading.Thread(target=advance_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert clock.now() == datetime(2026, 11, 27, 9, tzinfo=UTC) + timedelta(seconds=16_000)


def _app(clock: SimClock | None = None) -> Flask:
    return simulator_app("demo", ExceptionQueueState(), clock=clock)


def test_admin_reads_and_sets_the_clock() -> None:
    tick = FakeMonotonic()
    app = _app(SimClock(monotonic=tick))
    client = app.test_client()
    assert client.post("/_sim/clock", json={"epoch": OPENING, "factor": 120}).json == {
        "now": OPENING,
        "factor": 120.0,
        "frozen": False,
    }
    tick.t += 1
    assert client.get("/_sim/clock").json["now"] == "2026-11-27T09:02:00.000Z"
    assert client.post("/_sim/clock", json={"frozen": True}).json["frozen"] is True
    tick.t += 1
    body = client.post("/_sim/clock", json={"advance_seconds": 30}).json
    assert body == {"now": "2026-11-27T09:02:30.000Z", "factor": 120.0, "frozen": True}
    assert client.post("/_sim/clock", json={"frozen": False}).json["frozen"] is False


@pytest.mark.parametrize(
    "body",
    [{}, {"factor": 0}, {"epoch": "not a date"}, {"advance_seconds": -5}, {"speed": 2}, None, [1]],
)
def test_admin_refuses_bad_clock_updates(body: object) -> None:
    client = _app(SimClock(OPENING, monotonic=FakeMonotonic())).test_client()
    response = client.post("/_sim/clock", json=body)
    assert response.status_code == 400 and response.json["errors"]
    assert client.get("/_sim/clock").json["now"] == OPENING


def test_simulators_can_share_one_clock_and_reset_leaves_it_alone() -> None:
    shared = SimClock(OPENING, monotonic=FakeMonotonic())
    first, second = _app(shared), _app(shared)
    assert handle(first).clock is handle(second).clock is shared
    first.test_client().post("/_sim/clock", json={"advance_seconds": 60})
    assert second.test_client().get("/_sim/clock").json["now"] == "2026-11-27T09:01:00.000Z"
    second.test_client().post("/_sim/reset")
    assert shared.now_iso() == "2026-11-27T09:01:00.000Z"
    assert handle(_app()).clock is not shared, "each simulator gets its own clock by default"

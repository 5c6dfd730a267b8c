"""Delivery knobs: duplicates, seeded reordering, delays; held events count as pending."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from simulators.newstore import NewStoreState, create_app
from tests.helpers_receiver import Receiver, wait_for
from tests.newstore.ns_helpers import start_stream, token_headers, world

Make = Callable[..., tuple[FlaskClient, Receiver]]


@pytest.fixture
def make(served: Any) -> Iterator[Make]:
    """A simulator seeded with delivery ``config``, with a running stream to a fresh receiver."""
    states: list[NewStoreState] = []

    def build(**config: Any) -> tuple[FlaskClient, Receiver]:
        state = NewStoreState()
        state.seed(world(**config))
        states.append(state)
        client = create_app(state).test_client()
        receiver = Receiver()
        start_stream(client, token_headers(client), served(receiver).url)
        return client, receiver

    yield build
    for state in states:
        state.close()


def publish(client: FlaskClient, count: int) -> None:
    events = [{"name": "order.created", "published_at": "t", "payload": {"id": f"o-{n}"}} for n in range(count)]
    assert client.post("/_sim/publish", json={"events": events}).status_code == 202


def settle(client: FlaskClient, deliveries: int) -> list[dict[str, Any]]:
    def done() -> bool:
        activity = client.get("/_sim/activity").json
        return bool(activity["pending"] == 0 and activity["delivered"] == deliveries)

    wait_for(done, what=f"{deliveries} deliveries")
    return list(client.get("/_sim/deliveries").json["deliveries"])


def handoff_order(client: FlaskClient, count: int) -> list[str]:
    return [d["payload_id"] for d in settle(client, count)]


def test_duplicate_rate_one_delivers_every_event_twice(make: Make) -> None:
    client, receiver = make(duplicate_rate=1.0, seed=3)
    publish(client, 3)
    deliveries = settle(client, 6)
    assert sorted(d["payload_id"] for d in deliveries) == ["o-0", "o-0", "o-1", "o-1", "o-2", "o-2"]
    assert sorted(d["duplicate"] for d in deliveries) == [False] * 3 + [True] * 3
    bodies = [r["body"] for r in receiver.accepted()]
    assert all(bodies.count(b) == 2 for b in bodies), "a duplicate is byte-for-byte the same event"


def test_duplicate_rate_zero_delivers_once(make: Make) -> None:
    client, receiver = make(duplicate_rate=0.0)
    publish(client, 3)
    assert [d["duplicate"] for d in settle(client, 3)] == [False] * 3
    assert len(receiver.accepted()) == 3


def test_partial_duplicate_rate_is_deterministic_for_a_seed(make: Make) -> None:
    first, _ = make(duplicate_rate=0.5, seed=11)
    second, _ = make(duplicate_rate=0.5, seed=11)
    publish(first, 20)
    publish(second, 20)
    total = len(first.get("/_sim/deliveries").json["deliveries"])
    assert 20 < total < 40
    assert sorted(d["payload_id"] for d in settle(first, total)) == sorted(d["payload_id"] for d in settle(second, total))


def test_reordering_is_seeded_and_reproducible(make: Make) -> None:
    published = [f"o-{n}" for n in range(8)]
    orders = []
    for seed in (7, 7, 8):
        client, receiver = make(reorder_window_ms=150, seed=seed, delivery_workers=1)
        publish(client, 8)
        order = handoff_order(client, 8)
        assert [r["body"]["payload"]["id"] for r in receiver.accepted()] == order, "one worker delivers in hand-off order"
        held = [d["held_ms"] for d in client.get("/_sim/deliveries").json["deliveries"]]
        assert held == sorted(held) and all(0 <= h <= 150 for h in held)
        orders.append(order)
    assert sorted(orders[0]) == published and orders[0] != published
    assert orders[0] == orders[1], "same seed, same publish sequence, same order"
    assert orders[2] != orders[0], "another seed, another order"


def test_a_delayed_event_counts_as_pending_until_it_is_delivered(make: Make) -> None:
    client, receiver = make(delay_ms=400)
    publish(client, 1)
    activity = client.get("/_sim/activity").json
    assert activity["pending"] == 1 and activity["held"] == 1
    assert receiver.received == [] and client.get("/_sim/deliveries").json["deliveries"] == []
    (delivery,) = settle(client, 1)
    assert delivery["held_ms"] == 400 and len(receiver.accepted()) == 1


def test_a_random_delay_stays_in_its_range(make: Make) -> None:
    client, _ = make(delay_ms=[10, 60], seed=5)
    publish(client, 6)
    held = [d["held_ms"] for d in settle(client, 6)]
    assert all(10 <= h <= 60 for h in held) and len(set(held)) == 6


def test_events_waiting_for_a_stream_are_held_when_it_starts(make: Make) -> None:
    client, receiver = make(delay_ms=200)
    headers = token_headers(client)
    client.post("/api/v1/org/integrations/eventstream/s1/_stop", headers=headers)
    publish(client, 2)
    assert client.get("/_sim/activity").json["pending"] == 2, "in the outbox"
    client.post("/api/v1/org/integrations/eventstream/s1/_start", headers=headers)
    assert client.get("/_sim/activity").json["held"] == 2
    settle(client, 2)
    assert len(receiver.accepted()) == 2


@pytest.mark.parametrize(
    "config",
    [{"duplicate_rate": 1.5}, {"reorder_window_ms": -1}, {"delay_ms": [50, 10]}, {"delay_ms": "soon"}, {"shuffle": True}],
)
def test_bad_delivery_config_is_refused(make: Make, config: dict[str, Any]) -> None:
    client, _ = make()
    response = client.post("/_sim/seed", json={"config": config})
    assert response.status_code == 400 and "bad seed" in response.json["error"]

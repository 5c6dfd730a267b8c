"""The Events SPI against a real HTTP receiver: batches, order, blocking retries, losses."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from simulators.sitoo import SitooState
from tests.sitoo.sitoo_helpers import ACCOUNT, AUTH, BASE, Receiver, sale, wait_for

Served = tuple[Receiver, str]


def subscribe(client: FlaskClient, url: str, **auth: str) -> None:
    assert client.post("/_sim/subscription", json={"url": url, **auth}).status_code == 200


def publish(client: FlaskClient, count: int, tag: str = "e") -> list[str]:
    events = [{"event_type": "z-report", "data": {"n": f"{tag}{n}"}} for n in range(count)]
    response = client.post("/_sim/events", json=events)
    assert response.status_code == 200 and response.json["queued"] is True
    return list(response.json["event_ids"])


def settle(state: SitooState) -> None:
    wait_for(lambda: state.activity()["pending"] == 0)


def test_events_go_out_in_batches_of_at_most_ten_in_order(client: FlaskClient, state: SitooState, receiver: Served) -> None:
    rx, url = receiver
    subscribe(client, url)
    ids = publish(client, 25)
    settle(state)
    assert [len(c["events"]) for c in rx.calls] == [10, 10, 5]
    assert rx.processed_ids() == ids and len(set(ids)) == 25
    first = rx.calls[0]["events"][0]
    assert set(first) == {"event_id", "event_type", "event_date", "account_id", "data"}
    assert (first["account_id"], first["event_date"], rx.calls[0]["path"]) == (ACCOUNT, int(state.now()), "/events")


def test_event_ids_are_deterministic_per_account_and_counter(client: FlaskClient, state: SitooState, receiver: Served) -> None:
    def ids_after_reset(account: int) -> list[str]:
        state.reset()
        state.seed({"config": {"account_id": account}})
        subscribe(client, receiver[1])
        return publish(client, 3)

    first = ids_after_reset(ACCOUNT)
    assert ids_after_reset(ACCOUNT) == first
    assert ids_after_reset(ACCOUNT + 1) != first


def test_retryable_status_is_retried_and_blocks_later_events(client: FlaskClient, state: SitooState, receiver: Served) -> None:
    rx, url = receiver
    rx.script = [503, 429, 504]
    subscribe(client, url)
    head = publish(client, 1, "head")
    wait_for(lambda: len(rx.calls) >= 1)
    later = publish(client, 2, "later")
    settle(state)
    batches = [([e["event_id"] for e in c["events"]], c["status"]) for c in rx.calls]
    assert batches == [(head, 503), (head, 429), (head, 504), (head, 200), (later, 200)]
    outcomes = [a["outcome"] for a in client.get("/_sim/state").json["events"]["attempts"]]
    assert outcomes == ["retry", "retry", "retry", "delivered", "delivered"]


def test_other_status_discards_the_batch_and_records_the_loss(client: FlaskClient, state: SitooState, receiver: Served) -> None:
    rx, url = receiver
    rx.script = [400]
    subscribe(client, url)
    lost = publish(client, 2, "lost")
    settle(state)
    kept = publish(client, 1, "kept")
    settle(state)
    assert len(rx.calls) == 2 and rx.processed_ids() == kept
    recorded = client.get("/_sim/state").json["events"]["lost"]
    assert [(r["event"]["event_id"], r["status"]) for r in recorded] == [(lost[0], 400), (lost[1], 400)]
    assert state.activity()["events"]["lost"] == 2 and state.activity()["events"]["delivered"] == 1


def test_a_batch_whose_retries_run_out_is_dropped_and_recorded(client: FlaskClient, state: SitooState, receiver: Served) -> None:
    rx, url = receiver
    rx.script = [503] * 5
    client.post("/_sim/seed", json={"config": {"events_max_attempts": 3}})
    subscribe(client, url)
    ids = publish(client, 1)
    settle(state)
    assert len(rx.calls) == 3
    lost = client.get("/_sim/state").json["events"]["lost"]
    assert [r["event"]["event_id"] for r in lost] == ids and "retries exhausted" in lost[0]["reason"]


def test_a_receiver_that_times_out_is_retried(client: FlaskClient, state: SitooState, receiver: Served) -> None:
    rx, url = receiver
    rx.script = ["hang"]
    client.post("/_sim/seed", json={"config": {"events_timeout_seconds": 0.2}})
    subscribe(client, url)
    ids = publish(client, 1)
    settle(state)
    attempts = client.get("/_sim/state").json["events"]["attempts"]
    assert attempts[0]["status"] is None and "timed out" in attempts[0]["error"]
    assert attempts[1]["outcome"] == "delivered" and rx.processed_ids()[-1:] == ids


def test_the_simulator_itself_adds_no_duplicates(client: FlaskClient, state: SitooState, receiver: Served) -> None:
    rx, url = receiver
    rx.script = [200, 503, 200, 503]
    subscribe(client, url)
    ids = publish(client, 30)
    settle(state)
    assert rx.processed_ids() == ids


def test_a_pos_order_publishes_an_add_event_the_integration_can_follow(
    client: FlaskClient, state: SitooState, receiver: Served
) -> None:
    rx, url = receiver
    subscribe(client, url, username="sitoo", password="hook-secret")
    orderid = client.post("/_sim/orders", json=[sale()]).json["orderids"][0]
    settle(state)
    (event,) = rx.calls[0]["events"]
    assert event["event_type"] == "order"
    assert event["data"] == {"eshop_id": 1, "order_id": orderid, "warehouse_id": 1, "order_event_type": "add"}
    assert rx.calls[0]["auth"] == "Basic c2l0b286aG9vay1zZWNyZXQ="  # sitoo:hook-secret
    order = client.get(f"{BASE}/sites/{event['data']['eshop_id']}/orders/{orderid}.json", headers=AUTH).json
    assert order["orderid"] == orderid and order["orderstateid"] == 10


def test_cancelling_an_order_publishes_an_update_with_the_new_state(
    client: FlaskClient, state: SitooState, receiver: Served
) -> None:
    rx, url = receiver
    subscribe(client, url)
    orderid = client.post(f"{BASE}/sites/1/orders.json", json=sale(), headers=AUTH).json
    client.put(f"{BASE}/sites/1/orders/{orderid}.json", json={"orderstateid": 20}, headers=AUTH)
    client.put(f"{BASE}/sites/1/orders/{orderid}.json", json={"email": "new@example.com"}, headers=AUTH)
    settle(state)
    data: list[dict[str, Any]] = [e["data"] for c in rx.calls for e in c["events"]]
    assert [d["order_event_type"] for d in data] == ["add", "update", "update"]
    assert data[1]["order_state_changed"] == "cancelled" and "order_state_changed" not in data[2]


def test_without_a_subscription_nothing_is_queued(client: FlaskClient, state: SitooState) -> None:
    response = client.post("/_sim/events", json=[{"event_type": "order", "data": {}}])
    assert response.json["queued"] is False
    assert state.activity()["pending"] == 0 and state.activity()["events"]["unsubscribed"] == 1
    assert client.post("/_sim/events", json=[{"event_type": "payment"}]).status_code == 400
    assert client.post("/_sim/subscription", json={"url": "ftp://x"}).status_code == 400

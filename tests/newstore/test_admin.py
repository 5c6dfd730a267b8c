"""Admin additions: the published-event log, reseeding a running simulator, state snapshot."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.newstore.ns_helpers import events, injection, token_headers


def test_the_event_log_tells_pos_events_from_api_events(client: FlaskClient, headers: dict[str, str]) -> None:
    pos = {"name": "order.created", "published_at": "2026-11-27T08:00:00.000Z", "payload": {"id": "pos-1"}}
    client.post("/_sim/publish", json={"events": [pos]})
    client.post("/v0/d/fulfill_order", json=injection(), headers=headers)
    log = events(client)
    assert [(e["seq"], e["origin"], e["name"]) for e in log] == [
        (1, "pos", "order.created"),
        (2, "api", "order.created"),
        (3, "api", "fulfillment_request.assigned"),
    ]
    assert log[0]["payload"] == {"id": "pos-1"} and log[1]["published_at"] == "2026-11-27T09:00:00.000Z"
    assert [e["seq"] for e in client.get("/_sim/events?since=2").json["events"]] == [3]
    assert client.get("/_sim/activity").json["published"] == 3


def test_reseeding_keeps_live_tokens_and_never_reuses_ids(client: FlaskClient, headers: dict[str, str]) -> None:
    first = client.post("/v0/d/fulfill_order", json=injection("A"), headers=headers).json["id"]
    assert client.post("/_sim/seed", json={"config": {"tenant": "acme"}, "locations": []}).status_code == 200
    second = client.post("/v0/d/fulfill_order", json=injection("B"), headers=headers)
    assert second.status_code == 200, "the token issued before the reseed still works"
    assert second.json["id"] != first


def test_ids_are_derived_from_tenant_and_seed(client: FlaskClient, headers: dict[str, str]) -> None:
    client.post("/_sim/reset")
    client.post("/_sim/seed", json={"config": {"tenant": "acme", "seed": 42}, "clients": {"ns-client": "ns-secret"}})
    fresh = token_headers(client)
    one = client.post("/v0/d/fulfill_order", json=injection(), headers=fresh).json
    client.post("/_sim/reset")
    client.post("/_sim/seed", json={"config": {"tenant": "acme", "seed": 42}, "clients": {"ns-client": "ns-secret"}})
    again = client.post("/v0/d/fulfill_order", json=injection(), headers=token_headers(client)).json
    assert one == again


def test_the_snapshot_shows_every_desk(client: FlaskClient, headers: dict[str, str]) -> None:
    order_id = client.post("/v0/d/fulfill_order", json=injection(), headers=headers).json["id"]
    client.post(f"/v0/d/orders/{order_id}/refunds", json={"amount": 1}, headers=headers)
    snapshot = client.get("/_sim/state").json
    assert [o["id"] for o in snapshot["orders"]] == [order_id]
    assert len(snapshot["fulfillment_requests"]) == 1 and len(snapshot["refunds"]) == 1
    assert snapshot["config"]["rate_limit_profile"] == "production" and len(snapshot["stocked_products"]) == 5

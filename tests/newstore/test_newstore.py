"""NewStore simulator: tokens, auth errors, event-stream registration and webhook delivery."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from simulators.common.app import handle
from tests.helpers_receiver import Receiver, wait_for

TOKEN = "/auth/realms/acme/protocol/openid-connect/token"
STREAMS = "/api/v1/org/integrations/eventstream"


def _token(client: FlaskClient) -> dict[str, str]:
    response = client.post(
        TOKEN, data={"grant_type": "client_credentials", "client_id": "ns-client", "client_secret": "ns-secret"}
    )
    assert response.status_code == 200
    assert response.json["token_type"] == "Bearer" and response.json["expires_in"] == 3600
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def _order(order_id: str = "o-1", external_id: str = "LEE01-T1-000001") -> dict[str, Any]:
    return {"id": order_id, "external_id": external_id, "channel_type": "store", "items": []}


def test_token_with_basic_auth_and_bad_credentials(newstore_app: Flask) -> None:
    client = newstore_app.test_client()
    basic = client.post(TOKEN, data={"grant_type": "client_credentials"}, auth=("ns-client", "ns-secret"))
    wrong = client.post(TOKEN, data={"grant_type": "client_credentials", "client_id": "ns-client", "client_secret": "x"})
    wrong_realm = client.post("/auth/realms/other/protocol/openid-connect/token", data={"grant_type": "client_credentials"})
    assert basic.status_code == 200
    assert wrong.status_code == 401
    assert wrong_realm.status_code == 404


def test_missing_header_is_401_and_bad_or_expired_token_is_403(newstore_app: Flask) -> None:
    client = newstore_app.test_client()
    missing = client.get(STREAMS)
    bad = client.get(STREAMS, headers={"Authorization": "Bearer nope"})
    headers = _token(client)
    handle(newstore_app).state.tokens.expire_all()
    expired = client.get(STREAMS, headers=headers)
    assert missing.status_code == 401 and missing.json["error_code"] == "unauthorized"
    assert bad.status_code == 403 and expired.status_code == 403
    assert expired.json["message"] == "The access token has expired."
    assert missing.json["request_id"] != bad.json["request_id"]


def test_registration_is_validated(newstore_app: Flask) -> None:
    client = newstore_app.test_client()
    headers = _token(client)
    bad = client.post(STREAMS, json={"id": "s", "callback_parameters": {"callback_url": "ftp://x"}}, headers=headers)
    assert bad.status_code == 400 and bad.json["error_code"] == "bad_request"
    assert client.post(f"{STREAMS}/nope/_start", headers=headers).status_code == 404


def test_events_wait_for_a_started_stream_then_arrive_in_the_envelope_with_the_api_key(newstore_app: Flask, served: Any) -> None:
    receiver = Receiver()
    hook = served(receiver)
    client = newstore_app.test_client()
    headers = _token(client)
    events = [{"name": "order.created", "published_at": "2026-11-27T09:00:00.000Z", "payload": _order()}]
    assert client.post("/_sim/publish", json={"events": events}).status_code == 202
    registration = {
        "id": "s1",
        "callback_parameters": {"callback_url": f"{hook.url}/events", "api_key": "k1"},
        "integration_type": "permanent",
    }
    assert client.post(STREAMS, json=registration, headers=headers).status_code == 201
    assert client.get("/_sim/activity").json["pending"] == 1, "held in the outbox until the stream starts"
    assert client.post(f"{STREAMS}/s1/_start", headers=headers).json["status"] == "running"
    wait_for(lambda: len(receiver.accepted()) == 1, what="delivery")
    got = receiver.accepted()[0]
    assert got["authorization"] == "Bearer k1"
    assert got["body"] == {
        "tenant": "acme",
        "name": "order.created",
        "published_at": "2026-11-27T09:00:00.000Z",
        "payload": _order(),
    }


def test_failed_deliveries_are_retried_and_every_attempt_recorded(newstore_app: Flask, served: Any) -> None:
    receiver = Receiver(statuses=[503, 500])
    hook = served(receiver)
    client = newstore_app.test_client()
    headers = _token(client)
    client.post(STREAMS, json={"id": "s1", "callback_parameters": {"callback_url": hook.url}}, headers=headers)
    client.post(f"{STREAMS}/s1/_start", headers=headers)
    client.post("/_sim/publish", json={"events": [{"name": "order.completed", "published_at": "t", "payload": _order()}]})
    wait_for(lambda: client.get("/_sim/activity").json["pending"] == 0, what="settled delivery")
    deliveries = client.get("/_sim/deliveries").json["deliveries"]
    assert [a["status"] for a in deliveries[0]["attempts"]] == [503, 500, 200]
    assert deliveries[0]["outcome"] == "delivered"


def test_filter_conditions_select_event_names(newstore_app: Flask, served: Any) -> None:
    receiver = Receiver()
    hook = served(receiver)
    client = newstore_app.test_client()
    headers = _token(client)
    client.post(
        STREAMS,
        json={"id": "s1", "callback_parameters": {"callback_url": hook.url}, "filter_conditions": ["order.completed"]},
        headers=headers,
    )
    client.post(f"{STREAMS}/s1/_start", headers=headers)
    events = [{"name": n, "published_at": "t", "payload": _order()} for n in ("order.created", "order.completed")]
    client.post("/_sim/publish", json={"events": events})
    wait_for(lambda: client.get("/_sim/activity").json["pending"] == 0, what="delivery")
    assert [r["body"]["name"] for r in receiver.accepted()] == ["order.completed"]


def test_published_orders_can_be_read_by_id_and_external_id(newstore_app: Flask) -> None:
    client = newstore_app.test_client()
    headers = _token(client)
    client.post("/_sim/publish", json={"events": [{"name": "order.created", "published_at": "t", "payload": _order()}]})
    assert client.get("/v0/c/customer_orders/o-1", headers=headers).json["external_id"] == "LEE01-T1-000001"
    assert client.get("/v0/d/external_orders/LEE01-T1-000001", headers=headers).json["id"] == "o-1"
    missing = client.get("/v0/c/customer_orders/zzz", headers=headers)
    assert missing.status_code == 404 and missing.json["error_code"] == "not_found"

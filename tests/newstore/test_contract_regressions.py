"""What the contract work found (tests/contracts/test_newstore_fuzz.py, and reading the
routes against simulators/newstore/spec.py); each test failed before its fix."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from simulators.newstore.responses import ParcelList
from tests.newstore.ns_helpers import STREAMS, TOKEN, events, injection

FR = "/v0/d/fulfillment_requests"


def _order_id(client: FlaskClient, headers: dict[str, str]) -> str:
    return str(client.post("/v0/d/fulfill_order", json=injection(), headers=headers).json["id"])


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("returns", {"items": [{"product_id": "P001"}], "returned_from": "LEE01", "return_fee": False}),
        ("refunds", {"amount": "10"}),
        ("refunds", {"amount": True}),
    ],
)
def test_a_mistyped_json_value_is_refused_not_coerced(
    client: FlaskClient, headers: dict[str, str], path: str, body: dict[str, Any]
) -> None:
    """The fuzz: ``"return_fee": false`` was taken as 0 and the return created (201)."""
    answer = client.post(f"/v0/d/orders/{_order_id(client, headers)}/{path}", json=body, headers=headers)
    assert answer.status_code == 400 and answer.json["error_code"] == "bad_request"


def test_a_mistyped_injection_flag_is_refused(client: FlaskClient, headers: dict[str, str]) -> None:
    answer = client.post("/v0/d/fulfill_order", json=injection(is_historical="yes"), headers=headers)
    assert answer.status_code == 400 and answer.json["message"].startswith("is_historical")


@pytest.mark.parametrize("amount", [1.7976931348623157e308, -1e300, 1e13])
def test_an_amount_beyond_a_trillion_is_400(client: FlaskClient, headers: dict[str, str], amount: float) -> None:
    """The fuzz: a tax line of 1.8e308 made the Decimal sum raise (a 500); 1e13 was taken."""
    body = injection(products=("P001",))
    body["shipments"][0]["items"][0]["price"]["item_tax_lines"] = [{"amount": amount}]
    answer = client.post("/v0/d/fulfill_order", json=body, headers=headers)
    assert answer.status_code == 400 and "item_tax_lines" in answer.json["message"]


def test_a_return_fee_beyond_a_trillion_is_400(client: FlaskClient, headers: dict[str, str]) -> None:
    body = {"items": [{"product_id": "P001"}], "returned_from": "LEE01", "return_fee": 1e300}
    answer = client.post(f"/v0/d/orders/{_order_id(client, headers)}/returns", json=body, headers=headers)
    assert answer.status_code == 400


def test_a_parcel_keeps_its_tracking_and_items_not_whatever_else_was_sent(client: FlaskClient, headers: dict[str, str]) -> None:
    """Unknown fields of a shipment's tracking were echoed into the request's parcels."""
    client.post("/v0/d/fulfill_order", json=injection(products=("P001",)), headers=headers)
    request_id = events(client, "fulfillment_request.assigned")[0]["payload"]["id"]
    tracking = {"tracking_code": "TRK1", "carrier": "DHL", "weight_kg": 2}
    shipped = client.post(
        f"{FR}/{request_id}/shipment", json={"line_items": [{"product_ids": ["P001"], "shipment": tracking}]}, headers=headers
    )
    parcels = client.get(f"{FR}/{request_id}/shipment", headers=headers).json
    assert shipped.status_code == 200 and shipped.json["shipments"] == parcels["line_items"]
    assert ParcelList.model_validate(parcels).line_items[0].model_dump().keys() == {"tracking_code", "carrier", "item_ids"}


def test_a_bearer_header_on_the_token_endpoint_leaves_the_form_credentials_in_charge(client: FlaskClient) -> None:
    """Any Authorization header was read as Basic: a stale Bearer token made good credentials 401."""
    form = {"grant_type": "client_credentials", "client_id": "ns-client", "client_secret": "ns-secret"}
    answer = client.post(TOKEN, data=form, headers={"Authorization": "Bearer stale"})
    assert answer.status_code == 200 and answer.json["token_type"] == "Bearer"
    assert client.post(TOKEN, data=form, auth=("ns-client", "wrong")).status_code == 401  # Basic still speaks first


def test_a_wrong_method_names_the_allowed_ones(client: FlaskClient, headers: dict[str, str]) -> None:
    """RFC 9110: a 405 carries Allow (Schemathesis' unsupported-method check asks for it)."""
    answer = client.delete(STREAMS, headers=headers)
    assert answer.status_code == 405 and answer.json["error_code"] == "method_not_allowed"
    assert {"GET", "POST"} <= {m.strip() for m in answer.headers["Allow"].split(",")}


@pytest.mark.parametrize("url", ["http://hooks:99999/events", "http://a..b/events", "http:///events", "http://[::1/events"])
def test_a_callback_the_courier_could_never_call_is_refused(client: FlaskClient, headers: dict[str, str], url: str) -> None:
    """Accepted before, then the first delivery killed a webhook worker: pending never drained."""
    registration = {"id": "s1", "callback_parameters": {"callback_url": url}}
    answer = client.post(STREAMS, json=registration, headers=headers)
    assert answer.status_code == 400 and "callback_url" in answer.json["message"]

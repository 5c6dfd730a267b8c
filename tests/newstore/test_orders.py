"""Order injection (idempotent on external_id), reading orders, and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from simulators.newstore.models import FulfillOrderResponse, OrderPayload
from tests.newstore.ns_helpers import events, injection

FULFILL = "/v0/d/fulfill_order"


def test_injection_answers_the_order_id_and_one_item_per_unit(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.post(FULFILL, json=injection(), headers=headers)
    assert response.status_code == 200
    answer = FulfillOrderResponse.model_validate(response.json)
    assert answer.external_id == "WEB-000001"
    assert [(i.external_item_id, i.product_id) for i in answer.items] == [("L0", "P001"), ("L1", "P001"), ("L2", "P002")]
    assert len({i.id for i in answer.items}) == 3


def test_injected_order_is_served_with_totals_and_skus(client: FlaskClient, headers: dict[str, str]) -> None:
    order_id = client.post(FULFILL, json=injection(), headers=headers).json["id"]
    order = OrderPayload.model_validate(client.get(f"/v0/c/customer_orders/{order_id}", headers=headers).json)
    assert (order.subtotal, order.shipping_total, order.shipping_tax) == (60.0, 4.95, 0.83)
    assert order.tax_total == 10.82 and order.grand_total == 64.95
    assert [i.external_identifiers.sku for i in order.items] == ["SKU001", "SKU001", "SKU002"]
    assert order.channel == "webshop" and order.placed_at == "2026-11-27T09:00:00.000Z"
    assert order.created_at == "2026-11-27T09:00:00.000Z", "timestamps come from the injected clock"
    created = events(client, "order.created")
    assert [e["payload"]["id"] for e in created] == [order_id] and created[0]["origin"] == "api"


def test_tax_excluded_orders_add_tax_to_the_grand_total(client: FlaskClient, headers: dict[str, str]) -> None:
    order_id = client.post(FULFILL, json=injection(price_method="tax_excluded"), headers=headers).json["id"]
    assert client.get(f"/v0/c/customer_orders/{order_id}", headers=headers).json["grand_total"] == 75.77


def test_same_external_id_and_same_data_gives_the_same_order_once(client: FlaskClient, headers: dict[str, str]) -> None:
    first = client.post(FULFILL, json=injection(), headers=headers)
    again = client.post(FULFILL, json=injection(), headers=headers)
    assert again.status_code == 200 and again.json == first.json
    assert len(events(client, "order.created")) == 1
    assert len(events(client, "fulfillment_request.assigned")) == 1


def test_same_external_id_with_different_data_is_refused(client: FlaskClient, headers: dict[str, str]) -> None:
    first = client.post(FULFILL, json=injection(), headers=headers).json
    other = client.post(FULFILL, json=injection(products=("P002",)), headers=headers)
    assert other.status_code == 400
    assert other.json["error_code"] == "same_order_injection_with_different_data"
    assert set(other.json) == {"error_code", "message", "request_id"}
    assert len(client.get(f"/v0/c/customer_orders/{first['id']}", headers=headers).json["items"]) == 3


def test_injecting_an_external_id_the_pos_already_created_is_refused(client: FlaskClient, headers: dict[str, str]) -> None:
    pos_order = {"id": "pos-1", "external_id": "WEB-000001", "items": []}
    client.post("/_sim/publish", json={"events": [{"name": "order.created", "published_at": "t", "payload": pos_order}]})
    refused = client.post(FULFILL, json=injection(), headers=headers)
    assert refused.json["error_code"] == "same_order_injection_with_different_data"


def test_historical_or_fulfilled_orders_create_no_fulfillment_request(client: FlaskClient, headers: dict[str, str]) -> None:
    client.post(FULFILL, json=injection("A", is_historical=True), headers=headers)
    client.post(FULFILL, json=injection("B", is_fulfilled=True), headers=headers)
    assert events(client, "fulfillment_request.assigned") == []
    assert len(events(client, "order.created")) == 2


@pytest.mark.parametrize(
    "raw, fragment",
    [
        (b"{not json", "JSON object"),
        (b"[]", "JSON object"),
        (b'"order"', "JSON object"),
        (b"", "JSON object"),
    ],
)
def test_malformed_bodies_are_400_with_a_journal_note(
    client: FlaskClient, headers: dict[str, str], raw: bytes, fragment: str
) -> None:
    response = client.post(FULFILL, data=raw, headers={**headers, "Content-Type": "application/json"})
    assert response.status_code == 400 and fragment in response.json["message"]
    entry = client.application.extensions["pos_harness"].journal.entries(path_prefix=FULFILL)[-1]
    assert entry.notes and entry.notes[0].startswith("rejected:")


@pytest.mark.parametrize(
    "change",
    [
        {"shop": None},
        {"shipments": []},
        {"shipments": "x"},
        {"channel_type": "phone"},
        {"currency": "POUNDS"},
        {"external_id": ""},
        {"payments": [{"type": "authorized"}]},
        {"shipments": [{"items": [{"product_id": "P001", "price": {"item_price": -1, "item_list_price": 1}}]}]},
    ],
)
def test_invalid_injections_are_400_naming_the_field(
    client: FlaskClient, headers: dict[str, str], change: dict[str, Any]
) -> None:
    body = {k: v for k, v in {**injection(), **change}.items() if v is not None}
    response = client.post(FULFILL, json=body, headers=headers)
    assert response.status_code == 400 and response.json["error_code"] == "bad_request"
    assert next(iter(change)) in response.json["message"]


def test_external_orders_by_external_id_or_id(client: FlaskClient, headers: dict[str, str]) -> None:
    order_id = client.post(FULFILL, json=injection(), headers=headers).json["id"]

    def get(path: str) -> Any:
        return client.get(f"/v0/d/external_orders/{path}", headers=headers)

    assert get("WEB-000001").json["id"] == order_id
    assert get("external_id=WEB-000001").json["id"] == order_id
    assert get(f"id={order_id}").json["external_id"] == "WEB-000001"
    assert get(f"{order_id}?id_type=id").json["external_id"] == "WEB-000001"
    assert get("WEB-000001?id_type=id").status_code == 404
    assert get(f"external_id={order_id}").status_code == 404
    bad = get("WEB-000001?id_type=sku")
    assert bad.status_code == 400 and "id_type" in bad.json["message"]


def test_unknown_routes_and_methods_answer_newstore_errors(client: FlaskClient, headers: dict[str, str]) -> None:
    missing = client.get("/v0/d/nothing-here", headers=headers)
    wrong_method = client.delete(FULFILL, headers=headers)
    assert missing.status_code == 404 and missing.json["error_code"] == "not_found"
    assert wrong_method.status_code == 405 and wrong_method.json["error_code"] == "method_not_allowed"

"""Fulfillment requests: assignment on injection, acknowledgement, rejection, shipment per parcel."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from simulators.newstore.models import FulfillmentItemsFailedPayload, FulfillmentRequestPayload
from tests.newstore.ns_helpers import events, injection, stocked

FR = "/v0/d/fulfillment_requests"


@pytest.fixture
def assigned(client: FlaskClient, headers: dict[str, str]) -> dict[str, Any]:
    """A web order of P001, P001, P002 and the fulfillment request it was assigned."""
    client.post("/v0/d/fulfill_order", json=injection(), headers=headers)
    (event,) = events(client, "fulfillment_request.assigned")
    return FulfillmentRequestPayload.model_validate(event["payload"]).model_dump()


def parcel(*product_ids: str, tracking: str = "TRK1") -> dict[str, Any]:
    return {"product_ids": list(product_ids), "shipment": {"tracking_code": tracking, "carrier": "DHL"}}


def test_injection_assigns_a_request_to_the_default_node_and_allocates_stock(
    client: FlaskClient, headers: dict[str, str], assigned: dict[str, Any]
) -> None:
    assert assigned["fulfillment_location_id"] == "DC01" and assigned["service_level"] == "standard"
    assert [i["product_id"] for i in assigned["items"]] == ["P001", "P001", "P002"]
    sku1 = stocked(client, headers, "SKU001", "DC01")
    assert (sku1["on_hand"], sku1["allocations"], sku1["atp"]) == (10, 2, 8)


def test_a_store_order_is_assigned_to_the_stores_node(client: FlaskClient, headers: dict[str, str]) -> None:
    client.post("/v0/d/fulfill_order", json=injection(store_id="LEE01", products=("P001",)), headers=headers)
    (event,) = events(client, "fulfillment_request.assigned")
    assert event["payload"]["fulfillment_location_id"] == "LEE01-FN"
    assert stocked(client, headers, "SKU001", "LEE01-FN")["allocations"] == 1


def test_acknowledgement_moves_the_request_on(client: FlaskClient, headers: dict[str, str], assigned: dict[str, Any]) -> None:
    acked = client.post(f"{FR}/{assigned['id']}/acknowledgement", json={}, headers=headers)
    assert acked.status_code == 200 and acked.json["status"] == "acknowledged"
    assert client.get(f"{FR}/{assigned['id']}", headers=headers).json["status"] == "acknowledged"
    assert client.post(f"{FR}/nope/acknowledgement", headers=headers).status_code == 404


def test_cannot_fulfill_fails_every_item_and_releases_stock(
    client: FlaskClient, headers: dict[str, str], assigned: dict[str, Any]
) -> None:
    rejected = client.post(f"{FR}/{assigned['id']}/rejection", json={"rejection_reason": "cannot_fulfill"}, headers=headers)
    assert rejected.status_code == 200 and rejected.json["status"] == "rejected"
    (failed,) = events(client, "fulfillment_request.items_failed")
    payload = FulfillmentItemsFailedPayload.model_validate(failed["payload"])
    assert payload.rejection_reason == "cannot_fulfill" and len(payload.items) == 3
    assert payload.logical_timestamp > assigned["logical_timestamp"]
    assert stocked(client, headers, "SKU001", "DC01")["allocations"] == 0
    again = client.post(f"{FR}/{assigned['id']}/rejection", json={"rejection_reason": "cannot_fulfill"}, headers=headers)
    ship = client.post(f"{FR}/{assigned['id']}/shipment", json={"line_items": [parcel("P001")]}, headers=headers)
    assert again.status_code == 409 and ship.status_code == 409 and ship.json["error_code"] == "invalid_state_transition"


def test_no_inventory_fails_only_the_missing_products(
    client: FlaskClient, headers: dict[str, str], assigned: dict[str, Any]
) -> None:
    body = {"rejection_reason": "no_inventory", "missing_product_ids": ["P002"]}
    assert client.post(f"{FR}/{assigned['id']}/rejection", json=body, headers=headers).status_code == 200
    (failed,) = events(client, "fulfillment_request.items_failed")
    assert [i["product_id"] for i in failed["payload"]["items"]] == ["P002"]


@pytest.mark.parametrize(
    "body",
    [
        {"rejection_reason": "no_inventory"},
        {"rejection_reason": "no_inventory", "missing_product_ids": ["P999"]},
        {"rejection_reason": "lost"},
        {},
    ],
)
def test_bad_rejections_are_400_and_change_nothing(
    client: FlaskClient, headers: dict[str, str], assigned: dict[str, Any], body: dict[str, Any]
) -> None:
    response = client.post(f"{FR}/{assigned['id']}/rejection", json=body, headers=headers)
    assert response.status_code == 400 and response.json["error_code"] == "bad_request"
    assert client.get(f"{FR}/{assigned['id']}", headers=headers).json["status"] == "assigned"
    assert events(client, "fulfillment_request.items_failed") == []


def test_shipment_publishes_one_items_completed_per_parcel_then_the_order_completes(
    client: FlaskClient, headers: dict[str, str], assigned: dict[str, Any]
) -> None:
    body = {"line_items": [parcel("P001", "P002", tracking="TRK1"), parcel("SKU001", tracking="TRK2")]}
    shipped = client.post(f"{FR}/{assigned['id']}/shipment", json=body, headers=headers)
    assert shipped.status_code == 200 and shipped.json["status"] == "completed"
    completed = [
        FulfillmentRequestPayload.model_validate(e["payload"]) for e in events(client, "fulfillment_request.items_completed")
    ]
    assert [[i.product_id for i in c.items] for c in completed] == [["P001", "P002"], ["P001"]]
    assert len({i.id for c in completed for i in c.items}) == 3
    assert completed[0].logical_timestamp < completed[1].logical_timestamp
    (order_completed,) = events(client, "order.completed")
    assert order_completed["payload"]["status"] == "completed"
    assert {i["status"] for i in order_completed["payload"]["items"]} == {"completed"}
    sku1 = stocked(client, headers, "SKU001", "DC01")
    assert (sku1["on_hand"], sku1["allocations"]) == (8, 0)
    tracking = client.get(f"{FR}/{assigned['id']}/shipment", headers=headers).json["line_items"]
    assert [t["tracking_code"] for t in tracking] == ["TRK1", "TRK2"]


def test_a_partial_shipment_leaves_the_order_open(client: FlaskClient, headers: dict[str, str], assigned: dict[str, Any]) -> None:
    client.post(f"{FR}/{assigned['id']}/shipment", json={"line_items": [parcel("P001")]}, headers=headers)
    assert client.get(f"{FR}/{assigned['id']}", headers=headers).json["status"] == "partially_shipped"
    assert len(events(client, "fulfillment_request.items_completed")) == 1
    assert events(client, "order.completed") == []
    rest = client.post(f"{FR}/{assigned['id']}/shipment", json={"line_items": [parcel("P001", "P002")]}, headers=headers)
    assert rest.json["status"] == "completed" and len(events(client, "order.completed")) == 1


@pytest.mark.parametrize(
    "line_items",
    [[parcel("P001", "P001", "P001")], [parcel("P001"), parcel("P999")], [], [{"product_ids": ["P001"]}]],
)
def test_bad_shipments_are_400_and_ship_nothing(
    client: FlaskClient, headers: dict[str, str], assigned: dict[str, Any], line_items: list[Any]
) -> None:
    response = client.post(f"{FR}/{assigned['id']}/shipment", json={"line_items": line_items}, headers=headers)
    assert response.status_code == 400
    assert events(client, "fulfillment_request.items_completed") == []
    assert stocked(client, headers, "SKU001", "DC01")["on_hand"] == 10


def test_a_published_assignment_can_be_shipped(client: FlaskClient, headers: dict[str, str]) -> None:
    payload = {
        "id": "fr-pos-1",
        "order_id": "o-1",
        "logical_timestamp": 4,
        "fulfillment_location_id": "LEE01-FN",
        "service_level": "in_store_pickup",
        "items": [{"id": "it-1", "product_id": "P004"}],
    }
    client.post(
        "/_sim/publish", json={"events": [{"name": "fulfillment_request.assigned", "published_at": "t", "payload": payload}]}
    )
    shipped = client.post(f"{FR}/fr-pos-1/shipment", json={"line_items": [parcel("SKU004")]}, headers=headers)
    assert shipped.status_code == 200
    (completed,) = events(client, "fulfillment_request.items_completed")
    assert completed["payload"]["logical_timestamp"] == 5 and completed["payload"]["items"] == payload["items"]

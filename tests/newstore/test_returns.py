"""Returns and refunds against an order, and the events they publish."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from simulators.newstore.models import AmountRefundedPayload, RefundRequestIssuedPayload, ReturnProcessedPayload
from tests.newstore.ns_helpers import events, injection


@pytest.fixture
def order(client: FlaskClient, headers: dict[str, str]) -> dict[str, Any]:
    order_id = client.post("/v0/d/fulfill_order", json=injection(), headers=headers).json["id"]
    return dict(client.get(f"/v0/c/customer_orders/{order_id}", headers=headers).json)


def returns_of(order: dict[str, Any]) -> str:
    return f"/v0/d/orders/{order['id']}/returns"


def refunds_of(order: dict[str, Any]) -> str:
    return f"/v0/d/orders/{order['id']}/refunds"


def test_a_return_refunds_each_unit_and_names_the_order_items(
    client: FlaskClient, headers: dict[str, str], order: dict[str, Any]
) -> None:
    body = {"items": [{"product_id": "P001", "reason": "too small"}, {"product_id": "SKU002"}], "returned_from": "LEE01"}
    created = client.post(returns_of(order), json=body, headers=headers)
    assert created.status_code == 201
    record = ReturnProcessedPayload.model_validate(created.json)
    assert record.order_id == order["id"] and record.return_location_id == "LEE01" and record.currency == "GBP"
    assert [(i.product_id, i.refund_amount, i.refund_excl_tax, i.refund_tax) for i in record.items] == [
        ("P001", 20.0, 16.67, 3.33),
        ("P002", 20.0, 16.67, 3.33),
    ]
    assert [i.id for i in record.items] == [order["items"][0]["id"], order["items"][2]["id"]]
    assert record.items[0].return_reason == "too small"
    assert (record.total_refund_amount, record.total_refund_excl_tax, record.total_refund_tax) == (40.0, 33.34, 6.66)
    assert record.returned_at == "2026-11-27T09:00:00.000Z"
    (processed,) = events(client, "return.processed")
    assert processed["payload"] == created.json


def test_returns_are_listed_and_read_back(client: FlaskClient, headers: dict[str, str], order: dict[str, Any]) -> None:
    body = {"items": [{"product_id": "P001"}], "returned_from": "LEE01", "return_fee": 2.5}
    created = client.post(returns_of(order), json=body, headers=headers).json
    assert created["total_refund_amount"] == 17.5 and created["return_fee"] == 2.5
    assert client.get(returns_of(order), headers=headers).json == {"returns": [created]}
    assert client.get(f"{returns_of(order)}/{created['id']}", headers=headers).json == created
    assert client.get(f"/v0/d/orders/{order['external_id']}/returns", headers=headers).json == {"returns": [created]}
    assert client.get(f"{returns_of(order)}/nope", headers=headers).status_code == 404


def test_a_unit_cannot_be_returned_twice(client: FlaskClient, headers: dict[str, str], order: dict[str, Any]) -> None:
    body = {"items": [{"product_id": "P001"}, {"product_id": "P001"}], "returned_from": "LEE01"}
    assert client.post(returns_of(order), json=body, headers=headers).status_code == 201
    again = client.post(returns_of(order), json={"items": [{"product_id": "P001"}], "returned_from": "LEE01"}, headers=headers)
    assert again.status_code == 400 and again.json["error_code"] == "item_not_returnable"
    assert len(events(client, "return.processed")) == 1


@pytest.mark.parametrize(
    "body",
    [{"items": [], "returned_from": "LEE01"}, {"items": [{"product_id": "P001"}]}, {"items": "P001", "returned_from": "x"}, []],
)
def test_bad_return_bodies_are_400(client: FlaskClient, headers: dict[str, str], order: dict[str, Any], body: Any) -> None:
    response = client.post(returns_of(order), json=body, headers=headers)
    assert response.status_code == 400 and response.json["error_code"] == "bad_request"


def test_returns_and_refunds_of_an_unknown_order_are_404(client: FlaskClient, headers: dict[str, str]) -> None:
    body = {"items": [{"product_id": "P001"}], "returned_from": "LEE01"}
    assert client.post("/v0/d/orders/nope/returns", json=body, headers=headers).status_code == 404
    assert client.get("/v0/d/orders/nope/refunds", headers=headers).status_code == 404


def test_a_refund_is_issued_and_paid_back(client: FlaskClient, headers: dict[str, str], order: dict[str, Any]) -> None:
    created = client.post(refunds_of(order), json={"amount": 20, "reason_code": "damaged"}, headers=headers)
    assert created.status_code == 201 and created.json["status"] == "issued"
    issued = RefundRequestIssuedPayload.model_validate(events(client, "refund_request.issued")[0]["payload"])
    paid = AmountRefundedPayload.model_validate(events(client, "payment_account.amount_refunded")[0]["payload"])
    assert (issued.amount, issued.currency, issued.reason_code) == (20.0, "GBP", "damaged")
    assert paid.refund_request_id == issued.id == created.json["id"] and paid.payment_account_id == issued.payment_account_id
    assert client.get(refunds_of(order), headers=headers).json == {"refunds": [created.json]}
    assert client.get(f"{refunds_of(order)}/{issued.id}", headers=headers).json == created.json


def test_refunds_cannot_exceed_what_was_captured(client: FlaskClient, headers: dict[str, str], order: dict[str, Any]) -> None:
    assert client.post(refunds_of(order), json={"amount": 60}, headers=headers).status_code == 201
    over = client.post(refunds_of(order), json={"amount": 5}, headers=headers)
    assert over.status_code == 400 and over.json["error_code"] == "refund_amount_exceeds_captured_amount"
    assert client.post(refunds_of(order), json={"amount": 4.95}, headers=headers).status_code == 201


def test_an_only_authorised_order_cannot_be_refunded(client: FlaskClient, headers: dict[str, str]) -> None:
    body = injection()
    body["payments"][0]["type"] = "authorized"
    order_id = client.post("/v0/d/fulfill_order", json=body, headers=headers).json["id"]
    refused = client.post(f"/v0/d/orders/{order_id}/refunds", json={"amount": 1}, headers=headers)
    assert refused.status_code == 400 and refused.json["error_code"] == "refund_amount_exceeds_captured_amount"


@pytest.mark.parametrize("body", [{"amount": 0}, {"amount": "lots"}, {}, {"amount": 5, "currency": "EUR"}])
def test_bad_refunds_are_400(client: FlaskClient, headers: dict[str, str], order: dict[str, Any], body: dict[str, Any]) -> None:
    response = client.post(refunds_of(order), json=body, headers=headers)
    assert response.status_code == 400
    assert events(client, "refund_request.issued") == []


def test_published_returns_are_served_and_blind_returns_carry_the_external_order_id(
    client: FlaskClient, headers: dict[str, str], order: dict[str, Any]
) -> None:
    item = {"id": "ri-1", "product_id": "P001", "refund_amount": 20.0, "refund_excl_tax": 16.67, "refund_tax": 3.33}
    common = {"returned_at": "t", "total_refund_amount": 20.0, "total_refund_excl_tax": 16.67, "total_refund_tax": 3.33}
    linked = {"id": "r-1", "order_id": order["id"], "currency": "GBP", "return_location_id": "LEE01", "items": [item], **common}
    blind = {**linked, "id": "r-2", "order_id": None, "external_order_id": "LEE01-T1-000009"}
    published = [{"name": "return.processed", "published_at": "t", "payload": p} for p in (linked, blind)]
    assert client.post("/_sim/publish", json={"events": published}).status_code == 202
    assert ReturnProcessedPayload.model_validate(blind).external_order_id == "LEE01-T1-000009"
    assert [r["id"] for r in client.get(returns_of(order), headers=headers).json["returns"]] == ["r-1"]

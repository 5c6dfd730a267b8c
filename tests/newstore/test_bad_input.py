"""No input, however odd, makes the simulator answer 500 (property tests with Hypothesis)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.newstore.ns_helpers import events, injection

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
# Random on purpose (a failure is always a real bug); no example database left in the repository.
SETTINGS = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FIELDS = (
    "items external_id product_id amount currency returned_from rejection_reason missing_product_ids line_items "
    "shipments payments price_method grand_total status type id order_id shipment product_ids"
).split()


def near_valid(valid: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A valid body with one field replaced by anything, or anything at all."""
    keys = st.sampled_from(sorted({*valid, *FIELDS}))
    return st.builds(lambda key, value: {**valid, key: value}, keys, JSON) | JSON


def paths(client: FlaskClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    order_id = client.post("/v0/d/fulfill_order", json=injection("FUZZ"), headers=headers).json["id"]
    (assigned,) = events(client, "fulfillment_request.assigned")
    fr = f"/v0/d/fulfillment_requests/{assigned['payload']['id']}"
    parcel = {"product_ids": ["P001"], "shipment": {"tracking_code": "t", "carrier": "c"}}
    return {
        "/v0/d/fulfill_order": injection("FUZZ-2"),
        f"/v0/d/orders/{order_id}/returns": {"items": [{"product_id": "P001"}], "returned_from": "LEE01"},
        f"/v0/d/orders/{order_id}/refunds": {"amount": 1},
        f"{fr}/rejection": {"rejection_reason": "no_inventory", "missing_product_ids": ["P002"]},
        f"{fr}/shipment": {"line_items": [parcel]},
        "/api/v1/org/integrations/eventstream": {"id": "s", "callback_parameters": {"callback_url": "http://x"}},
    }


def fuzz(client: FlaskClient, headers: dict[str, str], path: str, valid: dict[str, Any]) -> None:
    @SETTINGS
    @given(body=near_valid(valid))
    def post(body: Any) -> None:
        response = client.post(path, json=body, headers=headers)
        assert response.status_code < 500, (path, body, response.get_data(as_text=True))

    post()


def test_odd_bodies_never_make_a_500(client: FlaskClient, headers: dict[str, str]) -> None:
    for path, valid in paths(client, headers).items():
        fuzz(client, headers, path, valid)


@SETTINGS
@given(limit=st.text(max_size=5), offset=st.text(max_size=5), id_type=st.text(max_size=5))
def test_odd_query_arguments_never_make_a_500(
    client: FlaskClient, headers: dict[str, str], limit: str, offset: str, id_type: str
) -> None:
    query = {"limit": limit, "offset": offset}
    assert client.get("/_/v0/hq/stocked_products", query_string=query, headers=headers).status_code < 500
    assert client.get("/v0/d/external_orders/X", query_string={"id_type": id_type}, headers=headers).status_code < 500


@SETTINGS
@given(
    order=st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=5),
    name=st.sampled_from(["order.created", "order.items_cancelled"]),
)
def test_odd_published_orders_never_make_the_api_answer_500(
    client: FlaskClient, headers: dict[str, str], order: dict[str, Any], name: str
) -> None:
    order = {**order, "id": "X1", "external_id": "EX1"}
    assignment = {
        "id": "fr-x",
        "order_id": "X1",
        "logical_timestamp": 1,
        "fulfillment_location_id": "DC01",
        "service_level": "s",
        "items": [{"id": "u", "product_id": "P001"}],
    }
    published = [{"name": name, "published_at": "t", "payload": order}]
    published.append({"name": "fulfillment_request.assigned", "published_at": "t", "payload": assignment})
    assert client.post("/_sim/publish", json={"events": published}).status_code == 202
    calls = [
        client.get("/v0/d/external_orders/EX1", headers=headers),
        client.post("/v0/d/orders/X1/returns", json={"items": [{"product_id": "P001"}], "returned_from": "L"}, headers=headers),
        client.post("/v0/d/orders/X1/refunds", json={"amount": 1}, headers=headers),
        client.post(
            "/v0/d/fulfillment_requests/fr-x/shipment",
            json={"line_items": [{"product_ids": ["P001"], "shipment": {"tracking_code": "t", "carrier": "c"}}]},
            headers=headers,
        ),
        client.post("/v0/d/fulfill_order", json=injection("EX1"), headers=headers),
    ]
    assert all(r.status_code < 500 for r in calls), [(r.status_code, r.get_data(as_text=True)[:200]) for r in calls]

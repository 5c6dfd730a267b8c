"""Stocked products (paged), locations, stock locations and stores, as seeded."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from simulators.newstore.models import StockedProduct
from tests.newstore.ns_helpers import world

STOCK = "/_/v0/hq/stocked_products"


def test_stocked_products_have_the_documented_fields_and_derived_atp(client: FlaskClient, headers: dict[str, str]) -> None:
    page = client.get(STOCK, headers=headers).json
    assert set(page) == {"items", "pagination_info"}
    assert set(page["items"][0]) == {*StockedProduct.model_fields}
    by_key = {(p["sku"], p["fulfillment_node_id"]): p for p in page["items"]}
    assert by_key[("SKU002", "DC01")]["atp"] == 4, "on_hand 5 - safety_stock 1"
    assert by_key[("SKU004", "LEE01-FN")]["atp"] == 5, "on_hand 7 - allocations 2"
    assert by_key[("SKU001", "DC01")]["price"] == 20.0 and by_key[("SKU001", "DC01")]["currency"] == "GBP"


def test_paging_walks_every_product_once(client: FlaskClient, headers: dict[str, str]) -> None:
    seen, offset = [], 0
    while True:
        page = client.get(f"{STOCK}?limit=2&offset={offset}", headers=headers).json
        info = page["pagination_info"]
        assert info["total"] == 5 and info["offset"] == offset and info["count"] == len(page["items"])
        if not page["items"]:
            break
        seen += [(p["sku"], p["fulfillment_node_id"]) for p in page["items"]]
        offset += info["count"]
    assert len(seen) == len(set(seen)) == 5
    assert [len(client.get(f"{STOCK}?limit=2&offset={o}", headers=headers).json["items"]) for o in (0, 4, 5, 50)] == [2, 1, 0, 0]


def test_stocked_products_filter_by_node(client: FlaskClient, headers: dict[str, str]) -> None:
    page = client.get(f"{STOCK}?fulfillment_node_id=LEE01-FN", headers=headers).json
    assert {p["sku"] for p in page["items"]} == {"SKU001", "SKU004"} and page["pagination_info"]["total"] == 2


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "limit=ten", "offset=-1", "offset=1.5"])
def test_bad_paging_arguments_are_400(client: FlaskClient, headers: dict[str, str], query: str) -> None:
    response = client.get(f"{STOCK}?{query}", headers=headers)
    assert response.status_code == 400 and response.json["error_code"] == "bad_request"
    assert query.split("=")[0] in response.json["message"]


def test_locations_list_seeded_places_and_every_store(client: FlaskClient, headers: dict[str, str]) -> None:
    locations = client.get("/v0/locations", headers=headers).json["items"]
    assert [(x["id"], x["type"], x["fulfillment_node_id"]) for x in locations] == [
        ("DC01", "dc", "DC01"),
        ("LEE01", "store", "LEE01-FN"),
    ]
    bins = client.get("/v0/stock_locations", headers=headers).json["items"]
    assert [(b["name"], b["sellable"]) for b in bins] == [("main", True), ("damaged", False)]


def test_stores_are_read_by_id(client: FlaskClient, headers: dict[str, str]) -> None:
    store = client.get("/_/v0/stores/LEE01", headers=headers).json
    assert (store["display_name"], store["fulfillment_node_id"], store["timezone"]) == ("Leeds", "LEE01-FN", "Europe/London")
    missing = client.get("/_/v0/stores/YRK01", headers=headers)
    assert missing.status_code == 404 and missing.json["error_code"] == "not_found"


def test_inventory_needs_a_token(client: FlaskClient) -> None:
    for path in (STOCK, "/v0/locations", "/v0/stock_locations", "/_/v0/stores/LEE01"):
        assert client.get(path).status_code == 401


def test_a_seed_with_inconsistent_atp_is_refused_and_changes_nothing(client: FlaskClient, headers: dict[str, str]) -> None:
    bad = world()
    bad["stocked_products"] = [{"sku": "X", "on_hand": 3, "atp": 9, "fulfillment_node_id": "DC01"}]
    response = client.post("/_sim/seed", json=bad)
    assert response.status_code == 400 and "atp" in response.json["error"]
    assert client.get(STOCK, headers=headers).json["pagination_info"]["total"] == 5


def test_seeded_orders_are_served(client: FlaskClient, headers: dict[str, str]) -> None:
    order = {
        "id": "o-9",
        "external_id": "LEE01-T1-000009",
        "created_at": "t",
        "placed_at": "t",
        "channel_type": "store",
        "channel": "LEE01",
        "price_method": "tax_included",
        "subtotal": 0,
        "discount_total": 0,
        "shipping_total": 0,
        "shipping_tax": 0,
        "tax_total": 0,
        "grand_total": 0,
        "currency": "GBP",
        "items": [],
    }
    assert client.post("/_sim/seed", json={"orders": [order]}).status_code == 200
    assert client.get("/v0/d/external_orders/LEE01-T1-000009", headers=headers).json["id"] == "o-9"
    assert client.post("/_sim/seed", json={"orders": [{"id": "half"}]}).status_code == 400

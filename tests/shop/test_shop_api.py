"""The Shopify Admin REST surface: auth, catalogue reads, inventory writes, errors, orders."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from simulators.shop.state import DEFAULT_ACCESS_TOKEN
from tests.shop.shop_helpers import API, TOKEN, WALL_START, FakeClock

INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Shopify-Access-Token": "shpat_wrong"},
        {"X-Shopify-Access-Token": DEFAULT_ACCESS_TOKEN},
        {"Authorization": f"Bearer {TOKEN}"},
    ],
)
def test_missing_or_unknown_token_is_401(client: FlaskClient, headers: dict[str, str]) -> None:
    response = client.get(f"{API}/products.json", headers=headers)
    assert response.status_code == 401
    assert response.get_json() == {"errors": INVALID_TOKEN}
    assert "X-Shopify-Shop-Api-Call-Limit" not in response.headers


def test_products_carry_variants_with_string_prices_and_stock(client: FlaskClient, auth: dict[str, str]) -> None:
    products = client.get(f"{API}/products.json", headers=auth).get_json()["products"]
    assert [p["id"] for p in products] == [21, 22]
    shirt_m = products[0]["variants"][1]
    assert shirt_m["sku"] == "SHIRT-M" and shirt_m["price"] == "39.50" and shirt_m["inventory_item_id"] == 42
    assert shirt_m["inventory_quantity"] == 3  # 2 in London + 1 in Leeds
    assert client.get(f"{API}/products.json?ids=22", headers=auth).get_json()["products"][0]["title"] == "Tote Bag"


def test_product_by_id_and_unknown_id(client: FlaskClient, auth: dict[str, str]) -> None:
    assert client.get(f"{API}/products/22.json", headers=auth).get_json()["product"]["variants"][0]["price"] == "12.00"
    missing = client.get(f"{API}/products/99.json", headers=auth)
    assert (missing.status_code, missing.get_json()) == (404, {"errors": "Not Found"})


def test_locations(client: FlaskClient, auth: dict[str, str]) -> None:
    locations = client.get(f"{API}/locations.json", headers=auth).get_json()["locations"]
    assert [(loc["id"], loc["name"], loc["active"]) for loc in locations] == [(11, "London Flagship", True), (12, "Leeds", True)]


@pytest.mark.parametrize(
    ("version", "status"), [("2023-01", 200), ("2025-07", 200), ("unstable", 200), ("2024-13", 404), ("latest", 404)]
)
def test_any_yyyy_mm_version_is_served(client: FlaskClient, auth: dict[str, str], version: str, status: int) -> None:
    response = client.get(f"/admin/api/{version}/locations.json", headers=auth)
    assert response.status_code == status
    if status == 200:
        assert response.headers["X-Shopify-API-Version"] == version


@pytest.mark.parametrize("path", ["/admin/api/2024-10/widgets.json", "/admin/products.json"])
def test_unknown_route_is_shopify_404(client: FlaskClient, auth: dict[str, str], path: str) -> None:
    response = client.get(path, headers=auth)
    assert (response.status_code, response.get_json()) == (404, {"errors": "Not Found"})


def test_inventory_levels_filter_by_item_and_location(client: FlaskClient, auth: dict[str, str]) -> None:
    levels = client.get(f"{API}/inventory_levels.json?inventory_item_ids=42", headers=auth).get_json()
    assert sorted((lv["location_id"], lv["available"]) for lv in levels["inventory_levels"]) == [(11, 2), (12, 1)]
    at_leeds = client.get(f"{API}/inventory_levels.json?location_ids=12", headers=auth).get_json()
    assert [lv["inventory_item_id"] for lv in at_leeds["inventory_levels"]] == [42]
    bare = client.get(f"{API}/inventory_levels.json", headers=auth)
    assert bare.status_code == 422 and "base" in bare.get_json()["errors"]
    bad = client.get(f"{API}/inventory_levels.json?location_ids=12,abc", headers=auth)
    assert bad.status_code == 422 and bad.get_json()["errors"] == {"location_ids": ["is invalid"]}


def test_set_returns_the_inventory_level(client: FlaskClient, auth: dict[str, str], wall: FakeClock) -> None:
    wall.advance(30)
    response = client.post(
        f"{API}/inventory_levels/set.json", headers=auth, json={"location_id": 11, "inventory_item_id": 41, "available": 9}
    )
    assert response.status_code == 200
    level = response.get_json()["inventory_level"]
    assert {k: level[k] for k in ("inventory_item_id", "location_id", "available")} == {
        "inventory_item_id": 41,
        "location_id": 11,
        "available": 9,
    }
    assert level["updated_at"] == "2023-11-14T22:13:50+00:00"  # WALL_START + 30 s


def test_set_connects_an_item_to_a_new_location(client: FlaskClient, auth: dict[str, str]) -> None:
    body = {"location_id": "12", "inventory_item_id": 43, "available": 4}  # integer strings are coerced
    assert client.post(f"{API}/inventory_levels/set.json", headers=auth, json=body).status_code == 200
    levels = client.get(f"{API}/inventory_levels.json?inventory_item_ids=43", headers=auth).get_json()
    assert [(lv["location_id"], lv["available"]) for lv in levels["inventory_levels"]] == [(12, 4)]


def test_adjust_adds_to_available(client: FlaskClient, auth: dict[str, str]) -> None:
    response = client.post(
        f"{API}/inventory_levels/adjust.json",
        headers=auth,
        json={"location_id": 11, "inventory_item_id": 42, "available_adjustment": -3},
    )
    assert response.status_code == 200
    assert response.get_json()["inventory_level"]["available"] == -1  # Shopify lets stock go negative


@pytest.mark.parametrize(
    ("path", "body", "errors"),
    [
        ("set", {"location_id": 11, "inventory_item_id": 41}, {"available": ["Required parameter missing or invalid"]}),
        (
            "set",
            {},
            {name: ["Required parameter missing or invalid"] for name in ("location_id", "inventory_item_id", "available")},
        ),
        ("set", {"location_id": 11, "inventory_item_id": 41, "available": "lots"}, {"available": ["is invalid"]}),
        ("set", {"location_id": 11, "inventory_item_id": 41, "available": True}, {"available": ["is invalid"]}),
        ("set", {"location_id": 99, "inventory_item_id": 41, "available": 1}, {"location_id": ["Location could not be found"]}),
        (
            "set",
            {"location_id": 11, "inventory_item_id": 99, "available": 1},
            {"inventory_item_id": ["Inventory item could not be found"]},
        ),
        (
            "adjust",
            {"location_id": 11, "inventory_item_id": 41},
            {"available_adjustment": ["Required parameter missing or invalid"]},
        ),
        (
            "adjust",
            {"location_id": 12, "inventory_item_id": 41, "available_adjustment": 1},
            {"base": ["Inventory item is not stocked at the location"]},
        ),
    ],
)
def test_bad_writes_are_422_with_field_errors(
    client: FlaskClient, auth: dict[str, str], path: str, body: dict[str, object], errors: dict[str, list[str]]
) -> None:
    response = client.post(f"{API}/inventory_levels/{path}.json", headers=auth, json=body)
    assert (response.status_code, response.get_json()) == (422, {"errors": errors})
    assert client.get("/_sim/activity").get_json()["writes"] == 0


@pytest.mark.parametrize("raw", ['{"location_id": 11,', "[1, 2]", "\xff\xfe"])
def test_malformed_body_is_400_and_noted_in_the_journal(client: FlaskClient, auth: dict[str, str], raw: str) -> None:
    response = client.post(
        f"{API}/inventory_levels/set.json", headers=auth, data=raw.encode("latin-1"), content_type="application/json"
    )
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["base"]
    entry = client.get("/_sim/journal").get_json()["entries"][-1]
    assert entry["status"] == 400 and entry["notes"] and entry["notes"][0].startswith("rejected 400")


def test_every_stock_change_is_kept_with_time_and_request(client: FlaskClient, auth: dict[str, str], wall: FakeClock) -> None:
    wall.advance(5)
    first = client.post(
        f"{API}/inventory_levels/set.json", headers=auth, json={"location_id": 11, "inventory_item_id": 41, "available": 8}
    )
    wall.advance(2)
    client.post(
        f"{API}/inventory_levels/adjust.json",
        headers=auth,
        json={"location_id": 11, "inventory_item_id": 41, "available_adjustment": -1},
    )
    level = next(
        lv for lv in client.get("/_sim/state").get_json()["inventory"] if (lv["inventory_item_id"], lv["location_id"]) == (41, 11)
    )
    assert level["available"] == 7
    assert [(c["at"], c["available"], c["delta"]) for c in level["changes"]] == [
        (WALL_START, 5, 5),
        (WALL_START + 5, 8, 3),
        (WALL_START + 7, 7, -1),
    ]
    assert level["changes"][0]["via"] == "seed"
    assert level["changes"][1]["via"] == f"POST {API}/inventory_levels/set.json"
    assert level["changes"][1]["request_id"] == first.headers["X-Request-Id"]
    assert level["changes"][2]["via"].endswith("/inventory_levels/adjust.json")
    assert client.get("/_sim/activity").get_json()["writes"] == 2


def test_web_order_for_click_and_collect(client: FlaskClient, auth: dict[str, str]) -> None:
    created = client.post(
        "/_sim/orders",
        json={"email": "a@example.com", "pickup_location_id": 12, "line_items": [{"sku": "SHIRT-M", "quantity": 1}]},
    )
    assert created.status_code == 201
    order_id = created.get_json()["order"]["id"]
    listed = client.get(f"{API}/orders.json", headers=auth).get_json()["orders"]
    assert [o["id"] for o in listed] == [order_id]
    order = client.get(f"{API}/orders/{order_id}.json", headers=auth).get_json()["order"]
    assert (order["name"], order["fulfillment_status"], order["location_id"], order["total_price"]) == (
        "#1001",
        None,
        12,
        "39.50",
    )
    assert order["shipping_lines"][0]["title"] == "Leeds"
    line = order["line_items"][0]
    assert (line["sku"], line["variant_id"], line["quantity"], line["price"]) == ("SHIRT-M", 32, 1, "39.50")
    leeds = client.get(f"{API}/inventory_levels.json?location_ids=12", headers=auth).get_json()["inventory_levels"]
    assert leeds[0]["available"] == 0
    history = client.get("/_sim/state").get_json()["inventory"]
    assert any(c["via"] == "order #1001" for lv in history for c in lv["changes"])
    assert client.get(f"{API}/orders.json?status=closed", headers=auth).get_json()["orders"] == []
    assert client.get(f"{API}/orders/424242.json", headers=auth).status_code == 404


def test_checkout_refuses_an_order_it_has_no_stock_for(client: FlaskClient) -> None:
    order = {"pickup_location_id": 12, "line_items": [{"variant_id": 32, "quantity": 2}]}
    refused = client.post("/_sim/orders", json=order)
    assert refused.status_code == 422 and "out of stock" in refused.get_json()["error"]
    assert client.post("/_sim/orders", json={**order, "inventory_behaviour": "bypass"}).status_code == 201
    state = client.get("/_sim/state").get_json()
    assert [lv["available"] for lv in state["inventory"] if lv["location_id"] == 12] == [1]
    assert client.post("/_sim/orders", json={"line_items": [{"sku": "NOPE", "quantity": 1}]}).status_code == 400


def test_reset_forgets_the_world(client: FlaskClient, auth: dict[str, str]) -> None:
    client.post("/_sim/reset")
    assert client.get(f"{API}/products.json", headers=auth).status_code == 401  # seeded token gone
    default = {"X-Shopify-Access-Token": DEFAULT_ACCESS_TOKEN}
    assert client.get(f"{API}/products.json", headers=default).get_json() == {"products": []}


@pytest.mark.parametrize(
    "seed",
    [
        {"inventory": [{"sku": "SHIRT-XL", "location_id": 11, "available": 1}]},
        {"config": {"bucket_size": "40"}},
        {"inventory": [{"inventory_item_id": 41, "location_id": 99, "available": 1}]},
        {"config": {"leak_per_second": 0}},
        {"config": {"retry_after_seconds": "soon"}},
        {"config": {"plan": "plus"}},
        {"locations": [{"id": 11, "name": "London again"}]},
    ],
)
def test_bad_seed_is_refused_and_changes_nothing(client: FlaskClient, auth: dict[str, str], seed: dict[str, object]) -> None:
    assert client.post("/_sim/seed", json=seed).status_code == 400
    assert client.get("/_sim/state").get_json()["config"]["bucket_size"] == 40
    assert client.get(f"{API}/locations.json", headers=auth).headers["X-Shopify-Shop-Api-Call-Limit"] == "1/40"

"""Test data and small helpers for the NewStore simulator tests."""

from __future__ import annotations

import copy
from typing import Any

from flask.testing import FlaskClient

TOKEN = "/auth/realms/acme/protocol/openid-connect/token"
STREAMS = "/api/v1/org/integrations/eventstream"
EPOCH = 1_795_770_000.0  # 2026-11-27T09:00:00Z

WORLD: dict[str, Any] = {
    "config": {"tenant": "acme", "default_fulfillment_node_id": "DC01"},
    "clients": {"ns-client": "ns-secret"},
    "stores": [
        {"store_id": "LEE01", "display_name": "Leeds", "fulfillment_node_id": "LEE01-FN", "timezone": "Europe/London"},
    ],
    "locations": [{"id": "DC01", "name": "Main DC", "type": "dc", "fulfillment_node_id": "DC01"}],
    "stock_locations": [{"name": "main"}, {"name": "damaged", "sellable": False}],
    "stocked_products": [
        {"sku": "SKU001", "product_id": "P001", "on_hand": 10, "fulfillment_node_id": "DC01", "price": 20.0, "currency": "GBP"},
        {"sku": "SKU002", "product_id": "P002", "on_hand": 5, "safety_stock": 1, "fulfillment_node_id": "DC01"},
        {"sku": "SKU003", "product_id": "P003", "on_hand": 0, "fulfillment_node_id": "DC01"},
        {"sku": "SKU001", "product_id": "P001", "on_hand": 3, "fulfillment_node_id": "LEE01-FN"},
        {"sku": "SKU004", "product_id": "P004", "on_hand": 7, "allocations": 2, "atp": 5, "fulfillment_node_id": "LEE01-FN"},
    ],
}


def world(**config: Any) -> dict[str, Any]:
    seeded = copy.deepcopy(WORLD)
    seeded["config"].update(config)
    return seeded


class FakeClock:
    """POSIX seconds that move only when the test says so."""

    def __init__(self, now: float = EPOCH) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def token_headers(client: FlaskClient) -> dict[str, str]:
    response = client.post(
        TOKEN, data={"grant_type": "client_credentials", "client_id": "ns-client", "client_secret": "ns-secret"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def start_stream(client: FlaskClient, headers: dict[str, str], url: str, stream_id: str = "s1") -> None:
    registration = {"id": stream_id, "callback_parameters": {"callback_url": url}, "integration_type": "permanent"}
    assert client.post(STREAMS, json=registration, headers=headers).status_code in (200, 201)
    assert client.post(f"{STREAMS}/{stream_id}/_start", headers=headers).status_code == 200


def injection(
    external_id: str = "WEB-000001", products: tuple[str, ...] = ("P001", "P001", "P002"), **extra: Any
) -> dict[str, Any]:
    """A tax-included web order: each unit 20.00 incl. 3.33 VAT, shipping 4.95 incl. 0.83."""
    body: dict[str, Any] = {
        "external_id": external_id,
        "channel_type": "web",
        "channel_name": "webshop",
        "currency": "GBP",
        "shop": "storefront-catalog-en",
        "shop_locale": "en-GB",
        "placed_at": "2026-11-27T09:00:00.000Z",
        "price_method": "tax_included",
        "customer_email": "ada@example.com",
        "shipments": [
            {
                "items": [
                    {
                        "external_item_id": f"L{n}",
                        "product_id": product,
                        "price": {
                            "item_price": 20.0,
                            "item_list_price": 25.0,
                            "item_tax_lines": [{"amount": 3.33, "rate": 0.2, "name": "VAT"}],
                        },
                    }
                    for n, product in enumerate(products)
                ],
                "shipping_option": {"service_level_identifier": "standard", "price": 4.95, "tax": 0.83},
            }
        ],
        "payments": [
            {
                "processor": "adyen",
                "correlation_ref": "psp-1",
                "type": "captured",
                "amount": round(20.0 * len(products) + 4.95, 2),
                "method": "credit_card",
                "processed_at": "2026-11-27T09:00:01.000Z",
            }
        ],
    }
    body.update(extra)
    return body


def events(client: FlaskClient, name: str | None = None) -> list[dict[str, Any]]:
    """Events the simulator published (``/_sim/events``), optionally of one name."""
    published = client.get("/_sim/events").json["events"]
    return [e for e in published if name is None or e["name"] == name]


def stocked(client: FlaskClient, headers: dict[str, str], sku: str, node: str) -> dict[str, Any]:
    page = client.get(f"/_/v0/hq/stocked_products?fulfillment_node_id={node}&limit=500", headers=headers).json
    return next(p for p in page["items"] if p["sku"] == sku)

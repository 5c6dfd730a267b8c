"""The web-shop simulator on a real socket, driven with ``requests`` as an integration would."""

from __future__ import annotations

import requests

from simulators.common.serving import ServerThread
from simulators.shop import ShopState, create_app
from tests.shop.shop_helpers import API, TOKEN, world


def test_stock_sync_over_http() -> None:
    app = create_app(ShopState(clock=lambda: 0.0))  # a frozen bucket clock: no leak between calls
    with ServerThread(app, host="127.0.0.1", port=0, name="shop") as server, requests.Session() as http:
        assert http.post(f"{server.url}/_sim/seed", json=world(), timeout=5).status_code == 200
        http.headers["X-Shopify-Access-Token"] = TOKEN
        variant = http.get(f"{server.url}{API}/products/21.json", timeout=5).json()["product"]["variants"][0]
        response = http.post(
            f"{server.url}{API}/inventory_levels/adjust.json",
            timeout=5,
            json={"location_id": 11, "inventory_item_id": variant["inventory_item_id"], "available_adjustment": -2},
        )
        assert response.status_code == 200
        assert response.headers["X-Shopify-Shop-Api-Call-Limit"] == "2/40"
        assert response.json()["inventory_level"]["available"] == 3
        levels = http.get(
            f"{server.url}{API}/inventory_levels.json", timeout=5, params={"inventory_item_ids": "41", "location_ids": "11"}
        ).json()["inventory_levels"]
        assert [lv["available"] for lv in levels] == [3]
        assert http.get(f"{server.url}/_sim/activity", timeout=5).json()["writes"] == 1
        http.post(f"{server.url}/_sim/seed", json={"config": {"bucket_size": 1}}, timeout=5)
        statuses = [http.get(f"{server.url}{API}/locations.json", timeout=5) for _ in range(2)]
        assert [r.status_code for r in statuses] == [200, 429]
        assert statuses[1].headers["Retry-After"] == "2.0"

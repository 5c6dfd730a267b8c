"""A small retail world on the real simulators, with the reference integration wired to it.

``Rig`` serves NewStore, Sitoo, the ERP, the web shop and the exception queue on loopback
sockets (``ServerThread`` + ``simulators.registry.create``, as the harness does), seeds
them with two stores and three products, writes the mapping tables, and runs the
integration in this process: its workers, and its webhook app on a real socket so the
simulators deliver to it exactly as they would to a separate process. Tests drive POS
traffic through the simulators' ``/_sim/`` surfaces and wait until everything is idle.
"""

from __future__ import annotations

import csv
import socket
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import requests

from examples.reference_integration.behaviour import Behaviour
from examples.reference_integration.config import Settings
from examples.reference_integration.service import Integration, create_webhook_app
from simulators.common.app import handle
from simulators.common.serving import ServerThread
from simulators.registry import create

LEEDS, YORK = "store-lee01", "store-yor01"
TEE, HOODIE, SOCK = "TEE-0001-BLK-M", "HOD-0002-GRY-L", "SCK-0003-WHT-S"
VAT = "GB VAT 20%"
SHOP_LOCATION = {LEEDS: 101, YORK: 102}
SHOP_ITEM = {TEE: 41, HOODIE: 42, SOCK: 43}
ITEM = {TEE: "5001", HOODIE: "5002", SOCK: "5003"}
PRICE = {TEE: "12.00", HOODIE: "48.00", SOCK: "6.00"}
STOCK = 20  # units of each SKU at each store, in the shop and the ERP

ERP_MASTER: dict[str, list[dict[str, Any]]] = {
    "subsidiary": [{"id": "1", "name": "Harness Retail Ltd"}],
    "currency": [{"id": "1", "name": "GBP"}],
    "customer": [{"id": "100", "name": "POS Walk-in Customer"}],
    "location": [{"id": "11", "name": "Leeds", "externalId": LEEDS}, {"id": "12", "name": "York", "externalId": YORK}],
    "inventoryItem": [
        {"id": ITEM[sku], "name": sku, "itemId": sku, "externalId": sku, "basePrice": float(PRICE[sku])} for sku in ITEM
    ],
    "salesTaxItem": [{"id": "7", "name": VAT, "rate": "0.20"}],
    "paymentMethod": [{"id": "1", "name": "card"}, {"id": "2", "name": "cash"}],
    "account": [
        {"id": "1100", "name": "Cash in tills"},
        {"id": "1200", "name": "Card clearing"},
        {"id": "1300", "name": "Inventory"},
        {"id": "2200", "name": "VAT payable"},
        {"id": "4000", "name": "Sales"},
        {"id": "9999", "name": "Suspense", "suspense": True},
    ],
}

MAPPINGS: dict[str, list[tuple[str, str]]] = {
    "locations": [(LEEDS, "11"), (YORK, "12")],
    "store_subsidiaries": [(LEEDS, "1"), (YORK, "1")],
    "store_customers": [(LEEDS, "100"), (YORK, "100")],
    "currencies": [("GBP", "1")],
    "payment_methods": [("card", "1"), ("cash", "2")],
    "tax_codes": [(VAT, "7")],
    "items": [(sku, item) for sku, item in ITEM.items()],
    "sitoo_warehouses": [("1", LEEDS), ("2", YORK)],
    "shop_locations": [(store, str(location)) for store, location in SHOP_LOCATION.items()],
    "shop_items": [(sku, str(item)) for sku, item in SHOP_ITEM.items()],
    "accounts": [("sales", "4000"), ("vat", "2200"), ("inventory", "1300"), ("tender:card", "1200"), ("tender:cash", "1100")],
}


def write_mappings(directory: Path, tables: dict[str, list[tuple[str, str]]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (directory / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["left_value", "right_value"])
            writer.writerows(rows)
    return directory


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll until ``condition`` holds (a wait, not a timing assertion: the timeout only stops a hang)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.02)


class Rig:
    def __init__(
        self,
        tmp_path: Path,
        behaviour: Behaviour | None = None,
        newstore_config: dict[str, Any] | None = None,
        mappings: dict[str, list[tuple[str, str]]] | None = None,
        **settings: Any,
    ) -> None:
        self.servers: dict[str, ServerThread] = {}
        for name in ("newstore", "sitoo", "erp", "shop", "exceptions"):
            self.servers[name] = ServerThread(create(name), name=name).start()
        self.session = requests.Session()
        self._seed(newstore_config or {})
        mappings_dir = write_mappings(tmp_path / "mappings", mappings or MAPPINGS)
        port = free_port()
        url = {name: server.url for name, server in self.servers.items()}
        self.settings = replace(
            Settings(
                host="127.0.0.1",
                port=port,
                public_url=f"http://127.0.0.1:{port}",
                newstore_base_url=url["newstore"],
                newstore_token_url=f"{url['newstore']}/auth/realms/harness-retail/protocol/openid-connect/token",
                newstore_client_id="ns-client",
                newstore_client_secret="ns-secret",
                erp_base_url=f"{url['erp']}/services/rest",
                erp_token_url=f"{url['erp']}/services/rest/auth/oauth2/v1/token",
                erp_client_id="erp-client",
                erp_client_secret="erp-secret",
                sitoo_base_url=f"{url['sitoo']}/v2/accounts/10020",
                sitoo_api_id="10020-140",
                sitoo_api_password="sitoo-secret",
                shop_base_url=url["shop"],
                shop_api_version="2024-10",
                shop_access_token="shpat_rig",
                exceptions_url=f"{url['exceptions']}/exceptions",
                mappings_dir=str(mappings_dir),
                price_poll_busy_seconds=0.05,
                price_poll_quiet_seconds=0.2,
            ),
            **settings,
        )
        self.integration = Integration(self.settings, behaviour or Behaviour())
        self.webhooks = ServerThread(create_webhook_app(self.integration), port=port, name="integration").start()

    def _seed(self, newstore_config: dict[str, Any]) -> None:
        self.admin(
            "newstore", "seed", {"config": {"tenant": "harness-retail", **newstore_config}, "clients": {"ns-client": "ns-secret"}}
        )
        self.admin("erp", "seed", {"clients": {"erp-client": "erp-secret"}, "master": ERP_MASTER})
        self.admin(
            "sitoo",
            "seed",
            {
                "stores": [{"storeid": 1, "name": "Leeds"}, {"storeid": 2, "name": "York"}],
                "warehouses": [
                    {"warehouseid": 1, "storeid": 1, "name": "Leeds"},
                    {"warehouseid": 2, "storeid": 2, "name": "York"},
                ],
                "products": [{"sku": sku, "title": sku, "moneyprice": PRICE[sku], "vatvalue": 20} for sku in ITEM],
                "cashregisters": [{"registernumber": 1, "warehouseid": 1}, {"registernumber": 2, "warehouseid": 1}],
            },
        )
        self.admin(
            "shop",
            "seed",
            {
                "access_tokens": ["shpat_rig"],
                "config": {"bucket_size": 400, "leak_per_second": 200.0},
                "locations": [{"id": location, "name": store} for store, location in SHOP_LOCATION.items()],
                "products": [
                    {"title": sku, "variants": [{"sku": sku, "price": PRICE[sku], "inventory_item_id": SHOP_ITEM[sku]}]}
                    for sku in ITEM
                ],
                "inventory": [
                    {"inventory_item_id": item, "location_id": location, "available": STOCK}
                    for item in SHOP_ITEM.values()
                    for location in SHOP_LOCATION.values()
                ],
            },
        )

    # -- running ---------------------------------------------------------------------
    def start(self) -> Rig:
        self.integration.start()
        self.admin("sitoo", "subscription", {"url": f"{self.settings.public_url}/sitoo/events"})
        return self

    def stop(self) -> None:
        self.integration.stop()
        self.webhooks.stop()
        for server in self.servers.values():
            server.stop()
            close = getattr(handle(server.app).state, "close", None)  # type: ignore[arg-type]
            if close is not None:
                close()

    def admin(self, system: str, path: str, body: Any = None, method: str = "POST") -> Any:
        response = self.session.request(method, f"{self.servers[system].url}/_sim/{path}", json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def publish(self, *events: tuple[str, dict[str, Any]]) -> None:
        """NewStore POS events, published in this order (delivery may reorder them)."""
        body = {"events": [{"name": name, "published_at": "2026-11-27T10:00:00.000Z", "payload": p} for name, p in events]}
        self.admin("newstore", "publish", body)

    def idle(self) -> bool:
        activity = {name: self.admin(name, "activity", method="GET") for name in ("newstore", "sitoo", "erp")}
        return (
            activity["newstore"]["pending"] == 0
            and activity["sitoo"]["pending"] == 0
            and activity["erp"]["in_flight"] == 0
            and not any(self.integration.pending().values())
        )

    def settle(self) -> None:
        """Wait until the simulators and the integration have nothing left to do, twice in a row."""
        wait_until(lambda: self.idle() and self.idle(), "the integration to settle")

    # -- reading ---------------------------------------------------------------------
    def records(self, record_type: str) -> list[dict[str, Any]]:
        return list(self.admin("erp", "state", method="GET")["records"].get(record_type, []))

    def record(self, record_type: str, external_id: str) -> dict[str, Any]:
        found = [r for r in self.records(record_type) if r.get("externalId") == external_id]
        assert len(found) == 1, f"{len(found)} {record_type} records with externalId {external_id}"
        return found[0]

    def exceptions(self) -> list[dict[str, Any]]:
        return list(self.admin("exceptions", "state", method="GET")["reports"])

    def shop_available(self, sku: str, store: str) -> int:
        levels = self.admin("shop", "state", method="GET")["inventory"]
        level = next(
            lv for lv in levels if lv["inventory_item_id"] == SHOP_ITEM[sku] and lv["location_id"] == SHOP_LOCATION[store]
        )
        return int(level["available"])

    def sitoo_price(self, sku: str) -> str:
        products = self.admin("sitoo", "state", method="GET")["products"]
        return str(next(p["moneyprice"] for p in products if p["sku"] == sku))

"""Shared test data and helpers for the Sitoo simulator tests (fixtures live in conftest.py)."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable
from typing import Any

ACCOUNT = 10020
API_ID, PASSWORD = "10020-140", "s3cret"
BASE = f"/v2/accounts/{ACCOUNT}"
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{API_ID}:{PASSWORD}".encode()).decode()}
WORLD: dict[str, Any] = {
    "config": {"account_id": ACCOUNT, "events_retry_base_delay": 0.01, "events_retry_max_delay": 0.05},
    "credentials": [{"api_id": API_ID, "password": PASSWORD}],
    "sites": [{"siteid": 1, "eshopname": "Webshop"}, {"siteid": 2, "eshopname": "Outlet"}],
    "stores": [{"storeid": 1, "eshopid": 1, "name": "Oslo", "externalid": "S001"}],
    "warehouses": [
        {"warehouseid": 1, "storeid": 1, "name": "Oslo", "currencycode": "NOK"},
        {"warehouseid": 9, "warehousetype": 20, "name": "Virtual"},
    ],
    "products": [
        {"sku": "MUG", "title": "Mug", "moneyprice": "99", "vatvalue": 25},
        {"sku": "TEE", "title": "Tee", "moneyprice": 199.5, "vatvalue": 25},
    ],
    "stock": [{"warehouseid": 1, "sku": "MUG", "decimaltotal": "5"}],
}


class FakeClock:
    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def sale(**overrides: Any) -> dict[str, Any]:
    """A one-line POS sale of two mugs at 80.00 net + 25% VAT, paid by card."""
    order = {
        "warehouseid": 1,
        "currencycode": "NOK",
        "email": "kari@example.com",
        "orderitems": [{"sku": "MUG", "productname": "Mug", "quantity": 2, "moneynetpriceperunit": "80", "vatvalue": 25}],
        "payments": [{"name": "Card", "moneyamount": "200.00", "cardissuer": "Visa"}],
    }
    return {**order, **overrides}


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll until ``predicate()`` holds; fail the test at the deadline."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met before the deadline"
        time.sleep(0.005)


class Receiver:
    """The integration's ``POST /events``: answers a scripted status per call, then 200.

    A script entry ``"hang"`` holds the request until the test ends (a timeout for the sender).
    """

    def __init__(self) -> None:
        self.script: list[int | str] = []
        self.calls: list[dict[str, Any]] = []
        self.release = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        with self._lock:
            action = self.script.pop(0) if self.script else 200
            self.calls.append(
                {
                    "events": json.loads(body),
                    "status": action,
                    "auth": environ.get("HTTP_AUTHORIZATION"),
                    "path": environ["PATH_INFO"],
                }
            )
        if action == "hang":
            self.release.wait(10)
            action = 200
        start_response(f"{action} Scripted", [("Content-Type", "application/json")])
        return [b"{}"]

    def processed_ids(self) -> list[str]:
        """Event ids in the batches this receiver answered 200 to, in arrival order."""
        with self._lock:
            return [e["event_id"] for c in self.calls if c["status"] == 200 for e in c["events"]]

"""HTTP clients for the POS side and the web shop: NewStore, Sitoo, the shop, the exception queue.

All share :class:`JsonApi`'s manners: keep-alive connections (``transport.py``), and a
transient failure (no answer, 429, 5xx) is retried after the ``Retry-After`` the server
asked for, else after a short backoff, until ``give_up_after`` seconds have passed.
Anything else is returned to the caller to judge. The ERP, whose governance needs more
care, has its own client in ``erp_client.py``.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from .oauth import hs256_client_assertion
from .transport import ConnectionFailed, Response, Transport, basic_auth

__all__ = ["ExceptionQueue", "JsonApi", "NewStoreClient", "ShopClient", "SitooClient", "hs256_client_assertion"]

log = logging.getLogger("reference_integration.clients")
TRANSIENT = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 0.4  # retry at least this often: an integration that is still trying shows it


def retry_after(response: Response) -> float | None:
    value = response.header("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def backoff(attempt: int) -> float:
    return float(min(MAX_BACKOFF, 0.05 * 2.0 ** (attempt - 1)))


class JsonApi:
    def __init__(self, base_url: str, give_up_after: float = 120.0) -> None:
        self.http = Transport(base_url)
        self.give_up_after = give_up_after

    def headers(self) -> dict[str, str]:
        return {}

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, json: Any = None, params: dict[str, Any] | None = None) -> Response:
        """One logical request, retried while the failure is transient; raises only if it never got an answer."""
        deadline = time.monotonic() + self.give_up_after
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.http.request(method, path, json=json, params=params, headers=self.headers())
            except ConnectionFailed:
                if time.monotonic() > deadline:
                    raise
                time.sleep(backoff(attempt))
                continue
            if response.status not in TRANSIENT or time.monotonic() > deadline:
                return response
            wait = retry_after(response)
            time.sleep(backoff(attempt) if wait is None else wait)


class NewStoreClient(JsonApi):
    """OAuth2 client credentials; registers the event stream and reads orders."""

    def __init__(self, base_url: str, token_url: str, client_id: str, client_secret: str) -> None:
        super().__init__(base_url)
        self.token_endpoint = Transport(token_url)
        self.client_id = client_id
        self.client_secret = client_secret
        self._token: str | None = None
        self._token_lock = threading.Lock()

    def headers(self) -> dict[str, str]:
        with self._token_lock:
            if self._token is None:
                form = {"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret}
                response = self.token_endpoint.request("POST", form=form)
                response.raise_for_status()
                self._token = str(response.json()["access_token"])
            return {"Authorization": f"Bearer {self._token}"}

    def close(self) -> None:
        super().close()
        self.token_endpoint.close()

    def authorised_call(self, method: str, path: str, json: Any = None) -> Response:
        response = self.call(method, path, json=json)
        if response.status in (401, 403):  # missing or expired token: fetch a new one, once
            with self._token_lock:
                self._token = None
            response = self.call(method, path, json=json)
        return response

    def start_event_stream(self, stream_id: str, callback_url: str, api_key: str) -> None:
        path = "/api/v1/org/integrations/eventstream"
        body = {
            "id": stream_id,
            "callback_parameters": {"callback_url": callback_url, "api_key": api_key},
            "integration_type": "permanent",
        }
        self.authorised_call("POST", path, body).raise_for_status()
        self.authorised_call("POST", f"{path}/{stream_id}/_start").raise_for_status()

    def order(self, order_id: str) -> dict[str, Any] | None:
        """An order by its NewStore id (None if NewStore does not know it)."""
        response = self.authorised_call("GET", f"/v0/c/customer_orders/{order_id}")
        if response.status == 404:
            return None
        response.raise_for_status()
        return dict(response.json())


class SitooClient(JsonApi):
    """HTTP Basic with the API id; orders, registers, Z-reports and products of one account."""

    PAGE = 100  # Sitoo's largest page

    def __init__(self, base_url: str, api_id: str, password: str) -> None:
        super().__init__(base_url)
        self.authorization = basic_auth(api_id, password)

    def headers(self) -> dict[str, str]:
        return {"Authorization": self.authorization}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        response = self.call("GET", path, params=params)
        response.raise_for_status()
        return response.json()

    def orders(self, orderids: list[int]) -> dict[int, dict[str, Any]]:
        """Several orders in one request per page (the list filter takes ``orderid=1,2,3``)."""
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(orderids), self.PAGE):
            chunk = orderids[start : start + self.PAGE]
            page = self.get("/orders.json", {"orderid": ",".join(map(str, chunk)), "num": self.PAGE})
            found.update({int(o["orderid"]): o for o in page["items"]})
        return found

    def register(self, siteid: int, registerid: str) -> dict[str, Any]:
        return dict(self.get(f"/sites/{siteid}/cashregisters/{registerid}.json"))

    def registers(self, siteid: int) -> list[dict[str, Any]]:
        return self._all(f"/sites/{siteid}/cashregisters.json")

    def zreport(self, siteid: int, registerid: str, zreportid: int) -> dict[str, Any]:
        return dict(self.get(f"/sites/{siteid}/cashregisters/{registerid}/zreports/{zreportid}.json"))

    def latest_zreport(self, siteid: int, registerid: str) -> dict[str, Any] | None:
        page = self.get(f"/sites/{siteid}/cashregisters/{registerid}/zreports.json", {"sort": "-zreportid", "num": 1})
        return dict(page["items"][0]) if page["items"] else None

    def sites(self) -> list[int]:
        """The account's sites (web shops), as its stores name them (Sitoo's sites.json is not simulated)."""
        stores = self._all("/sites/1/stores.json")
        return sorted({1, *(int(s["eshopid"]) for s in stores if s.get("eshopid") is not None)})

    def products(self, siteid: int) -> list[dict[str, Any]]:
        return self._all(f"/sites/{siteid}/products.json", {"fields": "productid,sku,moneyprice"})

    def update_products(self, siteid: int, rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), self.PAGE):
            self.call("PUT", f"/sites/{siteid}/products.json", json=rows[start : start + self.PAGE]).raise_for_status()

    def _all(self, path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        while True:
            page = self.get(path, {**(params or {}), "start": len(rows), "num": self.PAGE})
            rows.extend(page["items"])
            if not page["items"] or len(rows) >= int(page["totalcount"]):
                return rows


class ShopClient(JsonApi):
    """Shopify Admin REST: stock levels at the shop's locations."""

    def __init__(self, base_url: str, api_version: str, access_token: str) -> None:
        super().__init__(f"{base_url.rstrip('/')}/admin/api/{api_version}", give_up_after=600.0)
        self.access_token = access_token

    def headers(self) -> dict[str, str]:
        return {"X-Shopify-Access-Token": self.access_token}

    def adjust(self, location_id: int, inventory_item_id: int, delta: int) -> bool:
        body = {"location_id": location_id, "inventory_item_id": inventory_item_id, "available_adjustment": delta}
        response = self.call("POST", "/inventory_levels/adjust.json", json=body)
        if response.status != 200:
            log.error("shop refused a stock adjustment %s: %s %s", body, response.status, response.text[:200])
        return response.status == 200


class ExceptionQueue(JsonApi):
    """Where records that will not be posted go; each record is reported once."""

    def __init__(self, url: str) -> None:
        super().__init__(url, give_up_after=600.0)
        self._reported: set[str] = set()
        self._lock = threading.Lock()

    def report(
        self,
        source_system: str,
        record_type: str,
        source_id: str,
        reason: str,
        field: str | None = None,
        value: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> None:
        with self._lock:
            if source_id in self._reported:
                return
            self._reported.add(source_id)
        report = {
            "source_system": source_system,
            "record_type": record_type,
            "source_id": source_id,
            "reason": reason,
            "field": field,
            "value": value,
            "payload": payload,
        }
        log.info("exception: %s %s %s", record_type, source_id, reason)
        response = self.call("POST", "", json={k: v for k, v in report.items() if v is not None})
        if response.status >= 300:
            log.error("the exception queue refused %s: %s %s", source_id, response.status, response.text[:200])

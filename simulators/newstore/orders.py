"""Orders: what the POS published or an integration injected, found by id or external id.

Injection is idempotent on ``external_id``: the same body gets the same answer (and no
new events); a different body for a known ``external_id`` is refused with
``same_order_injection_with_different_data``, as NewStore does.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .models import FulfillOrderRequest, PublishedEvent

FULL_ORDER_EVENTS = frozenset({"order.created", "order.opened", "order.completed", "order.cancelled"})


@dataclass(frozen=True)
class Injection:
    digest: str
    response: dict[str, Any]


def injection_digest(request: FulfillOrderRequest) -> str:
    canonical = json.dumps(request.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def units(order: dict[str, Any]) -> list[dict[str, Any]]:
    """An order's items that are objects: published orders are not validated and may be odd."""
    items = order.get("items")
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def unit_key(item: dict[str, Any], index: int) -> str:
    """A unit's id, or its position when a published order left the id out."""
    return str(item.get("id") or f"#{index}")


class OrderBook:
    """Orders by NewStore id, with an index by external id. The caller holds the state lock."""

    def __init__(self) -> None:
        self.orders: dict[str, dict[str, Any]] = {}
        self._by_external_id: dict[str, str] = {}
        self.injections: dict[str, Injection] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        """By NewStore id, falling back to external id."""
        return self.by_id(key) or self.by_external_id(key)

    def by_id(self, order_id: str) -> dict[str, Any] | None:
        return self.orders.get(order_id)

    def by_external_id(self, external_id: str) -> dict[str, Any] | None:
        order_id = self._by_external_id.get(external_id)
        return None if order_id is None else self.orders[order_id]

    def put(self, order: dict[str, Any]) -> None:
        order_id = str(order["id"])
        # A deep copy: the published payload may still wait in the outbox, unchanged.
        self.orders[order_id] = {**self.orders.get(order_id, {}), **copy.deepcopy(order)}
        if order.get("external_id"):
            self._by_external_id[str(order["external_id"])] = order_id

    def set_status(self, order_id: str, status: str) -> dict[str, Any]:
        order = self.orders[order_id]
        order["status"] = status
        return order

    def apply(self, event: PublishedEvent) -> None:
        """Keep the order the API serves in step with an order event the POS published."""
        payload = event.payload
        order_id = str(payload.get("id", ""))
        if not order_id:
            return
        if event.name in FULL_ORDER_EVENTS:
            self.put(dict(payload))
            return
        order = self.orders.get(order_id)
        items = payload.get("items")
        if order is None or not isinstance(items, list):
            return
        changes = {str(i.get("id")): i for i in items if isinstance(i, dict)}
        for item in units(order):
            change = changes.get(str(item.get("id")))
            if change is None:
                continue
            if event.name == "order.items_cancelled":
                item["status"] = "cancelled"
            elif event.name == "order.items_swapped" and change.get("product_id"):
                item["product_id"] = change["product_id"]

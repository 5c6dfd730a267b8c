"""The web shop's state: catalogue, locations, inventory levels and their history, web
orders, access tokens and one leaky bucket per app (access token).

One explicit object per simulator instance, every method under one lock. Seed shape
(``POST /_sim/seed``; every key optional; seeding adds to what is there, reset clears)::

    {"config": {"bucket_size": 40, "leak_per_second": 2.0, "retry_after_seconds": 2.0,
                "shop_domain": "pos-harness.myshopify.com", "currency": "GBP"},
     "access_tokens": ["shpat_..."],                    # replaces the accepted tokens
     "locations": [{"id": 1001, "name": "London Flagship", "city": "London"}],
     "products": [{"id": 2001, "title": "Tee", "variants": [
         {"id": 3001, "sku": "TEE-RED-M", "price": "19.99", "inventory_item_id": 4001}]}],
     "inventory": [{"inventory_item_id": 4001, "location_id": 1001, "available": 12},
                   {"sku": "TEE-RED-M", "location_id": 1002, "available": 3}]}

Ids left out are allocated from a counter, so the same seed gives the same ids. Every
change to an inventory level (seed, API write, web order) is kept with its wall time and
what made it: the harness measures how long a store sale takes to reach web stock.
"""

from __future__ import annotations

import copy
import math
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from simulators.common.config import apply_config

from . import errors
from .bucket import BucketDecision, LeakyBucket
from .models import SeedInventory, SeedLocation, SeedProduct, SimOrder

DEFAULT_ACCESS_TOKEN = "shpat_pos_harness_shop"


@dataclass
class ShopConfig:
    """Behaviour a scenario can dial. Defaults follow a Standard-plan shop."""

    shop_domain: str = "pos-harness.myshopify.com"
    currency: str = "GBP"
    bucket_size: int = 40
    leak_per_second: float = 2.0
    # Shopify sends "2.0"; None sends the exact wait until one more request fits.
    retry_after_seconds: float | None = 2.0

    def update(self, values: dict[str, Any]) -> None:
        apply_config(self, values, "shop", ShopConfig.check)

    def check(self) -> None:
        numbers = (self.bucket_size, self.leak_per_second, self.retry_after_seconds or 0)
        if (
            any(isinstance(n, bool) or not isinstance(n, (int, float)) for n in numbers)
            or not isinstance(self.bucket_size, int)
            or self.bucket_size < 1
            or self.leak_per_second <= 0
        ):
            raise ValueError("bucket_size must be an integer >= 1, leak_per_second and retry_after_seconds numbers")


@dataclass
class StockChange:
    at: float
    available: int
    delta: int
    via: str
    request_id: str | None = None


@dataclass
class Level:
    inventory_item_id: int
    location_id: int
    available: int = 0
    changes: list[StockChange] = field(default_factory=list)

    def apply(self, available: int, at: float, via: str, request_id: str | None) -> None:
        self.changes.append(StockChange(at, available, available - self.available, via, request_id))
        self.available = available


class OutOfStock(ValueError):
    """The checkout refuses a web order: a ``deny`` variant has too little available."""


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


class ShopState:
    def __init__(
        self,
        config: ShopConfig | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        business: Callable[[], float] | None = None,
    ) -> None:
        self._initial_config = asdict(config or ShopConfig())
        self._clock = clock
        self._wall = wall
        # Timestamps in payloads (created_at, updated_at) follow the scenario's business clock;
        # stock history keeps wall time, because latency to web stock is measured in real seconds.
        self._business = business if business is not None else wall
        self._lock = threading.RLock()
        self.reset()

    # -- admin ---------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.config = ShopConfig(**self._initial_config)
            self.access_tokens: set[str] = {DEFAULT_ACCESS_TOKEN}
            self.locations: dict[int, dict[str, Any]] = {}
            self.products: dict[int, dict[str, Any]] = {}
            self.items: dict[int, dict[str, Any]] = {}  # inventory_item_id -> its variant
            self.levels: dict[tuple[int, int], Level] = {}
            self.orders: dict[int, dict[str, Any]] = {}
            self.buckets: dict[str, LeakyBucket] = {}
            self._next_id = 1_000_000
            self._next_order_number = 1001
            self._requests = 0
            self.writes = 0
            self.throttled_until = 0.0

    def seed(self, world: dict[str, Any]) -> None:
        with self._lock:
            config = ShopConfig(**asdict(self.config))
            config.update(world.get("config", {}))
            self.config = config
            self.buckets.clear()
            if "access_tokens" in world:
                tokens = world["access_tokens"]
                if not isinstance(tokens, list) or not all(isinstance(t, str) and t for t in tokens):
                    raise ValueError("access_tokens must be a list of non-empty strings")
                self.access_tokens = set(tokens)
            for row in world.get("locations", []):
                self._add_location(SeedLocation.model_validate(row))
            for row in world.get("products", []):
                self._add_product(SeedProduct.model_validate(row))
            for row in world.get("inventory", []):
                entry = SeedInventory.model_validate(row)
                item_id = entry.inventory_item_id or self._item_for_sku(entry.sku)
                if item_id not in self.items or entry.location_id not in self.locations:
                    raise ValueError(f"inventory names unknown item {item_id} or location {entry.location_id}")
                self._level(item_id, entry.location_id).apply(entry.available, self._wall(), "seed", None)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "config": asdict(self.config),
                "access_tokens": len(self.access_tokens),
                "locations": list(self.locations.values()),
                "products": [self._render_product(p) for p in self.products.values()],
                "inventory": [
                    {
                        "inventory_item_id": lv.inventory_item_id,
                        "location_id": lv.location_id,
                        "sku": self.items[lv.inventory_item_id]["sku"],
                        "available": lv.available,
                        "changes": [asdict(c) for c in lv.changes],
                    }
                    for lv in self.levels.values()
                ],
                "orders": copy.deepcopy(list(self.orders.values())),
                "rate_limit": [
                    {
                        "app": f"{token[:8]}...",
                        "level": round(b.level(), 3),
                        "size": b.size,
                        "admitted": b.admitted,
                        "refused": b.refused,
                    }
                    for token, b in self.buckets.items()
                ],
            }

    def activity(self) -> dict[str, Any]:
        with self._lock:
            return {
                "writes": self.writes,
                "orders": len(self.orders),
                "throttled": sum(b.refused for b in self.buckets.values()),
                "throttled_until": self.throttled_until,
            }

    # -- auth and rate limit ---------------------------------------------------------
    def is_valid_token(self, token: str | None) -> bool:
        with self._lock:
            return token is not None and token in self.access_tokens

    def take(self, token: str) -> BucketDecision:
        with self._lock:
            bucket = self.buckets.get(token)
            if bucket is None:
                bucket = LeakyBucket(self.config.bucket_size, self.config.leak_per_second, self._clock)
                self.buckets[token] = bucket
            decision = bucket.take()
            if not decision.allowed:
                self.throttled_until = max(self.throttled_until, self._wall() + float(self.retry_after(decision)))
            return decision

    def retry_after(self, decision: BucketDecision) -> str:
        seconds = self.config.retry_after_seconds
        if seconds is None:
            seconds = max(0.1, math.ceil(decision.wait_seconds * 10) / 10)  # rounded up to 0.1 s
        return f"{float(seconds):.1f}"

    def next_request_id(self) -> str:
        with self._lock:
            self._requests += 1
            return str(uuid.UUID(int=self._requests))

    # -- reading ---------------------------------------------------------------------
    def list_products(self, ids: list[int] | None, since_id: int, limit: int) -> list[dict[str, Any]]:
        with self._lock:
            rows = [p for i, p in sorted(self.products.items()) if i > since_id and (ids is None or i in ids)]
            return [self._render_product(p) for p in rows[:limit]]

    def get_product(self, product_id: int) -> dict[str, Any]:
        with self._lock:
            if product_id not in self.products:
                raise errors.not_found()
            return self._render_product(self.products[product_id])

    def list_locations(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(loc) for _, loc in sorted(self.locations.items())]

    def list_levels(self, item_ids: list[int] | None, location_ids: list[int] | None, limit: int) -> list[dict[str, Any]]:
        with self._lock:
            rows = [
                lv
                for lv in self.levels.values()
                if (item_ids is None or lv.inventory_item_id in item_ids)
                and (location_ids is None or lv.location_id in location_ids)
            ]
            return [self._render_level(lv) for lv in rows[:limit]]

    def list_orders(self, ids: list[int] | None, since_id: int, status: str, limit: int) -> list[dict[str, Any]]:
        def matches(order: dict[str, Any]) -> bool:
            is_open = order["closed_at"] is None and order["cancelled_at"] is None
            return {
                "any": True,
                "open": is_open,
                "closed": order["closed_at"] is not None,
                "cancelled": order["cancelled_at"] is not None,
            }.get(status, False)

        with self._lock:
            rows = [o for i, o in sorted(self.orders.items()) if i > since_id and (ids is None or i in ids) and matches(o)]
            return copy.deepcopy(rows[:limit])

    def get_order(self, order_id: int) -> dict[str, Any]:
        with self._lock:
            if order_id not in self.orders:
                raise errors.not_found()
            return copy.deepcopy(self.orders[order_id])

    # -- writing ---------------------------------------------------------------------
    def set_level(self, item_id: int, location_id: int, available: int, via: str, request_id: str) -> dict[str, Any]:
        """Set ``available``; like Shopify, connects the item to the location if needed."""
        with self._lock:
            self._check_refs(item_id, location_id)
            level = self._level(item_id, location_id)
            level.apply(available, self._wall(), via, request_id)
            self.writes += 1
            return self._render_level(level)

    def adjust_level(self, item_id: int, location_id: int, delta: int, via: str, request_id: str) -> dict[str, Any]:
        with self._lock:
            self._check_refs(item_id, location_id)
            level = self.levels.get((item_id, location_id))
            if level is None:
                raise errors.unprocessable("base", "Inventory item is not stocked at the location")
            level.apply(level.available + delta, self._wall(), via, request_id)
            self.writes += 1
            return self._render_level(level)

    def create_order(self, order: SimOrder) -> dict[str, Any]:
        """Place a web order as checkout would, taking stock at the pickup (or first) location."""
        with self._lock:
            if order.pickup_location_id is not None and order.pickup_location_id not in self.locations:
                raise ValueError(f"unknown pickup_location_id {order.pickup_location_id}")
            stock_location = order.pickup_location_id or next(iter(self.locations), None)
            variants = [self._variant_for_line(line.variant_id, line.sku) for line in order.line_items]
            if order.inventory_behaviour != "bypass":
                self._check_stock(order, variants, stock_location)
            record = self._order_record(order, variants)
            for line, variant in zip(order.line_items, variants, strict=True):
                if order.inventory_behaviour != "bypass" and stock_location is not None:
                    level = self.levels[(variant["inventory_item_id"], stock_location)]
                    level.apply(level.available - line.quantity, self._wall(), f"order {record['name']}", None)
            self.orders[record["id"]] = record
            return copy.deepcopy(record)

    # -- internals -------------------------------------------------------------------
    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _add_location(self, loc: SeedLocation) -> None:
        location_id = loc.id or self._new_id()
        if location_id in self.locations:
            raise ValueError(f"location {location_id} already exists")
        now = iso(self._business())
        self.locations[location_id] = {
            "id": location_id,
            **loc.model_dump(exclude={"id"}),
            "legacy": False,
            "created_at": now,
            "updated_at": now,
            "admin_graphql_api_id": f"gid://shopify/Location/{location_id}",
        }

    def _add_product(self, product: SeedProduct) -> None:
        product_id = product.id or self._new_id()
        if product_id in self.products:
            raise ValueError(f"product {product_id} already exists")
        now = iso(self._business())
        variants = []
        for position, v in enumerate(product.variants, start=1):
            variant_id, item_id = v.id or self._new_id(), v.inventory_item_id or self._new_id()
            if item_id in self.items:
                raise ValueError(f"inventory_item_id {item_id} already exists")
            variant = {
                "id": variant_id,
                "product_id": product_id,
                "title": v.title,
                "sku": v.sku,
                "price": str(v.price),
                "compare_at_price": None,
                "position": position,
                "barcode": v.barcode,
                "inventory_item_id": item_id,
                "inventory_management": "shopify",
                "inventory_policy": v.inventory_policy,
                "created_at": now,
                "updated_at": now,
                "admin_graphql_api_id": f"gid://shopify/ProductVariant/{variant_id}",
            }
            variants.append(variant)
            self.items[item_id] = variant
        handle = product.handle or product.title.lower().replace(" ", "-")
        self.products[product_id] = {
            "id": product_id,
            "title": product.title,
            "handle": handle,
            "vendor": product.vendor,
            "product_type": product.product_type,
            "status": "active",
            "tags": product.tags,
            "created_at": now,
            "updated_at": now,
            "published_at": now,
            "variants": variants,
            "admin_graphql_api_id": f"gid://shopify/Product/{product_id}",
        }

    def _item_for_sku(self, sku: str | None) -> int:
        matches = [item_id for item_id, v in self.items.items() if sku and v["sku"] == sku]
        if len(matches) != 1:
            raise ValueError(f"sku {sku!r} names {len(matches)} variants, not one")
        return matches[0]

    def _variant_for_line(self, variant_id: int | None, sku: str | None) -> dict[str, Any]:
        if variant_id is not None:
            found = next((v for v in self.items.values() if v["id"] == variant_id), None)
            if found is None:
                raise ValueError(f"unknown variant_id {variant_id}")
            return found
        return self.items[self._item_for_sku(sku)]

    def _check_refs(self, item_id: int, location_id: int) -> None:
        if location_id not in self.locations:
            raise errors.unprocessable("location_id", "Location could not be found")
        if item_id not in self.items:
            raise errors.unprocessable("inventory_item_id", "Inventory item could not be found")

    def _check_stock(self, order: SimOrder, variants: list[dict[str, Any]], location_id: int | None) -> None:
        demand: Counter[int] = Counter()
        for line, variant in zip(order.line_items, variants, strict=True):
            demand[variant["inventory_item_id"]] += line.quantity
        for item_id, quantity in demand.items():
            level = self.levels.get((item_id, location_id)) if location_id is not None else None
            if level is None:
                raise ValueError(f"inventory item {item_id} is not stocked at location {location_id}")
            obeys = order.inventory_behaviour == "decrement_obeying_policy"
            if obeys and self.items[item_id]["inventory_policy"] == "deny" and level.available < quantity:
                raise OutOfStock(f"sku {self.items[item_id]['sku']!r}: {level.available} available, {quantity} ordered")

    def _order_record(self, order: SimOrder, variants: list[dict[str, Any]]) -> dict[str, Any]:
        order_id, number = order.id or self._new_id(), self._next_order_number
        if order_id in self.orders:
            raise ValueError(f"order {order_id} already exists")
        self._next_order_number += 1
        now = iso(self._business())
        lines, subtotal = [], Decimal("0.00")
        for line, variant in zip(order.line_items, variants, strict=True):
            price = line.price if line.price is not None else Decimal(variant["price"])
            subtotal += price * line.quantity
            title = self.products[variant["product_id"]]["title"]
            lines.append(
                {
                    "id": self._new_id(),
                    "variant_id": variant["id"],
                    "product_id": variant["product_id"],
                    "sku": variant["sku"],
                    "title": title,
                    "variant_title": variant["title"],
                    "quantity": line.quantity,
                    "fulfillable_quantity": line.quantity,
                    "price": str(price),
                    "fulfillment_status": None,
                    "requires_shipping": order.pickup_location_id is None,
                }
            )
        pickup = self.locations.get(order.pickup_location_id or 0)
        shipping = (
            []
            if pickup is None
            else [
                {
                    "id": self._new_id(),
                    "title": pickup["name"],
                    "code": pickup["name"],
                    "source": "shopify",
                    "price": "0.00",
                    "discounted_price": "0.00",
                }
            ]
        )
        return {
            "id": order_id,
            "admin_graphql_api_id": f"gid://shopify/Order/{order_id}",
            "name": f"#{number}",
            "order_number": number,
            "email": order.email,
            "created_at": now,
            "updated_at": now,
            "processed_at": now,
            "closed_at": None,
            "cancelled_at": None,
            "currency": self.config.currency,
            "financial_status": order.financial_status,
            "fulfillment_status": None,
            "source_name": "web",
            "location_id": order.pickup_location_id,
            "subtotal_price": str(subtotal),
            "total_tax": "0.00",
            "total_price": str(subtotal),
            "line_items": lines,
            "shipping_lines": shipping,
        }

    def _level(self, item_id: int, location_id: int) -> Level:
        return self.levels.setdefault((item_id, location_id), Level(item_id, location_id))

    def _render_level(self, level: Level) -> dict[str, Any]:
        updated = level.changes[-1].at if level.changes else self._wall()
        return {
            "inventory_item_id": level.inventory_item_id,
            "location_id": level.location_id,
            "available": level.available,
            "updated_at": iso(updated),
            "admin_graphql_api_id": f"gid://shopify/InventoryLevel/{level.location_id}"
            f"?inventory_item_id={level.inventory_item_id}",
        }

    def _render_product(self, product: dict[str, Any]) -> dict[str, Any]:
        totals: Counter[int] = Counter()
        for (item_id, _), level in self.levels.items():
            totals[item_id] += level.available
        variants = [{**v, "inventory_quantity": totals[v["inventory_item_id"]]} for v in product["variants"]]
        return {**product, "variants": variants}

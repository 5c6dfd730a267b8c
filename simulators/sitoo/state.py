"""The Sitoo simulator's state: one account, its credentials, sites, orders, inventory, events.

One explicit object per simulator instance (no module globals); reset() rebuilds it.
The seed shape (``POST /_sim/seed``), every key optional::

    {"config": {"account_id": 10020, "rate_limit_per_second": 0, ...},   # SitooConfig fields
     "credentials": [{"api_id": "10020-140", "password": "secret"}],      # replace the defaults
     "sites": [{"siteid": 1, "eshopname": "Webshop"}],                     # replace site 1
     "stores": [{"storeid": 1, "eshopid": 1, "name": "Oslo", "externalid": "S001"}],
     "warehouses": [{"warehouseid": 1, "storeid": 1, "name": "Oslo", "currencycode": "NOK"}],
     "products": [{"siteid": 1, "sku": "A-1", "title": "Mug", "moneyprice": "99.00", "vatvalue": 25}],
     "stock": [{"warehouseid": 1, "sku": "A-1", "decimaltotal": "5", "decimalreserved": "0"}],
     "orders": [{"eshopid": 1, ...}],      # history: stored, no events, no stock moved
     "cashregisters": [{"registernumber": 1, "warehouseid": 1}]}   # see .zreports

The API ID's first part is the account id, so every credential must start with
``config.account_id``. Events are built here (ids from a counter and the account, never
random) and handed to :class:`~simulators.sitoo.events.EventQueue` in creation order.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

from simulators.common.ratelimit import TokenBucket
from simulators.common.webhooks import RetryPolicy

from . import errors
from .events import EventQueue
from .inventory import Inventory
from .models import ORDER_STATES, PRODUCT_LINE, Credential, EventIn, Order, Site, parse
from .orders import HEADER_TOTALS, build_order
from .storezreports import close_store
from .zreports import Tills


@dataclass
class SitooConfig:
    """Behaviour a scenario can dial. Event retry defaults are short; Sitoo's own are hours."""

    account_id: int = 10020
    credentials: dict[str, str] = field(default_factory=lambda: {"10020-140": "sitoo-secret"})
    rate_limit_per_second: float = 0.0  # 0 turns the limit off
    rate_limit_burst: int = 20
    max_page_size: int = 100
    events_batch_size: int = 10
    events_timeout_seconds: float = 15.0
    events_retry_base_delay: float = 0.05
    events_retry_factor: float = 2.0
    events_retry_max_delay: float = 2.0
    events_max_attempts: int = 10

    def update(self, values: dict[str, Any]) -> None:
        """Set known keys; all are checked before any is set, so a bad seed changes nothing."""
        known = {f.name: type(getattr(self, f.name)) for f in fields(self)}
        for name, value in values.items():
            if name not in known:
                raise KeyError(f"unknown Sitoo config key {name!r}")
            expected = (int, float) if known[name] is float else known[name]
            if isinstance(value, bool) or not isinstance(value, expected):
                raise TypeError(f"config {name} must be a {known[name].__name__}")
        for name, value in values.items():
            setattr(self, name, value)


class SitooState:
    def __init__(
        self,
        config: SitooConfig | None = None,
        clock: Callable[[], float] = time.time,
        transport_clock: Callable[[], float] | None = None,
    ) -> None:
        """``clock`` gives business time (order dates, stock timestamps); ``transport_clock``
        paces the rate limit in real seconds (defaults to ``clock``, so tests can drive both)."""
        self._initial_config = asdict(config or SitooConfig())
        self._clock = clock
        self._transport_clock = transport_clock if transport_clock is not None else clock
        self._lock = threading.RLock()
        self.events = EventQueue(RetryPolicy(), 15.0)
        self.reset()

    def now(self) -> int:
        return int(self._clock())

    # -- admin ---------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.config = SitooConfig(**self._initial_config)
            self.sites: dict[int, dict[str, Any]] = {1: {"siteid": 1, "eshopname": "Default"}}
            self.inventory = Inventory(self.now)
            self.orders: dict[int, dict[str, Any]] = {}
            self.tills = Tills(self.now)
            self._event_seq = 0
            self.events.clear()
            self._apply_config()

    def _apply_config(self) -> None:
        c = self.config
        self.limiter = (
            TokenBucket(c.rate_limit_per_second, c.rate_limit_burst, self._transport_clock)
            if c.rate_limit_per_second > 0
            else None
        )
        policy = RetryPolicy(c.events_max_attempts, c.events_retry_base_delay, c.events_retry_factor, c.events_retry_max_delay)
        self.events.configure(policy, c.events_timeout_seconds, c.events_batch_size)

    def seed(self, world: dict[str, Any]) -> None:
        with self._lock:
            self.config.update(world.get("config", {}))
            if "credentials" in world:
                creds = [Credential.model_validate(c) for c in world["credentials"]]
                if any(c.api_id.split("-")[0] != str(self.config.account_id) for c in creds):
                    raise ValueError(f"every api_id must start with the account id {self.config.account_id}")
                self.config.credentials = {c.api_id: c.password for c in creds}
            self._apply_config()
            if "sites" in world:
                self.sites = {s.siteid: s.model_dump() for s in (Site.model_validate(row) for row in world["sites"])}
            inv = self.inventory
            try:
                for row in world.get("stores", []):
                    inv.add_store(row)
                for row in world.get("warehouses", []):
                    inv.add_warehouse(row)
                for row in map(dict, world.get("products", [])):
                    inv.add_product(int(row.pop("siteid", next(iter(self.sites)))), row)
                for row in map(dict, world.get("stock", [])):
                    inv.set_item(int(row.pop("warehouseid")), row)
                for row in world.get("cashregisters", []):
                    self.tills.add_register(row, self.config.account_id, self.sites, inv)
                for row in world.get("orders", []):
                    self.add_order(int(row.get("eshopid", next(iter(self.sites)))), row, publish=False)
            except errors.SitooError as exc:
                raise ValueError(exc.errortext) from None

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            inv = self.inventory
            config = {**asdict(self.config), "credentials": sorted(self.config.credentials)}
            return {
                "config": config,
                "sites": list(self.sites.values()),
                "stores": inv.rows("stores"),
                "warehouses": inv.rows("warehouses"),
                "products": inv.rows("products"),
                "stock": {w: inv.items(w) for w in inv.warehouses},
                "transactions": inv.rows("transactions"),
                "orders": list(self.orders.values()),
                "cashregisters": list(self.tills.registers.values()),
                "zreports": list(self.tills.zreports.values()),
                "storezreports": list(self.tills.storezreports.values()),
                "events": self.events.snapshot(),
                "rate_limited": self.limiter.rejected if self.limiter else 0,
            }

    def activity(self) -> dict[str, Any]:
        stats = self.events.stats()
        with self._lock:
            return {
                "orders": len(self.orders),
                "pending": stats["pending"],
                "events": stats,
                "rate_limited": self.limiter.rejected if self.limiter else 0,
            }

    # -- access --------------------------------------------------------------------------
    def authenticate(self, api_id: str | None, password: str | None, accountid: int) -> bool:
        """Right API ID and password, for the account the path names."""
        with self._lock:
            known = api_id is not None and self.config.credentials.get(api_id) == password
            return known and str(api_id).split("-")[0] == str(accountid) == str(self.config.account_id)

    def throttle(self) -> int | None:
        """Seconds to wait if this request is over the rate limit, else None."""
        return self.limiter.take() if self.limiter is not None else None

    def site(self, siteid: int) -> dict[str, Any]:
        with self._lock:
            if siteid not in self.sites:
                raise errors.not_found()
            return self.sites[siteid]

    # -- orders --------------------------------------------------------------------------
    def add_order(self, siteid: int, body: Any, publish: bool = True, pos: bool = False) -> int:
        """Store an order; a POS order defaults to closed and paid and moves stock when closed."""
        if pos and isinstance(body, dict):
            body = {"orderstateid": 10, "paymentstateid": 20, **body}
        with self._lock:
            self.site(siteid)
            orderid = max(self.orders, default=0) + 1
            record = build_order(self._checked(siteid, body), orderid, self.now())
            self.orders[orderid] = record
            if pos and record["orderstateid"] == 10 and record["warehouseid"] is not None:
                for item in record["orderitems"]:
                    if item["orderitemtype"] == PRODUCT_LINE and item["sku"]:
                        self.inventory.move(record["warehouseid"], item["sku"], -Decimal(item["quantity"]))
            if publish:
                self._publish_order(record, {"order_event_type": "add"})
            return orderid

    def _checked(self, siteid: int, body: Any) -> Order:
        """Parse an order and check what it points at (lock held); ``eshopid`` is the site's."""
        order = parse(Order, body)
        if order.creditorderid is not None and order.creditorderid not in self.orders:
            raise errors.bad_request(f"creditorderid {order.creditorderid} does not exist")
        if order.warehouseid is not None and order.warehouseid not in self.inventory.warehouses:
            raise errors.bad_request(f"Unknown warehouseid: {order.warehouseid}")
        return order.model_copy(update={"eshopid": siteid})

    def order(self, siteid: int, orderid: int) -> dict[str, Any]:
        with self._lock:
            self.site(siteid)
            record = self.orders.get(orderid)
            if record is None or record["eshopid"] != siteid:
                raise errors.not_found(f"Order {orderid}")
            return record

    def update_order(self, siteid: int, orderid: int, body: Any) -> None:
        """PUT: the fields sent replace the stored ones; totals are recomputed if lines change."""
        if not isinstance(body, dict):
            raise errors.bad_request("Invalid request: expected a JSON object")
        with self._lock:
            current = self.order(siteid, orderid)
            merged = {k: v for k, v in current.items() if k != "orderid"} | body
            if "orderitems" in body:
                merged = {k: v for k, v in merged.items() if k not in HEADER_TOTALS or k in body}
            record = build_order(self._checked(siteid, merged), orderid, current["orderdate"])
            self.orders[orderid] = record
            change = {"order_event_type": "update"}
            if record["orderstateid"] != current["orderstateid"]:
                change["order_state_changed"] = ORDER_STATES[record["orderstateid"]]
            self._publish_order(record, change)

    def list_orders(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.orders.values())

    def day_close(self, body: Any) -> dict[str, Any]:
        """Close a register's day (``POST /_sim/dayclose``) and publish its ``z-report`` event.

        A body with ``store_id`` closes every register of that store, see :mod:`.storezreports`."""
        with self._lock:
            if isinstance(body, dict) and "store_id" in body:
                return close_store(self, body)
            report = self.tills.close_day(body, self.orders.values())
            data = {"eshop_id": report["eshopid"], "zreport_id": report["zreportid"], "register_id": report["registerid"]}
            self.publish([{"event_type": "z-report", "data": data}])
            return report

    # -- events --------------------------------------------------------------------------
    def _publish_order(self, record: dict[str, Any], change: dict[str, str]) -> None:
        data = {"eshop_id": record["eshopid"], "order_id": record["orderid"], "warehouse_id": record["warehouseid"], **change}
        self.publish([{"event_type": "order", "data": data}])

    def publish(self, raw_events: list[Any]) -> list[dict[str, Any]]:
        """Fill in id, date and account, then queue in order (the whole list or nothing)."""
        parsed = [parse(EventIn, raw) for raw in raw_events]
        with self._lock:
            events = []
            for event in parsed:
                self._event_seq += 1
                digest = hashlib.sha256(f"sitoo:{self.config.account_id}:{self._event_seq}".encode()).hexdigest()
                events.append(
                    {
                        "event_id": event.event_id or digest[:32],
                        "event_type": event.event_type,
                        "event_date": event.event_date or self.now(),
                        "account_id": self.config.account_id,
                        "data": event.data,
                    }
                )
            self.events.publish(events)
            return events

    def close(self) -> None:
        """Stop the delivery thread (tests and servers call this on shutdown)."""
        self.events.stop()

"""The ERP simulator's state: master data, records, stock, tokens, governance, async jobs.

One explicit object per simulator instance (no module globals), handed to the app
factory. The clock is injected (``time.time`` by default) so tests can move time; it
stamps records and drives the rate window and ``throttled_until``. Token expiry stays
on the wall clock, as in every simulator (see :mod:`simulators.common.tokens`). Writes go through
:mod:`simulators.erp.operations`, which takes :attr:`ErpState.lock`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from simulators.common.concurrency import ConcurrencyLimiter
from simulators.common.tokens import TokenStore

from . import errors, rules
from .asyncjobs import AsyncJobs
from .config import ErpConfig
from .governance import RateWindow
from .masterdata import MasterData
from .models import MASTER_TYPES, WRITABLE_TYPES
from .stock import StockLedger
from .store import RecordStore

__all__ = ["ErpConfig", "ErpState"]


class ErpState:
    def __init__(self, config: ErpConfig | None = None, clock: Callable[[], float] = time.time) -> None:
        self._initial_config = asdict(config or ErpConfig())
        self.clock = clock
        self.lock = threading.RLock()
        self.reset()

    # -- admin ---------------------------------------------------------------------
    def reset(self) -> None:
        with self.lock:
            self.config = ErpConfig(**self._initial_config)
            self.tokens = TokenStore(seed=self.config.account_id, ttl_seconds=self.config.token_ttl_seconds)
            self.token_clients: dict[str, str] = {}
            self.limiter = ConcurrencyLimiter(self.config.concurrency_limit)
            self.window = RateWindow(self.config.rate_window_requests, self.config.rate_window_seconds, self.clock)
            self.master = MasterData(self.clock)
            self.store = RecordStore(WRITABLE_TYPES, self.clock)
            self.stock = StockLedger()
            self.jobs = AsyncJobs()
            self.throttled_until = 0.0

    def seed(self, world: dict[str, Any]) -> None:
        with self.lock:
            self.config.update(world.get("config", {}))
            if "clients" in world:
                self.config.clients = dict(world["clients"])
            self.tokens.ttl_seconds = self.config.token_ttl_seconds
            self.limiter.reset(self.config.concurrency_limit)
            self.window.configure(self.config.rate_window_requests, self.config.rate_window_seconds)
            for record_type, rows in world.get("master", {}).items():
                self.master.load(record_type, rows)
            for row in world.get("on_hand", []):
                item, location = str(row["item"]), str(row["location"])
                if item not in self.master.tables["inventoryItem"] or location not in self.master.tables["location"]:
                    raise ValueError(f"on_hand row names an unknown item or location: {row!r}")
                self.stock.set_baseline(item, location, float(row["quantity"]))

    @property
    def records(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Transaction records by type and internal id (read-only view for tests and tools)."""
        return self.store.tables

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "config": asdict(self.config),
                "master": {t: list(rows.values()) for t, rows in self.master.tables.items()},
                "records": {t: self.store.records(t) for t in WRITABLE_TYPES},
                "record_meta": self.store.meta_rows(),
                "deleted": self.store.deleted_rows(),
                "on_hand": self.stock.rows(),
                "price_changes": list(self.master.price_changes),
                "master_writes_refused": self.master.refused_writes,
                "suspense_accounts": self.master.suspense_accounts(),
                "journal_totals": self._journal_totals(),
                "async_jobs": self.jobs.rows(),
                "governance": {
                    **asdict(self.limiter.stats()),
                    "rate_window": self.window.stats(),
                    "throttled_until": self.throttled_until,
                },
                "tokens_issued": len(self.tokens),
            }

    def activity(self) -> dict[str, Any]:
        stats = self.limiter.stats()
        with self.lock:
            return {
                "writes": self.store.writes,
                "in_flight": stats.in_flight,
                "rejected": stats.rejected,
                "rate_limited": self.window.rejected,
                "async_pending": self.jobs.pending(),
                "throttled_until": self.throttled_until,
            }

    def _journal_totals(self) -> dict[str, dict[str, float]]:
        """Debit and credit posted per account by journal entries (to find suspense postings)."""
        totals: dict[str, dict[str, float]] = {}
        for entry in self.store.records("journalEntry"):
            for line in entry.get("line", {}).get("items", []):
                row = totals.setdefault(line["account"]["id"], {"debit": 0.0, "credit": 0.0})
                for side in ("debit", "credit"):
                    row[side] = float(rules.MONEY.add(rules.cents(row[side]), rules.cents(line.get(side, 0.0))))
        return totals

    # -- governance ----------------------------------------------------------------
    def admit(self, client_id: str) -> errors.NetSuiteError | None:
        """Let a request in (taking a concurrency slot and a place in the rate window) or say why not."""
        with self.lock:
            decision = self.window.check(client_id)
            if not decision.admitted:
                self._throttle(decision.retry_after)
                assert self.window.limit is not None
                return errors.request_limit_exceeded(decision.retry_after, self.window.limit, self.window.window_seconds)
            if not self.limiter.try_acquire():
                retry_after = self.config.retry_after_seconds
                self._throttle(retry_after or 0)
                return errors.concurrency_limit_exceeded(self.config.concurrency_status, retry_after)
            self.window.take(client_id)
            return None

    def release(self) -> None:
        self.limiter.release()

    def _throttle(self, retry_after: int) -> None:
        self.throttled_until = max(self.throttled_until, self.clock() + retry_after)

    # -- reading -------------------------------------------------------------------
    def resolve_id(self, record_type: str, key: str) -> str | None:
        """The internal id for ``key``, which is an internal id or ``eid:<externalId>``."""
        with self.lock:
            if record_type in WRITABLE_TYPES:
                return self.store.resolve(record_type, key)
            if record_type in MASTER_TYPES:
                return self.master.resolve(record_type, key)
            raise errors.unsupported_record_type(record_type)

    def get(self, record_type: str, key: str) -> dict[str, Any]:
        with self.lock:
            internal_id = self.resolve_id(record_type, key)
            if internal_id is None:
                raise errors.record_not_found()
            if record_type in WRITABLE_TYPES:
                return self.store.get(record_type, internal_id)
            return dict(self.master.tables[record_type][internal_id])

    def list_records(self, record_type: str) -> list[dict[str, Any]]:
        with self.lock:
            if record_type in WRITABLE_TYPES:
                return self.store.records(record_type)
            if record_type in MASTER_TYPES:
                return list(self.master.tables[record_type].values())
            raise errors.unsupported_record_type(record_type)

    def ref_name(self, record_type: str, internal_id: str) -> str | None:
        with self.lock:
            return self.master.ref_name(record_type, internal_id)

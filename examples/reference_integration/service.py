"""The service: two webhooks in, five workers behind them, everything out through the outbox.

::

    NewStore event stream --POST /newstore/events--> NewStoreFlow --+
                                                                    +--> Outbox --> ErpWriter (N workers = the
    Sitoo Events SPI ------POST /sitoo/events-----> SitooFlow ------+      |         ERP's concurrency limit)
                                                                           +------> ShopStock (its own worker)
    ERP item prices --polled by PriceSync--> Sitoo products                +------> exception queue

A webhook only checks, dedupes and queues, then answers: 200 once the event is safely
queued, 503 when the queue is full (both vendors retry). The flows turn events into
records; the ERP writer is the only thing that waits for the ERP, so ERP throttling never
delays the web shop's stock.

Kept simple on purpose: all state (seen deliveries, per-order progress, what the ERP
holds) lives in memory. A production service keeps it in a store that survives a restart
(dedupe keys for at least NewStore's 15-minute redelivery window) and would rebuild the
rest from the ERP by external id, which is why every write is an upsert or checked first.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from typing import Any

from flask import Flask, Response, jsonify, request

from .behaviour import Behaviour
from .clients import ExceptionQueue, NewStoreClient, ShopClient, SitooClient
from .config import Settings
from .erp_client import ErpClient
from .erp_writer import ErpWriter
from .mappings import CrossReference, Lookups
from .newstore_flow import NewStoreFlow
from .outbox import Outbox
from .prices import PriceSync
from .sitoo_flow import SitooFlow
from .stock import ShopStock

log = logging.getLogger("reference_integration")
STREAM_ID = "pos-harness-reference"
NEWSTORE_PATH = "/newstore/events"
SITOO_PATH = "/sitoo/events"
UNCAPPED_WORKERS = 32  # the faulty no-concurrency-cap variant's idea of "enough"


class Integration:
    def __init__(self, settings: Settings, behaviour: Behaviour) -> None:
        self.settings = settings
        self.behaviour = behaviour
        xref = CrossReference.load(settings.mappings_dir)
        governed = behaviour.respect_concurrency_limit
        self.erp = ErpClient(
            settings.erp_base_url,
            settings.erp_token_url,
            settings.erp_client_id,
            settings.erp_client_secret,
            honour_retry_after=behaviour.honour_retry_after,
            governed=governed,
            max_attempts=None if governed else 2,
        )
        self.lookups = Lookups(
            xref,
            default_location=None if behaviour.report_unmapped_location else Lookups(xref).head_office_location(),
            stock_at_head_office=not behaviour.stock_at_store,
            locate=None if behaviour.locations_from_mapping else functools.cache(self._location_by_external_id),
        )
        self.newstore = NewStoreClient(
            settings.newstore_base_url, settings.newstore_token_url, settings.newstore_client_id, settings.newstore_client_secret
        )
        self.sitoo = SitooClient(settings.sitoo_base_url, settings.sitoo_api_id, settings.sitoo_api_password)
        self.shop = ShopClient(settings.shop_base_url, settings.shop_api_version, settings.shop_access_token)
        self.exceptions = ExceptionQueue(settings.exceptions_url)
        self.shop_stock = ShopStock(self.shop, self.lookups, behaviour.shop_stock_delay_seconds)
        self.writer = ErpWriter(self.erp, workers=1, report_failures=governed)
        self.outbox = Outbox(behaviour, self.writer, self.exceptions, self.shop_stock)
        self.newstore_flow = NewStoreFlow(behaviour, self.lookups, self.outbox, self.newstore, settings.newstore_queue_limit)
        self.sitoo_flow = SitooFlow(behaviour, self.lookups, self.outbox, self.sitoo, settings.sitoo_queue_limit)
        self.prices = PriceSync(
            self.erp,
            self.sitoo,
            busy_seconds=settings.price_poll_busy_seconds,
            quiet_seconds=settings.price_poll_quiet_seconds,
            erp_is_master=behaviour.erp_is_price_master,
        )
        self.api_key = hashlib.sha256(f"callback:{settings.newstore_client_secret}".encode()).hexdigest()[:32]

    def _location_by_external_id(self, store_id: str) -> str | None:
        """The faulty location-by-external-id variant: the ERP location whose externalId is the store id."""
        return self.erp.get(f"/record/v1/location/eid:{store_id}").internal_id

    def start(self) -> None:
        """Start the workers, then register the event stream (which makes the harness call us ready)."""
        limit = self.erp.discover_concurrency_limit()
        self.writer.workers = limit if self.behaviour.respect_concurrency_limit else UNCAPPED_WORKERS
        self.writer.start()
        self.shop_stock.start()
        self.newstore_flow.start()
        self.sitoo_flow.start()
        if self.behaviour.propagate_prices:
            self.prices.start()
        self.newstore.start_event_stream(STREAM_ID, f"{self.settings.public_url}{NEWSTORE_PATH}", self.api_key)
        log.info("started: %d ERP writers (limit %d), event stream %s", self.writer.workers, limit, STREAM_ID)

    def stop(self) -> None:
        self.prices.stop()
        self.newstore_flow.stop()
        self.sitoo_flow.stop()
        self.shop_stock.stop()
        self.writer.stop()
        for client in (self.erp, self.newstore, self.sitoo, self.shop, self.exceptions):
            client.close()

    def pending(self) -> dict[str, int]:
        """Work accepted but not finished, per stage (``GET /health``)."""
        return {
            "newstore": self.newstore_flow.inbox.pending(),
            "sitoo": self.sitoo_flow.inbox.pending(),
            "erp": self.writer.pending(),
            "shop": self.shop_stock.pending(),
        }


def create_webhook_app(integration: Integration) -> Flask:
    app = Flask("reference_integration")

    @app.post(NEWSTORE_PATH)
    def newstore_event() -> tuple[Response, int]:
        if request.headers.get("Authorization") != f"Bearer {integration.api_key}":
            return jsonify({"error": "bad api key"}), 401
        envelope = request.get_json(silent=True)
        if not isinstance(envelope, dict) or "name" not in envelope:
            return jsonify({"error": "not a NewStore event"}), 400
        integration.prices.trading()
        if not integration.newstore_flow.accept(envelope):
            return jsonify({"error": "busy, retry later"}), 503
        return jsonify({"message": "accepted"}), 200

    @app.post(SITOO_PATH)
    def sitoo_events() -> tuple[Response, int]:
        events: Any = request.get_json(silent=True)
        if not isinstance(events, list) or not all(isinstance(e, dict) and "event_type" in e for e in events):
            return jsonify({"error": "not a batch of Sitoo events"}), 400
        integration.prices.trading()
        if not integration.sitoo_flow.accept(events):
            return jsonify({"error": "busy, retry later"}), 503
        return jsonify({"message": "queued"}), 200

    @app.get("/health")
    def health() -> Response:
        pending = integration.pending()
        return jsonify({"ok": True, "idle": not any(pending.values()), "pending": pending})

    return app

"""The service: receive NewStore events, acknowledge fast, process on a worker pool.

Webhook handler: check the stream's api key, drop duplicates (payload id + event name,
as NewStore advises), queue, answer 200. Workers: map the order, then upsert it to the
ERP by external id or report it to the exception queue. Never posts a sale before its
payment is captured, and posts on ``order.completed`` only.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
from typing import Any

import requests
from flask import Flask, Response, jsonify, request

from .clients import ErpClient, NewStoreClient
from .config import Settings
from .mappings import CrossReference
from .sales import Unmappable, sales_order_body
from .variants import Behaviour

log = logging.getLogger("reference_integration")
STREAM_ID = "pos-harness-reference"
CALLBACK_PATH = "/newstore/events"


class Integration:
    def __init__(self, settings: Settings, behaviour: Behaviour) -> None:
        self.settings = settings
        self.behaviour = behaviour
        self.xref = CrossReference.load(settings.mappings_dir)
        self.erp = ErpClient(
            settings.erp_base_url,
            settings.erp_token_url,
            settings.erp_client_id,
            settings.erp_client_secret,
            honour_retry_after=behaviour.honour_retry_after,
        )
        self.newstore = NewStoreClient(
            settings.newstore_base_url, settings.newstore_token_url, settings.newstore_client_id, settings.newstore_client_secret
        )
        self.api_key = hashlib.sha256(f"callback:{settings.newstore_client_secret}".encode()).hexdigest()[:32]
        self.events: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._seen: set[tuple[str, str]] = set()
        self._seen_lock = threading.Lock()
        self._workers: list[threading.Thread] = []
        self._exceptions = requests.Session()

    # -- start-up ------------------------------------------------------------------
    def start(self) -> None:
        limit = self.erp.discover_concurrency_limit()
        for n in range(limit):
            worker = threading.Thread(target=self._work, name=f"worker-{n}", daemon=True)
            worker.start()
            self._workers.append(worker)
        self.newstore.start_event_stream(STREAM_ID, f"{self.settings.public_url}{CALLBACK_PATH}", self.api_key)
        log.info("started: %d ERP workers, event stream %s", limit, STREAM_ID)

    def stop(self) -> None:
        for _ in self._workers:
            self.events.put(None)
        for worker in self._workers:
            worker.join(timeout=5)

    # -- receiving -----------------------------------------------------------------
    def receive(self, envelope: dict[str, Any]) -> None:
        payload = envelope.get("payload") or {}
        key = (str(payload.get("id")), str(envelope.get("name")))
        if self.behaviour.dedupe:
            with self._seen_lock:
                if key in self._seen:
                    return
                self._seen.add(key)
        self.events.put(envelope)

    # -- processing ----------------------------------------------------------------
    def _work(self) -> None:
        while (envelope := self.events.get()) is not None:
            try:
                self.process(envelope)
            except Exception:  # a worker must survive one bad event
                log.exception("failed to process %s", envelope.get("name"))

    def process(self, envelope: dict[str, Any]) -> None:
        name, order = str(envelope.get("name")), envelope.get("payload") or {}
        if name not in self.behaviour.post_on or order.get("channel_type") != "store":
            return
        if not any(p.get("type") == "captured" for p in order.get("payments", [])):
            return  # never post a sale whose payment has not been captured
        body = sales_order_body(order, self.xref)
        if isinstance(body, Unmappable):
            if self.behaviour.report_unmapped:
                self.report_exception(order, body.reason, body.field, body.value)
            return
        external_id = str(order["external_id"])
        if self.behaviour.idempotent_writes:
            result = self.erp.send("PUT", f"/record/v1/salesOrder/eid:{external_id}?replace=item", body)
        else:
            result = self.erp.send("POST", "/record/v1/salesOrder", body)
        if not result.ok:
            self.report_exception(order, f"ERP rejected the sale: {result.detail}", None, None)

    def report_exception(self, order: dict[str, Any], reason: str, field: str | None, value: str | None) -> None:
        report = {
            "source_system": "newstore",
            "record_type": "sale",
            "source_id": str(order.get("external_id")),
            "reason": reason,
            "field": field,
            "value": value,
            "payload": order,
        }
        self._exceptions.post(
            self.settings.exceptions_url, json={k: v for k, v in report.items() if v is not None}, timeout=10
        ).raise_for_status()


def create_webhook_app(integration: Integration) -> Flask:
    app = Flask("reference_integration")

    @app.post(CALLBACK_PATH)
    def newstore_event() -> tuple[Response, int]:
        if request.headers.get("Authorization") != f"Bearer {integration.api_key}":
            return jsonify({"error": "bad api key"}), 401
        envelope = request.get_json(silent=True)
        if not isinstance(envelope, dict) or "name" not in envelope:
            return jsonify({"error": "not a NewStore event"}), 400
        integration.receive(envelope)
        return jsonify({"message": "accepted"}), 200

    @app.get("/health")
    def health() -> Response:
        return jsonify({"ok": True, "queued": integration.events.qsize()})

    return app

"""Sitoo's Events SPI: one ordered queue, one delivery thread, batches of up to 10.

Why not :class:`simulators.common.webhooks.WebhookDispatcher`: its workers deliver in
parallel and retry each delivery on its own, so later webhooks overtake a failing one.
Sitoo does the opposite: events go out in chronological order, and a batch answered
429/503/504 (or not answered: timeout, refused) is retried while it BLOCKS the queue.
Any other status except 200 discards the batch; the simulator records those events as
lost, which is exactly the evidence a harness needs when an integration answers 400.
A batch whose retries run out is dropped and recorded as lost as well.
"""

from __future__ import annotations

import base64
import http.client
import json
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from simulators.common.webhooks import RetryPolicy

from .models import Subscription

RETRY_STATUSES = frozenset({429, 503, 504})


@dataclass(frozen=True)
class Attempt:
    """One POST of one batch, and what came of it."""

    batch: int
    attempt: int
    event_ids: list[str]
    started_at: float
    duration_ms: float
    status: int | None
    error: str | None
    outcome: str  # delivered | retry | discarded | dropped


class EventQueue:
    def __init__(self, policy: RetryPolicy, timeout: float, batch_size: int = 10) -> None:
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._generation = 0
        self.configure(policy, timeout, batch_size)
        self.clear()

    def configure(self, policy: RetryPolicy, timeout: float, batch_size: int) -> None:
        if batch_size < 1 or timeout <= 0:
            raise ValueError("events need a batch size of at least 1 and a positive timeout")
        with self._cond:
            self.policy, self.timeout, self.batch_size = policy, timeout, batch_size

    def clear(self) -> None:
        """Forget everything; an attempt in flight when this runs is not recorded."""
        with self._cond:
            self._generation += 1
            self.subscription: Subscription | None = None
            self._queue: deque[dict[str, Any]] = deque()
            self._batch: list[dict[str, Any]] = []
            self._tries = 0
            self._not_before = 0.0
            self._batches = 0
            self.published: list[dict[str, Any]] = []
            self.delivered: list[str] = []
            self.lost: list[dict[str, Any]] = []
            self.attempts: list[Attempt] = []
            self.unsubscribed = 0

    def subscribe(self, subscription: Subscription | None) -> None:
        with self._cond:
            self.subscription = subscription
            self._cond.notify_all()
            if subscription is not None and self._thread is None:
                self._stopping = False
                self._thread = threading.Thread(target=self._run, name="sitoo-events", daemon=True)
                self._thread.start()

    def publish(self, events: list[dict[str, Any]]) -> bool:
        """Queue events in order; without a subscription Sitoo sends nothing (False)."""
        with self._cond:
            if self.subscription is None:
                self.unsubscribed += len(events)
                return False
            self.published.extend(events)
            self._queue.extend(events)
            self._cond.notify_all()
            return True

    def pending(self) -> int:
        with self._cond:
            return len(self._queue) + len(self._batch)

    def stats(self) -> dict[str, int]:
        with self._cond:
            return {
                "published": len(self.published),
                "delivered": len(self.delivered),
                "lost": len(self.lost),
                "pending": len(self._queue) + len(self._batch),
                "attempts": len(self.attempts),
                "unsubscribed": self.unsubscribed,
            }

    def snapshot(self) -> dict[str, Any]:
        with self._cond:
            sub = self.subscription
            return {
                "subscription": None if sub is None else {"url": sub.url, "username": sub.username},
                "published": list(self.published),
                "delivered_ids": list(self.delivered),
                "lost": list(self.lost),
                "attempts": [asdict(a) for a in self.attempts],
            }

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout + 1)
        self._thread = None

    # -- the delivery thread ------------------------------------------------------------
    def _next_batch(self) -> tuple[int, Subscription, list[dict[str, Any]]] | None:
        with self._cond:
            while not self._stopping:
                wait = self._not_before - time.monotonic()
                if self.subscription is not None and (self._batch or self._queue) and wait <= 0:
                    if not self._batch:
                        size = min(self.batch_size, len(self._queue))
                        self._batch = [self._queue.popleft() for _ in range(size)]
                        self._batches += 1
                        self._tries = 0
                    return self._generation, self.subscription, list(self._batch)
                self._cond.wait(wait if wait > 0 else None)
            return None

    def _run(self) -> None:
        while (job := self._next_batch()) is not None:
            generation, subscription, batch = job
            started_at, began = time.time(), time.perf_counter()
            status, error = post_batch(subscription, batch, self.timeout)
            duration_ms = round((time.perf_counter() - began) * 1000, 3)
            with self._cond:
                if generation != self._generation:
                    continue
                self._tries += 1
                outcome = self._settle(status, batch)
                self.attempts.append(
                    Attempt(
                        self._batches,
                        self._tries,
                        [e["event_id"] for e in batch],
                        started_at,
                        duration_ms,
                        status,
                        error,
                        outcome,
                    )
                )

    def _settle(self, status: int | None, batch: list[dict[str, Any]]) -> str:
        """Apply one answer to the batch at the head of the queue (lock held)."""
        if status == 200:
            self.delivered.extend(e["event_id"] for e in batch)
            self._batch = []
            return "delivered"
        if status is None or status in RETRY_STATUSES:
            if self._tries < self.policy.max_attempts:
                self._not_before = time.monotonic() + self.policy.delay_after(self._tries)
                return "retry"
            reason, outcome = f"retries exhausted after {self._tries} attempts (last: {status or 'no answer'})", "dropped"
        else:
            reason, outcome = f"discarded: the subscriber answered {status}", "discarded"
        self.lost.extend({"event": e, "status": status, "reason": reason} for e in batch)
        self._batch = []
        return outcome


def post_batch(subscription: Subscription, batch: list[dict[str, Any]], timeout: float) -> tuple[int | None, str | None]:
    """POST one batch as a JSON array; (status, None) or (None, error) if nothing came back."""
    parts = urlsplit(subscription.url)
    headers = {"Content-Type": "application/json"}
    if subscription.username is not None:
        token = base64.b64encode(f"{subscription.username}:{subscription.password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    connection_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_type(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", target, body=json.dumps(batch).encode(), headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, None
    except (OSError, http.client.HTTPException) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()

"""Outbound webhook delivery: real HTTP POSTs to the integration, retried on failure.

A small pool of worker threads takes deliveries from one schedule (a heap ordered by
due time). Several workers mean deliveries overlap and can overtake each other, which
is the honest default for vendors that promise no ordering. Every attempt is recorded,
so the harness can show what the integration was sent and what it answered.
"""

from __future__ import annotations

import heapq
import http.client
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff between attempts: ``base * factor**(n-1)``, capped."""

    max_attempts: int = 8
    base_delay: float = 0.05
    factor: float = 2.0
    max_delay: float = 2.0

    def delay_after(self, attempt: int) -> float:
        return min(self.max_delay, self.base_delay * self.factor ** (attempt - 1))


@dataclass
class DeliveryAttempt:
    attempt: int
    started_at: float
    duration_ms: float
    status: int | None
    error: str | None = None


@dataclass
class Delivery:
    id: int
    url: str
    body: bytes
    headers: dict[str, str]
    label: str
    attempts: list[DeliveryAttempt] = field(default_factory=list)
    outcome: str = "pending"  # pending | delivered | failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "label": self.label,
            "outcome": self.outcome,
            "attempts": [a.__dict__ for a in self.attempts],
        }


def _is_success(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


class WebhookDispatcher:
    def __init__(self, workers: int = 4, policy: RetryPolicy | None = None, timeout: float = 15.0) -> None:
        self.workers = workers
        self.policy = policy or RetryPolicy()
        self.timeout = timeout
        self._cond = threading.Condition()
        self._schedule: list[tuple[float, int, Delivery]] = []
        self._order = itertools.count()
        self._ids = itertools.count(1)
        self._in_flight = 0
        self._deliveries: list[Delivery] = []
        # Kept as attempts finish, so stats() (polled often while a run settles) never scans.
        self._counts = {"delivered": 0, "failed": 0, "attempts": 0}
        self._threads: list[threading.Thread] = []
        self._stopping = False

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> WebhookDispatcher:
        if self._threads:
            return self
        self._stopping = False
        for n in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"webhook-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 1)
        self._threads = []

    def clear(self) -> None:
        with self._cond:
            self._schedule.clear()
            self._deliveries.clear()
            self._counts = dict.fromkeys(self._counts, 0)

    # -- submitting and inspecting ----------------------------------------------------
    def submit(self, url: str, body: bytes, headers: dict[str, str], label: str = "") -> Delivery:
        delivery = Delivery(next(self._ids), url, body, headers, label)
        with self._cond:
            self._deliveries.append(delivery)
            heapq.heappush(self._schedule, (time.monotonic(), next(self._order), delivery))
            self._cond.notify()
        return delivery

    def pending(self) -> int:
        with self._cond:
            return len(self._schedule) + self._in_flight

    def deliveries(self) -> list[Delivery]:
        with self._cond:
            return list(self._deliveries)

    def stats(self) -> dict[str, int]:
        with self._cond:
            return {"submitted": len(self._deliveries), "pending": len(self._schedule) + self._in_flight, **self._counts}

    # -- the workers -----------------------------------------------------------------
    def _next_due(self) -> Delivery | None:
        with self._cond:
            while not self._stopping:
                now = time.monotonic()
                if self._schedule and self._schedule[0][0] <= now:
                    _, _, delivery = heapq.heappop(self._schedule)
                    self._in_flight += 1
                    return delivery
                self._cond.wait(self._schedule[0][0] - now if self._schedule else None)
            return None

    def _work(self) -> None:
        connections: dict[str, http.client.HTTPConnection] = {}
        try:
            while (delivery := self._next_due()) is not None:
                attempt = self._attempt(delivery, connections)
                with self._cond:
                    self._in_flight -= 1
                    delivery.attempts.append(attempt)
                    self._counts["attempts"] += 1
                    if _is_success(attempt.status):
                        delivery.outcome = "delivered"
                        self._counts["delivered"] += 1
                    elif attempt.attempt >= self.policy.max_attempts:
                        delivery.outcome = "failed"
                        self._counts["failed"] += 1
                    else:
                        due = time.monotonic() + self.policy.delay_after(attempt.attempt)
                        heapq.heappush(self._schedule, (due, next(self._order), delivery))
                        self._cond.notify()
        finally:
            for connection in connections.values():
                connection.close()

    def _attempt(self, delivery: Delivery, connections: dict[str, http.client.HTTPConnection]) -> DeliveryAttempt:
        number = len(delivery.attempts) + 1
        started_at = time.time()
        began = time.perf_counter()
        try:
            parts = urlsplit(delivery.url)
            host, port = parts.hostname or "127.0.0.1", parts.port or 80
        except ValueError as exc:  # a URL http.client cannot use: a failed attempt, never a dead worker
            return DeliveryAttempt(number, started_at, _ms_since(began), None, f"unusable URL: {exc}")
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {"Content-Type": "application/json", **delivery.headers}
        while True:
            connection = connections.get(parts.netloc)
            reused = connection is not None
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
                connections[parts.netloc] = connection
            try:
                connection.request("POST", target or "/", body=delivery.body, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.will_close:
                    connection.close()
                    connections.pop(parts.netloc, None)
                return DeliveryAttempt(number, started_at, _ms_since(began), response.status)
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                connection.close()
                connections.pop(parts.netloc, None)
                # A keep-alive connection the receiver closed while idle: resend on a new one.
                stale = isinstance(exc, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError))
                if reused and stale:
                    continue
                return DeliveryAttempt(number, started_at, _ms_since(began), None, f"{type(exc).__name__}: {exc}")


def _ms_since(began: float) -> float:
    return round((time.perf_counter() - began) * 1000, 3)

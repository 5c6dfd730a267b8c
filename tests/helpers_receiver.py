"""A real webhook receiver for tests: a tiny WSGI app that records what it is sent and
answers from a programmable list of statuses."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any


class Receiver:
    def __init__(self, statuses: list[int] | None = None) -> None:
        self.statuses = list(statuses or [])
        self.received: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        with self._lock:
            status = self.statuses.pop(0) if self.statuses else 200
            self.received.append(
                {
                    "path": environ["PATH_INFO"],
                    "status": status,
                    "authorization": environ.get("HTTP_AUTHORIZATION"),
                    "body": json.loads(body) if body else None,
                }
            )
        start_response(f"{status} X", [("Content-Type", "application/json"), ("Content-Length", "2")])
        return [b"{}"]

    def accepted(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self.received if 200 <= r["status"] < 300]


def wait_for(condition: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    """Poll until ``condition()`` holds; fail the test with ``what`` at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.01)

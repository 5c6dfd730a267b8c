"""A stand-in for the simulators' admin surface that records what a load test sent, and by which worker."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any


class RecordingSink:
    """A WSGI app: every POST is kept as (worker, path, body) and answered 202."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, Any]] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"null")
        with self.lock:
            self.requests.append((environ.get("HTTP_X_POS_LOAD_WORKER", "?"), environ["PATH_INFO"], body))
        start_response("202 Accepted", [("Content-Type", "application/json"), ("Content-Length", "2")])
        return [b"{}"]

    def published(self) -> list[tuple[str, dict[str, Any]]]:
        """(worker, event body) of every NewStore event received, in arrival order."""
        with self.lock:
            return [
                (worker, event) for worker, path, body in self.requests if path == "/_sim/publish" for event in body["events"]
            ]

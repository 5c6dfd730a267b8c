"""The request journal: every request a simulator received and what it answered.

The journal is the evidence the harness reasons about (who called what, when, how
often, with which answer), so it is recorded by WSGI middleware around the whole app,
below any routing, and it never loses an entry. Admin calls under ``/_sim/`` are not
journalled: they are the harness talking to the simulator, not traffic.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

ENVIRON_NOTES_KEY = "pos_harness.notes"
REDACTED_HEADERS = frozenset({"authorization"})


@dataclass(frozen=True)
class JournalEntry:
    """One request and its response, as seen on the wire."""

    seq: int
    started_at: float
    duration_ms: float
    method: str
    path: str
    query: str
    request_headers: dict[str, str]
    request_body: str
    status: int
    response_headers: dict[str, str]
    response_body: str
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Journal:
    """A thread-safe, append-only list of :class:`JournalEntry`."""

    def __init__(self, max_body_chars: int = 64 * 1024) -> None:
        self._lock = threading.Lock()
        self._entries: list[JournalEntry] = []
        self._max_body_chars = max_body_chars

    def record(self, **fields: Any) -> JournalEntry:
        with self._lock:
            entry = JournalEntry(seq=len(self._entries) + 1, **fields)
            self._entries.append(entry)
            return entry

    def clip(self, body: bytes) -> str:
        text = body.decode("utf-8", errors="replace")
        if len(text) > self._max_body_chars:
            return text[: self._max_body_chars] + f"...[{len(text) - self._max_body_chars} chars clipped]"
        return text

    def entries(
        self,
        since: int = 0,
        path_prefix: str | None = None,
        method: str | None = None,
        status: int | None = None,
        limit: int | None = None,
    ) -> list[JournalEntry]:
        """Entries with ``seq > since`` that match every filter given."""
        with self._lock:
            selected = self._entries[since:]
        if path_prefix:
            selected = [e for e in selected if e.path.startswith(path_prefix)]
        if method:
            selected = [e for e in selected if e.method == method.upper()]
        if status is not None:
            selected = [e for e in selected if e.status == status]
        return selected[:limit] if limit is not None else selected

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def note(environ: dict[str, Any], text: str) -> None:
    """Attach a note (e.g. a contract violation) to the journal entry of this request."""
    environ.setdefault(ENVIRON_NOTES_KEY, []).append(text)


def _redact(name: str, value: str) -> str:
    if name.lower() in REDACTED_HEADERS and " " in value:
        scheme, _, secret = value.partition(" ")
        return f"{scheme} {secret[:6]}..."
    return value


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class JournalMiddleware:
    """WSGI middleware that records every non-admin request into a :class:`Journal`."""

    def __init__(self, app: WSGIApp, journal: Journal, skip_prefixes: tuple[str, ...] = ("/_sim/",)) -> None:
        self.app = app
        self.journal = journal
        self.skip_prefixes = skip_prefixes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(self.skip_prefixes):
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        captured: dict[str, Any] = {}

        def capture_start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"] = status
            captured["headers"] = headers
            return start_response(status, headers, exc_info)

        started_at = time.time()
        began = time.perf_counter()
        iterable = self.app(environ, capture_start_response)
        try:
            chunks = list(iterable)
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()
        request_headers = {
            key[5:].replace("_", "-").title(): _redact(key[5:], value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            request_headers["Content-Type"] = environ["CONTENT_TYPE"]
        self.journal.record(
            started_at=started_at,
            duration_ms=round((time.perf_counter() - began) * 1000, 3),
            method=environ.get("REQUEST_METHOD", ""),
            path=path,
            query=environ.get("QUERY_STRING", ""),
            request_headers=request_headers,
            request_body=self.journal.clip(body),
            status=int(str(captured.get("status", "500")).split(" ", 1)[0]),
            response_headers=dict(captured.get("headers", [])),
            response_body=self.journal.clip(b"".join(chunks)),
            notes=list(environ.get(ENVIRON_NOTES_KEY, [])),
        )
        return chunks

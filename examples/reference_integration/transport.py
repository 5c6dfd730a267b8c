"""HTTP/1.1 with keep-alive, over the standard library's ``http.client``.

Why not ``requests``: at peak the integration's cost is CPU per call, and ``requests``
spends about four times what ``http.client`` does on one. Each thread keeps one
connection per host and reuses it; a connection the server closed while it sat idle is
opened again and the request sent once more (nothing reached the server the first time).
A request that gets no answer raises :class:`ConnectionFailed`; judging statuses and
retrying is the callers' business (``clients.py``, ``erp_client.py``).
"""

from __future__ import annotations

import base64
import http.client
import json as jsonlib
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class ConnectionFailed(Exception):
    """No HTTP answer: refused, reset, timed out."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content) if self.content else None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def raise_for_status(self) -> None:
        if self.status >= 400:
            raise ConnectionFailed(f"HTTP {self.status}: {self.text[:200]}")


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Transport:
    """Requests to one base URL (``http://host:port/prefix``), a keep-alive connection per thread."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self._local = threading.local()
        self._open: set[http.client.HTTPConnection] = set()  # every thread's, so close() can close them all
        self._lock = threading.Lock()

    def _connection(self) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if connection is None:
            kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            connection = kind(self.host, self.port, timeout=self.timeout)
            self._local.connection = connection
        if connection.sock is None:  # new, or closed by close(): it (re)connects on its next request
            with self._lock:
                self._open.add(connection)
        return connection

    def _drop(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            with self._lock:
                self._open.discard(connection)
        self._local.connection = None

    def close(self) -> None:
        """Close every thread's connection (a thread using one later opens a new one)."""
        with self._lock:
            connections, self._open = self._open, set()
        for connection in connections:
            connection.close()

    def request(
        self,
        method: str,
        path: str = "",
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
    ) -> Response:
        target = self.prefix + path + (f"?{urlencode(params)}" if params else "")
        sent = {"Accept": "application/json", **(headers or {})}
        body: bytes | None = None
        if json is not None:
            body, sent["Content-Type"] = jsonlib.dumps(json).encode(), "application/json"
        elif form is not None:
            body, sent["Content-Type"] = urlencode(form).encode(), "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            reused = getattr(self._local, "connection", None) is not None
            connection = self._connection()
            try:
                connection.request(method, target or "/", body=body, headers=sent)
                answer = connection.getresponse()
                content = answer.read()
            except STALE as exc:
                self._drop()
                if reused and attempt == 1:
                    continue  # the server closed an idle connection: the request never arrived
                raise ConnectionFailed(f"{type(exc).__name__}: {exc}") from None
            except (OSError, http.client.HTTPException) as exc:
                self._drop()
                raise ConnectionFailed(f"{type(exc).__name__}: {exc}") from None
            if answer.will_close:
                self._drop()
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, content)
        raise ConnectionFailed("unreachable")  # pragma: no cover - the loop always returns or raises

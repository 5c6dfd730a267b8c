"""The WSGI middleware that turns :class:`~.faults.FaultInjector` decisions into behaviour.

It wraps the Flask app from outside, so no vendor route knows faults exist, and sits
inside the journal middleware, so every injected fault is journalled with a note such as
``fault: status 503 (rule 2)``. Admin calls under ``/_sim/`` are never faulted: the
harness must always be able to reach a simulator to clear its faults.

A dropped connection (``reset``, and ``timeout`` once its hang ends) has no HTTP status;
it is journalled as status ``0``, as HAR files record a request that got no response.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from .faults import Fault, FaultInjector
from .journal import WSGIApp, note

NO_RESPONSE_STATUS = "000 No Response (connection dropped by fault injection)"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_response(fault: Fault) -> tuple[str, list[tuple[str, str]], bytes]:
    """Status line, headers and body for a ``status`` or ``outage`` fault."""
    status, body = fault.status, fault.rule.body
    if body is None:
        payload, content_type = _reason(status).encode(), "text/plain; charset=utf-8"
    elif isinstance(body, str):
        payload, content_type = body.encode(), "text/plain; charset=utf-8"
    else:
        payload, content_type = json.dumps(body).encode(), "application/json"
    headers = [(name, str(value)) for name, value in fault.rule.headers.items()]
    names = {name.lower() for name, _ in headers}
    if "content-type" not in names:
        headers.append(("Content-Type", content_type))
    headers.append(("Content-Length", str(len(payload))))
    return f"{status} {_reason(status)}", headers, payload


def drop_connection(environ: dict[str, Any]) -> bool:
    """Close the client's TCP connection with no response; False if there is no socket.

    Werkzeug's server hands the connection over as ``werkzeug.socket``. ``SO_LINGER`` 0
    makes the final close a reset (RST) rather than an orderly goodbye; ``shutdown`` acts
    at once even though the server still holds file objects on the socket, and makes its
    attempt to write a response fail, which werkzeug treats as a dropped connection.
    """
    sock = environ.get("werkzeug.socket")
    if not isinstance(sock, socket.socket):
        return False
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)
    return True


class FaultMiddleware:
    """WSGI middleware applying the fault (if any) the injector decides for each request."""

    def __init__(self, app: WSGIApp, faults: FaultInjector, skip_prefixes: tuple[str, ...] = ("/_sim/",)) -> None:
        self.app = app
        self.faults = faults
        self.skip_prefixes = skip_prefixes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(self.skip_prefixes):
            return self.app(environ, start_response)
        fault = self.faults.decide(environ.get("REQUEST_METHOD", ""), path)
        if fault is None:
            return self.app(environ, start_response)
        note(environ, fault.note())
        if fault.delay_s:
            self.faults.wait(fault.delay_s)
        kind = fault.rule.kind
        if kind == "latency":
            return self.app(environ, start_response)
        if kind in ("status", "outage"):
            status, headers, payload = error_response(fault)
            start_response(status, headers)
            return [payload]
        if kind == "timeout" and self.faults.wait(fault.rule.hang_ms / 1000):
            note(environ, f"fault: hang cut short by clearing faults (rule {fault.rule_id})")
        # No socket (an in-process test client): status 0 is the closest honest answer.
        drop_connection(environ)
        start_response(NO_RESPONSE_STATUS, [("Content-Length", "0")])
        return []

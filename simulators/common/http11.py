"""A small HTTP/1.1 server for WSGI apps that keeps connections open.

Werkzeug's development server answers every response with ``Connection: close``, so each
request pays for a TCP connect, an accept, a new thread and a close: measured on a 2-core
machine that was 60-70% of a simulator's time per request (docs/benchmarks.md). This
server keeps connections alive and does only the parsing a simulator needs:

* one thread per connection, like werkzeug's threaded server, so nothing queues inside
  the server and the ERP's concurrency cap sees the integration's real concurrency;
* the request body is read whole before the app runs (``Content-Length`` or chunked,
  ``Expect: 100-continue`` honoured) and the response goes out whole, head and body in
  one ``sendall`` with a ``Content-Length``, so a connection is always at a request
  boundary and can be reused;
* the connection socket is in the environ as ``werkzeug.socket`` so fault injection can
  drop a connection; HTTP/1.0, ``Connection: close`` and app errors close it.
"""

from __future__ import annotations

import contextlib
import io
import selectors
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from email.utils import formatdate
from typing import IO, Any, cast
from urllib.parse import unquote_to_bytes

MAX_LINE = 64 * 1024
MAX_HEADERS = 100
MAX_BODY = 64 * 1024 * 1024
IDLE_TIMEOUT = 120.0  # seconds a kept-alive connection may sit idle before it is closed
NO_BODY_STATUSES = ("1", "204", "304")

WSGIApp = Callable[..., Iterable[bytes]]


class _BadRequest(Exception):
    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def _read_body(rfile: IO[bytes], headers: dict[str, str]) -> bytes:
    """The whole request body: chunked (RFC 9112 7.1, trailers skipped) or ``Content-Length``."""
    if "chunked" in headers.get("HTTP_TRANSFER_ENCODING", "").lower():
        chunks: list[bytes] = []
        while size_line := rfile.readline(MAX_LINE):
            try:
                size = int(size_line.split(b";", 1)[0], 16)
            except ValueError:
                raise _BadRequest("400 Bad Request") from None
            if size == 0:
                while rfile.readline(MAX_LINE) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(rfile.read(size))
            rfile.readline(MAX_LINE)
            if sum(map(len, chunks)) > MAX_BODY:
                raise _BadRequest("413 Content Too Large")
        raise _BadRequest("400 Bad Request")
    length = headers.get("CONTENT_LENGTH", "")
    if not length:
        return b""
    if not length.isdigit():
        raise _BadRequest("400 Bad Request")
    if int(length) > MAX_BODY:
        raise _BadRequest("413 Content Too Large")
    body = rfile.read(int(length))
    if len(body) != int(length):
        raise ConnectionError("client closed mid-body")
    return body


class _Connection:
    """One client connection, served request after request by its own thread."""

    def __init__(self, server: KeepAliveServer, sock: socket.socket, peer: tuple[str, int]) -> None:
        self.server = server
        self.sock = sock
        self.peer = peer

    def serve(self) -> None:
        rfile = cast(IO[bytes], self.sock.makefile("rb", buffering=64 * 1024))
        try:
            while self._one_request(rfile):
                pass
        except (OSError, ValueError):
            pass  # the client went away, timed out or sent garbage mid-body: drop the connection
        finally:
            rfile.close()
            self.server.forget(self.sock)
            with contextlib.suppress(OSError):
                self.sock.close()

    def _one_request(self, rfile: IO[bytes]) -> bool:
        line = rfile.readline(MAX_LINE)
        if line in (b"\r\n", b"\n"):  # RFC 9112 2.2: ignore an empty line before the request
            line = rfile.readline(MAX_LINE)
        if not line:
            return False
        try:
            parts = line.decode("latin-1").split()
            if len(parts) != 3 or not parts[2].startswith("HTTP/1.") or len(line) >= MAX_LINE:
                raise _BadRequest("400 Bad Request")
            method, target, version = parts
            headers = self._read_headers(rfile)
            if version == "HTTP/1.1" and headers.get("HTTP_EXPECT", "").lower() == "100-continue":
                self.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            body = _read_body(rfile, headers)
        except _BadRequest as exc:
            self._send(exc.status, [("Content-Length", "0")], b"", keep_alive=False, head=False)
            return False
        tokens = {t.strip().lower() for t in headers.get("HTTP_CONNECTION", "").split(",")}
        keep_alive = version == "HTTP/1.1" and "close" not in tokens
        environ = self._environ(method, target, version, headers, body)
        status, response_headers, chunks = self._call_app(environ)
        if status.startswith("0"):  # fault injection dropped the connection: nothing to send
            return False
        if any(n.lower() == "connection" and "close" in v.lower() for n, v in response_headers):
            keep_alive = False
        return self._send(status, response_headers, b"".join(chunks), keep_alive, head=method == "HEAD") and keep_alive

    def _read_headers(self, rfile: IO[bytes]) -> dict[str, str]:
        headers: dict[str, str] = {}
        for _ in range(MAX_HEADERS + 1):
            line = rfile.readline(MAX_LINE)
            if line in (b"\r\n", b"\n", b""):
                return headers
            if len(line) >= MAX_LINE or line[:1] in (b" ", b"\t"):
                raise _BadRequest("431 Request Header Fields Too Large" if len(line) >= MAX_LINE else "400 Bad Request")
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep or name != name.strip():
                raise _BadRequest("400 Bad Request")
            key = name.upper().replace("-", "_")
            key = key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"
            value = value.strip()
            headers[key] = f"{headers[key]},{value}" if key in headers else value
        raise _BadRequest("431 Request Header Fields Too Large")

    def _environ(self, method: str, target: str, version: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
        if target.startswith(("http://", "https://")):  # absolute form: keep the path and query
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        path, _, query = target.partition("?")
        host, port = self.server.address
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query,
            "REQUEST_URI": target,
            "RAW_URI": target,
            "SERVER_NAME": host,
            "SERVER_PORT": str(port),
            "SERVER_PROTOCOL": version,
            "REMOTE_ADDR": self.peer[0],
            "REMOTE_PORT": self.peer[1],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "wsgi.input_terminated": True,
            "werkzeug.socket": self.sock,
            **headers,
        }
        if body and "CONTENT_LENGTH" not in headers:
            environ["CONTENT_LENGTH"] = str(len(body))  # a chunked body, now whole
        return environ

    def _call_app(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], list[bytes]]:
        started: list[Any] = []
        chunks: list[bytes] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            started[:] = [status, headers]
            return chunks.append

        try:
            result = self.server.app(environ, start_response)
            try:
                chunks.extend(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            if not started:
                raise RuntimeError("the WSGI app returned without calling start_response")
        except Exception:
            traceback.print_exc(file=sys.stderr)
            body = b"Internal Server Error"
            headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(body))), ("Connection", "close")]
            return "500 Internal Server Error", headers, [body]
        return started[0], started[1], chunks

    def _send(self, status: str, headers: list[tuple[str, str]], body: bytes, keep_alive: bool, head: bool) -> bool:
        lines = [f"HTTP/1.1 {status}"]
        has_length = False
        for name, value in headers:
            lowered = name.lower()
            if lowered in ("connection", "transfer-encoding", "keep-alive"):
                continue  # hop-by-hop: this server decides them
            has_length = has_length or lowered == "content-length"
            lines.append(f"{name}: {value}")
        if not has_length and not head and not status.startswith(NO_BODY_STATUSES):
            lines.append(f"Content-Length: {len(body)}")
        lines.append(f"Date: {self.server.date()}")
        if not keep_alive:
            lines.append("Connection: close")
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if not head and not status.startswith(NO_BODY_STATUSES):
            payload += body
        try:
            self.sock.sendall(payload)
        except OSError:
            return False
        return True


class KeepAliveServer:
    """A listening socket, an accept loop, and one thread per open connection."""

    def __init__(self, app: WSGIApp, host: str, port: int) -> None:
        self.app = app
        self.listener = socket.create_server((host, port), backlog=socket.SOMAXCONN)
        self.address: tuple[str, int] = self.listener.getsockname()[:2]
        self._wake_r, self._wake_w = socket.socketpair()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopping = False
        self._date = (0, "")

    def date(self) -> str:
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, formatdate(now, usegmt=True))
        return self._date[1]

    def serve_forever(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self.listener, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not self._stopping:
                for key, _ in selector.select():
                    if key.fileobj is self.listener and not self._stopping:
                        self._accept()

    def _accept(self) -> None:
        try:
            sock, peer = self.listener.accept()
        except OSError:
            return
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(IDLE_TIMEOUT)
        with self._lock:
            self._open.add(sock)
        connection = _Connection(self, sock, peer)
        threading.Thread(target=connection.serve, name=f"conn-{peer[1]}", daemon=True).start()

    def forget(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.discard(sock)

    def shutdown(self) -> None:
        """Stop accepting, and end every open connection (idle ones at once)."""
        self._stopping = True
        self._wake_w.send(b"x")
        with self._lock:
            open_sockets = list(self._open)
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        for sock in (self.listener, self._wake_r, self._wake_w):
            sock.close()

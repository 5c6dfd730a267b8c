"""The keep-alive HTTP/1.1 server: persistent connections, chunked bodies, 100-continue,
HTTP/1.0 and Connection: close, errors that close the connection."""

from __future__ import annotations

import http.client
import socket
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

from simulators.common.serving import ServerThread


def _app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path = environ["PATH_INFO"]
    if path == "/boom":
        raise RuntimeError("boom")
    if path == "/drop":
        environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
        start_response("000 No Response", [("Content-Length", "0")])
        return []
    body = environ["wsgi.input"].read()
    reply = f"{environ['REQUEST_METHOD']} {path}?{environ['QUERY_STRING']} {len(body)} {body[:20]!r}".encode()
    start_response("200 OK", [("Content-Type", "text/plain")])  # no Content-Length: the server adds it
    return [reply]


@pytest.fixture
def server() -> Iterator[ServerThread]:
    with ServerThread(_app) as running:
        yield running


def _raw(server: ServerThread, data: bytes) -> bytes:
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_one_connection_serves_request_after_request(server: ServerThread) -> None:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=5)
    connection.request("POST", "/a?x=1", body=b"hello")
    first = connection.getresponse()
    assert (first.status, first.read(), first.will_close) == (200, b"POST /a?x=1 5 b'hello'", False)
    local = connection.sock.getsockname()
    connection.request("GET", "/b")
    assert connection.getresponse().read() == b"GET /b? 0 b''"
    assert connection.sock.getsockname() == local  # the same TCP connection
    connection.close()


def test_chunked_bodies_and_expect_continue_are_read_whole(server: ServerThread) -> None:
    request = (
        b"PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
        b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    )
    reply = _raw(server, request)
    assert reply.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n")
    assert b"Connection: close" in reply and reply.endswith(b"PUT /c? 5 b'abcde'")


def test_http_1_0_and_connection_close_end_the_connection(server: ServerThread) -> None:
    assert _raw(server, b"GET /old HTTP/1.0\r\n\r\n").endswith(b"GET /old? 0 b''")
    assert b"Connection: close" in _raw(server, b"GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")


def test_an_app_error_is_a_500_that_closes_the_connection(server: ServerThread) -> None:
    reply = _raw(server, b"GET /boom HTTP/1.1\r\nHost: x\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 500 ") and b"Connection: close" in reply


def test_a_dropped_connection_sends_nothing(server: ServerThread) -> None:
    assert _raw(server, b"GET /drop HTTP/1.1\r\nHost: x\r\n\r\n") == b""


def test_garbage_is_a_400(server: ServerThread) -> None:
    assert _raw(server, b"NOT HTTP\r\n\r\n").startswith(b"HTTP/1.1 400 ")
    bad_chunk = b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
    assert _raw(server, bad_chunk).startswith(b"HTTP/1.1 400 ")


def test_stop_ends_idle_kept_alive_connections() -> None:
    running = ServerThread(_app).start()
    connection = http.client.HTTPConnection(running.host, running.port, timeout=5)
    connection.request("GET", "/")
    connection.getresponse().read()
    running.stop()
    assert connection.sock is not None and connection.sock.recv(1) == b""  # closed by the server
    connection.close()

"""Serve a WSGI app on a real, multi-threaded HTTP/1.1 server bound to loopback.

Two ways to run a simulator, with the same readiness rule (the socket is listening
before ``start()`` returns, so callers never sleep):

* :class:`ServerThread` serves in this process, in a background thread, on the
  keep-alive server of :mod:`simulators.common.http11`;
* :class:`ServerProcess` runs ``python -m simulators NAME`` as its own process and waits
  for the one JSON line it prints once its socket is bound.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from typing import Any

from .http11 import KeepAliveServer, WSGIApp

DEFAULT_HOST = "127.0.0.1"


class ServerThread:
    """A WSGI app on a threaded keep-alive server, its accept loop in a daemon thread."""

    def __init__(self, app: WSGIApp, host: str = DEFAULT_HOST, port: int = 0, name: str = "server") -> None:
        self.app = app
        self.name = name
        self._requested = (host, port)
        self._server: KeepAliveServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> ServerThread:
        self._server = KeepAliveServer(self.app, *self._requested)
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"serve-{self.name}", daemon=True)
        self._thread.start()
        return self

    @property
    def host(self) -> str:
        assert self._server is not None, "server not started"
        return str(self._server.address[0])

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.address[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._server is not None:
            self._server.close()
        self._server = None
        self._thread = None

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ServerProcess:
    """A simulator in its own process: ``python -m simulators NAME --port P ...``."""

    def __init__(
        self, name: str, host: str = DEFAULT_HOST, port: int = 0, extra_args: list[str] | None = None, ready_timeout: float = 30.0
    ) -> None:
        self.name = name
        self.args = [sys.executable, "-m", "simulators", name, "--host", host, "--port", str(port), *(extra_args or [])]
        self.ready_timeout = ready_timeout
        self.process: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}

    def start(self) -> ServerProcess:
        self.process = subprocess.Popen(
            self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy()
        )
        line = _readline_with_timeout(self.process, self.ready_timeout)
        if not line:
            self.stop()
            raise RuntimeError(f"simulator {self.name!r} did not report ready within {self.ready_timeout}s")
        self.info = json.loads(line)
        return self

    @property
    def url(self) -> str:
        return str(self.info["url"])

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        self.process = None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _readline_with_timeout(process: subprocess.Popen[str], timeout: float) -> str:
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(process.stdout.readline() if process.stdout else ""), daemon=True)
    reader.start()
    reader.join(timeout)
    return result[0].strip() if result else ""

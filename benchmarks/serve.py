"""Serve one app on one WSGI server in this process: the benchmarks' server child.

``python -m benchmarks.serve APP SERVER [--threads N]`` prints ``{"url": ...}`` once the
socket listens (the line :class:`Child` waits for), then serves until terminated.

APP is ``trivial`` (one Flask route answering a short JSON body) or a simulator name from
``simulators.registry``; SERVER is ``keepalive`` (the project's
:class:`simulators.common.serving.ServerThread`), or ``waitress`` / ``cheroot`` when
installed, for comparison.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, jsonify

from simulators.common.serving import DEFAULT_HOST, ServerProcess, ServerThread

SERVERS = ("keepalive", "waitress", "cheroot")


class Child(ServerProcess):
    """Any command that prints one JSON line with its ``url`` once it listens."""

    def __init__(self, args: list[str], ready_timeout: float = 30.0) -> None:
        super().__init__(" ".join(args[2:]), ready_timeout=ready_timeout)  # name: what follows "python -m"
        self.args = args


def serve_child(app: str, server: str, threads: int = 8) -> Child:
    """``python -m benchmarks.serve APP SERVER``, not yet started (``with`` starts and stops it)."""
    return Child([sys.executable, "-m", "benchmarks.serve", app, server, "--threads", str(threads)])


def trivial_app() -> Flask:
    app = Flask("benchmarks.trivial")

    @app.get("/ping")
    def ping() -> Any:
        return jsonify({"ok": True})

    return app


def _start(app: Callable[..., Any], server: str, threads: int) -> str:
    """Start ``app`` on ``server`` in a daemon thread; returns its URL."""
    if server == "keepalive":
        return ServerThread(app, DEFAULT_HOST, 0).start().url
    if server == "waitress":
        import waitress

        wsgi = waitress.create_server(app, host=DEFAULT_HOST, port=0, threads=threads)
        threading.Thread(target=wsgi.run, daemon=True).start()
        return f"http://{DEFAULT_HOST}:{wsgi.effective_port}"
    if server == "cheroot":
        from cheroot import wsgi as cheroot_wsgi

        chserver = cheroot_wsgi.Server((DEFAULT_HOST, 0), app, numthreads=threads)
        chserver.prepare()
        threading.Thread(target=chserver.serve, daemon=True).start()
        return f"http://{DEFAULT_HOST}:{chserver.bind_addr[1]}"
    raise ValueError(f"unknown server {server!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve", description=__doc__)
    parser.add_argument("app", help="trivial, or a simulator name")
    parser.add_argument("server", choices=SERVERS)
    parser.add_argument("--threads", type=int, default=8, help="worker threads (waitress, cheroot)")
    args = parser.parse_args(argv)
    from simulators.registry import create

    app = trivial_app() if args.app == "trivial" else create(args.app)
    print(json.dumps({"url": _start(app, args.server, args.threads)}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

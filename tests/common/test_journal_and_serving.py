"""The journal records every vendor request; servers bind loopback and are ready on start."""

from __future__ import annotations

import json
from typing import Any

import requests
from flask import Flask

from simulators.common.app import handle, simulator_app
from simulators.common.concurrency import ConcurrencyLimiter
from simulators.common.serving import ServerProcess
from simulators.exceptions import ExceptionQueueState


def _app() -> Flask:
    app = simulator_app("demo", ExceptionQueueState())

    @app.post("/things")
    def things() -> tuple[str, int]:
        return json.dumps({"ok": True}), 201

    return app


def test_journal_records_request_and_response_but_not_admin_calls() -> None:
    app = _app()
    client = app.test_client()
    client.post("/things?x=1", json={"name": "a"}, headers={"Authorization": "Bearer secret-token-value"})
    client.get("/_sim/state")
    entries = handle(app).journal.entries()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.method, entry.path, entry.query, entry.status) == ("POST", "/things", "x=1", 201)
    assert json.loads(entry.request_body) == {"name": "a"}
    assert json.loads(entry.response_body) == {"ok": True}
    assert entry.request_headers["Authorization"] == "Bearer secret...", "tokens are redacted"


def test_journal_filters_and_reset_clears_it() -> None:
    app = _app()
    client = app.test_client()
    client.post("/things", json={})
    client.get("/missing")
    body = client.get("/_sim/journal?status=404").json
    assert body["total"] == 2 and [e["path"] for e in body["entries"]] == ["/missing"]
    assert client.get("/_sim/journal?since=1").json["entries"][0]["seq"] == 2
    client.post("/_sim/reset")
    assert client.get("/_sim/journal").json["total"] == 0


def test_server_thread_binds_loopback_on_a_free_port_and_is_ready(served: Any) -> None:
    server = served(_app())
    assert server.host == "127.0.0.1" and server.port > 0
    assert requests.post(f"{server.url}/things", json={}).status_code == 201


def test_server_process_reports_its_url_and_stops() -> None:
    with ServerProcess("exceptions") as process:
        assert process.url.startswith("http://127.0.0.1:")
        assert requests.get(f"{process.url}/_sim/health").json() == {"ok": True, "simulator": "exceptions"}
        pid_process = process.process
    assert pid_process is not None and pid_process.poll() is not None


def test_concurrency_limiter_counts_peak_and_rejections() -> None:
    limiter = ConcurrencyLimiter(2)
    assert limiter.try_acquire() and limiter.try_acquire()
    assert not limiter.try_acquire()
    limiter.release()
    assert limiter.try_acquire()
    stats = limiter.stats()
    assert (stats.in_flight, stats.peak, stats.admitted, stats.rejected) == (2, 2, 3, 1)

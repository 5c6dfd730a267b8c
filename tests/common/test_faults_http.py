"""Fault injection seen from a real client over a real socket, the journal and ``/_sim/faults``."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from flask import Flask

from simulators.common.app import handle, simulator_app
from simulators.common.faults import FaultInjector
from simulators.common.serving import ServerThread
from simulators.exceptions import ExceptionQueueState
from simulators.exceptions import create_app as create_exceptions


def _app(faults: FaultInjector | None = None) -> Flask:
    app = simulator_app("demo", ExceptionQueueState(), faults=faults)

    @app.post("/things")
    def things() -> tuple[str, int]:
        return json.dumps({"ok": True}), 201

    @app.get("/stock/<sku>")
    def stock(sku: str) -> tuple[str, int]:
        return json.dumps({"sku": sku}), 200

    return app


@pytest.fixture
def demo() -> Iterator[tuple[Flask, str]]:
    app = _app()
    server = ServerThread(app, name="demo").start()
    yield app, server.url
    handle(app).faults.reset()  # wake any request still hanging on a fault
    server.stop()


def _add(url: str, body: Any) -> list[dict[str, Any]]:
    response = requests.post(f"{url}/_sim/faults", json=body, timeout=5)
    assert response.status_code == 201, response.text
    return list(response.json()["added"])


def _journal(url: str) -> list[dict[str, Any]]:
    return list(requests.get(f"{url}/_sim/journal", timeout=5).json()["entries"])


def _poll(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


def test_latency_delays_the_answer_and_is_journalled(demo: tuple[Flask, str]) -> None:
    _, url = demo
    _add(url, {"path": "/things", "method": "POST", "kind": "latency", "delay_ms": 150})
    began = time.monotonic()
    response = requests.post(f"{url}/things", json={}, timeout=5)
    assert response.status_code == 201 and time.monotonic() - began >= 0.15
    assert requests.get(f"{url}/stock/A", timeout=5).status_code == 200
    entries = _journal(url)
    assert entries[0]["notes"] == ["fault: latency 150 ms (rule 1)"] and entries[0]["duration_ms"] >= 150
    assert entries[1]["notes"] == []


def test_status_fault_answers_with_its_headers_and_body(demo: tuple[Flask, str]) -> None:
    _, url = demo
    _add(url, {"path": "/things", "kind": "status", "status": 429, "headers": {"Retry-After": 7}, "body": {"error": "slow down"}})
    _add(url, {"path": "/stock/*", "kind": "status", "status": 502})
    limited = requests.post(f"{url}/things", json={}, timeout=5)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "7"
    assert limited.headers["Content-Type"] == "application/json" and limited.json() == {"error": "slow down"}
    gateway = requests.get(f"{url}/stock/A", timeout=5)
    assert (gateway.status_code, gateway.text) == (502, "Bad Gateway")
    assert [(e["status"], e["notes"]) for e in _journal(url)] == [
        (429, ["fault: status 429 (rule 1)"]),
        (502, ["fault: status 502 (rule 2)"]),
    ]


def test_reset_drops_the_connection_without_a_response(demo: tuple[Flask, str]) -> None:
    _, url = demo
    _add(url, {"path": "/things", "kind": "reset", "max_hits": 1})
    with pytest.raises(requests.ConnectionError):
        requests.post(f"{url}/things", json={"n": 1}, timeout=5)
    assert requests.post(f"{url}/things", json={"n": 2}, timeout=5).status_code == 201, "max_hits 1"
    # The dropped request's thread journals it after the client has already seen the reset, so
    # the answered request may be journalled first: wait for both, then tell them by body.
    _poll(lambda: len(_journal(url)) == 2)
    by_body = {json.loads(entry["request_body"])["n"]: entry for entry in _journal(url)}
    dropped, answered = by_body[1], by_body[2]
    assert (dropped["status"], dropped["notes"]) == (0, ["fault: reset, connection dropped (rule 1)"])
    assert (answered["status"], answered["notes"]) == (201, [])


def test_reset_sends_not_one_byte_back(demo: tuple[Flask, str]) -> None:
    _, url = demo
    _add(url, {"path": "/things", "kind": "reset"})
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        raw.sendall(b"POST /things HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        try:
            received = raw.recv(1024)
        except ConnectionResetError:
            received = b""
    assert received == b""


def test_timeout_hangs_past_the_client_deadline_then_drops(demo: tuple[Flask, str]) -> None:
    _, url = demo
    _add(url, {"path": "/things", "kind": "timeout", "hang_ms": 5000})
    began = time.monotonic()
    with pytest.raises(requests.ReadTimeout):
        requests.post(f"{url}/things", json={}, timeout=0.2)
    assert time.monotonic() - began < 4, "the client gave up, not the server"
    assert requests.delete(f"{url}/_sim/faults", timeout=5).json() == {"cleared": 1}
    _poll(lambda: len(_journal(url)) == 1)
    entry = _journal(url)[0]
    assert entry["status"] == 0 and entry["notes"] == [
        "fault: timeout, hung 5000 ms then dropped (rule 1)",
        "fault: hang cut short by clearing faults (rule 1)",
    ]


def test_outage_answers_503_until_its_window_ends(demo: tuple[Flask, str]) -> None:
    _, url = demo
    began = time.monotonic()
    _add(url, {"path": "*", "kind": "outage", "duration_s": 0.4})
    assert requests.post(f"{url}/things", json={}, timeout=5).status_code == 503
    _poll(lambda: requests.post(f"{url}/things", json={}, timeout=5).status_code == 201)
    assert time.monotonic() - began >= 0.4
    entries = _journal(url)
    assert all(e["notes"] == ["fault: outage 503 (rule 1)"] for e in entries if e["status"] == 503)
    assert entries[-1]["notes"] == [] and len(entries) >= 2
    assert requests.get(f"{url}/_sim/faults", timeout=5).json()["rules"][0]["phase"] == "expired"


def test_admin_paths_are_never_faulted(demo: tuple[Flask, str]) -> None:
    _, url = demo
    _add(url, [{"path": "*", "kind": "reset"}, {"path": "^/_sim", "kind": "status", "status": 500}])
    assert requests.get(f"{url}/_sim/health", timeout=5).json()["ok"] is True
    assert requests.get(f"{url}/_sim/faults", timeout=5).json()["rules"][0]["matched"] == 0


def test_admin_adds_lists_deletes_and_reset_clears_faults() -> None:
    client = _app().test_client()
    added = client.post(
        "/_sim/faults", json=[{"path": "/things", "kind": "status", "status": 503}, {"path": "/x", "kind": "reset"}]
    )
    assert added.status_code == 201 and [r["id"] for r in added.json["added"]] == [1, 2]
    client.post("/things", json={})
    listed = client.get("/_sim/faults").json
    assert listed["seed"] == 0
    assert [(r["id"], r["hits"], r["phase"]) for r in listed["rules"]] == [(1, 1, "active"), (2, 0, "active")]
    assert client.delete("/_sim/faults/1").json == {"deleted": 1}
    assert client.delete("/_sim/faults/1").status_code == 404
    assert client.post("/things", json={}).status_code == 201
    client.post("/_sim/reset")
    assert client.get("/_sim/faults").json["rules"] == []
    assert client.post("/_sim/faults", json={"path": "/a", "kind": "reset"}).json["added"][0]["id"] == 1


@pytest.mark.parametrize(
    "body",
    [{"path": "/things", "kind": "status"}, [{"path": "/a", "kind": "reset"}, {"kind": "reset"}], "reset", None],
)
def test_invalid_rule_is_refused_with_pydantic_errors_and_nothing_added(body: Any) -> None:
    client = _app().test_client()
    response = client.post("/_sim/faults", json=body)
    assert response.status_code == 400 and response.json["error"] == "invalid fault rule"
    assert response.json["errors"] and all("loc" in e and "msg" in e for e in response.json["errors"])
    assert client.get("/_sim/faults").json["rules"] == []


def test_seed_world_can_carry_faults_and_their_seed() -> None:
    client = _app().test_client()
    world = {"faults": {"seed": 11, "rules": [{"path": "/things", "kind": "status", "status": 504}]}}
    assert client.post("/_sim/seed", json=world).status_code == 200
    assert client.get("/_sim/faults").json["seed"] == 11
    assert client.post("/things", json={}).status_code == 504
    bad = client.post("/_sim/seed", json={"faults": [{"path": "/x", "kind": "nope"}]})
    assert bad.status_code == 400 and [r["id"] for r in client.get("/_sim/faults").json["rules"]] == [1]


def _statuses(seed: int) -> list[int]:
    client = _app(FaultInjector(seed=seed)).test_client()
    client.post("/_sim/faults", json={"path": "/things", "kind": "status", "status": 503, "rate": 0.5})
    return [client.post("/things", json={}).status_code for _ in range(40)]


def test_same_seed_and_requests_give_the_same_fault_pattern() -> None:
    first = _statuses(seed=42)
    assert first == _statuses(seed=42) and {201, 503} == set(first)
    assert first != _statuses(seed=43)


def test_every_simulator_gets_faults_without_changing_its_factory() -> None:
    app = create_exceptions()
    client = app.test_client()
    client.post("/_sim/faults", json={"path": "/exceptions", "method": "POST", "kind": "status", "status": 503})
    assert client.post("/exceptions", json={}).status_code == 503
    assert client.get("/exceptions").status_code == 200
    assert handle(app).faults.describe()[0]["hits"] == 1

"""The measurements ``python -m benchmarks`` runs, one function per figure.

Each function starts what it measures in child processes (a simulator, a webhook sink,
the load generator), talks to it only over HTTP, stops it, and returns rows for the
table: dicts with ``name``, ``variant`` and the figures. ``variant`` names the
server: ``keepalive`` is the project's (``python -m simulators NAME``); the serving
benchmark adds ``waitress`` and ``cheroot`` when installed, for comparison.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from simulators.common.serving import ServerProcess

from . import profile
from .loadgen import Plan, cpu_seconds, run_load
from .serve import Child, serve_child

Row = dict[str, Any]
Server = ServerProcess  # ServerProcess or its subclass Child: .url, .process, start/stop


@dataclass(frozen=True)
class Settings:
    """What every measurement is told: how long, how many connections, where to profile."""

    seconds: float = 5.0
    connections: tuple[int, ...] = (8, 32)
    warmup_seconds: float = 1.0
    profile_dir: Path | None = None  # write py-spy summaries here (see benchmarks/profile.py)


ERP_CLIENT = ("pos-harness-erp", "erp-secret")
NEWSTORE_CLIENT = ("pos-harness-newstore", "newstore-secret")
NEWSTORE_TENANT = "harness-retail"

# Master data for the ERP (the shape of tests/helpers.py ERP_MASTER) and one valid order.
ERP_MASTER: dict[str, list[dict[str, str]]] = {
    "subsidiary": [{"id": "1", "name": "Harness Retail Ltd"}],
    "currency": [{"id": "1", "name": "GBP"}],
    "customer": [{"id": "100", "name": "POS Walk-in Customer"}],
    "location": [{"id": "11", "name": "Leeds", "externalId": "store-lee01"}],
    "inventoryItem": [{"id": "5001", "name": "Tee"}, {"id": "5002", "name": "Hoodie"}],
    "salesTaxItem": [{"id": "7", "name": "GB VAT 20%"}],
    "paymentMethod": [{"id": "1", "name": "card"}],
}
SALES_ORDER = {
    "entity": {"id": "100"},
    "subsidiary": {"id": "1"},
    "location": {"id": "11"},
    "currency": {"id": "1"},
    "paymentMethod": {"id": "1"},
    "tranDate": "2026-11-27",
    "item": {
        "items": [
            {"item": {"id": "5001"}, "quantity": 2, "rate": 8.33, "taxCode": {"id": "7"}},
            {"item": {"id": "5002"}, "quantity": 1, "rate": 33.33, "taxCode": {"id": "7"}},
        ]
    },
}


def simulator(name: str, variant: str) -> Server:
    """Not yet started: ``python -m simulators NAME`` (``variant`` names the server in the table)."""
    return ServerProcess(name) if variant == "keepalive" else serve_child(name, variant)


def _measure(
    name: str, variant: str, server: Server, settings: Settings, request: tuple[str, str, str, dict[str, str], list[int]]
) -> list[Row]:
    """One load-generator run per connection count against ``server``: ``request`` is
    (method, path, body, headers, ok statuses). Profiles the first run if asked to."""
    method, path, body, headers, ok = request
    pid = server.process.pid if server.process is not None else None
    rows = []
    for index, conns in enumerate(settings.connections):
        plan = Plan(
            server.url,
            method,
            path,
            body,
            headers,
            ok,
            conns,
            settings.seconds,
            settings.warmup_seconds,
            100_000_000 * index,
            pid,
        )
        spy = None
        if settings.profile_dir is not None and pid is not None and index == 0:
            raw = settings.profile_dir / f"profile-{name.split()[0]}-{variant}.raw"
            spy = profile.record(pid, settings.warmup_seconds, settings.seconds, raw)
        rows.append({"name": name, "variant": variant, **run_load(plan).to_dict()})
        if spy is not None and spy.wait() == 0:
            raw.with_suffix(".txt").write_text(profile.summarize(raw), encoding="utf-8")
    return rows


def _erp_token(url: str) -> str:
    form = {"grant_type": "client_credentials", "client_id": ERP_CLIENT[0], "client_secret": ERP_CLIENT[1]}
    response = requests.post(f"{url}/services/rest/auth/oauth2/v1/token", data=form, timeout=10)
    response.raise_for_status()
    return str(response.json()["access_token"])


def _newstore_token(url: str) -> str:
    form = {"grant_type": "client_credentials", "client_id": NEWSTORE_CLIENT[0], "client_secret": NEWSTORE_CLIENT[1]}
    path = f"/auth/realms/{NEWSTORE_TENANT}/protocol/openid-connect/token"
    response = requests.post(f"{url}{path}", data=form, timeout=10)
    response.raise_for_status()
    return str(response.json()["access_token"])


def erp_write(settings: Settings, variant: str = "keepalive") -> list[Row]:
    """ERP upserts: ``PUT .../salesOrder/eid:bench-{n}?replace=item``, a new order each time."""
    with simulator("erp", variant) as server:
        config = {"concurrency_limit": 256, "latency_ms": 0}
        requests.post(f"{server.url}/_sim/seed", json={"config": config, "master": ERP_MASTER}, timeout=10).raise_for_status()
        headers = {"Authorization": f"Bearer {_erp_token(server.url)}", "Content-Type": "application/json"}
        path = "/services/rest/record/v1/salesOrder/eid:bench-{n}?replace=item"
        return _measure("erp PUT salesOrder", variant, server, settings, ("PUT", path, json.dumps(SALES_ORDER), headers, [204]))


def _seed_newstore(url: str, config: dict[str, Any]) -> None:
    """Seed NewStore's config with its API rate limit off (a version without one refuses the key)."""
    response = requests.post(f"{url}/_sim/seed", json={"config": {**config, "rate_limit_profile": "off"}}, timeout=10)
    if response.status_code == 400:
        response = requests.post(f"{url}/_sim/seed", json={"config": config}, timeout=10)
    response.raise_for_status()


def newstore_write(settings: Settings, variant: str = "keepalive") -> list[Row]:
    """NewStore event-stream registrations: ``POST /api/v1/org/integrations/eventstream``
    (a new stream each time, validated by pydantic), with the API rate limit off."""
    with simulator("newstore", variant) as server:
        _seed_newstore(server.url, {})
        headers = {"Authorization": f"Bearer {_newstore_token(server.url)}", "Content-Type": "application/json"}
        body = json.dumps({"id": "bench-{n}", "callback_parameters": {"callback_url": "http://127.0.0.1:9/hook"}})
        path = "/api/v1/org/integrations/eventstream"
        return _measure("newstore POST eventstream", variant, server, settings, ("POST", path, body, headers, [200, 201]))


def sitoo_write(settings: Settings, variant: str = "keepalive") -> list[Row]:
    """Sitoo product creates: ``POST /v2/accounts/10020/sites/1/products.json``, a new SKU each time."""
    with simulator("sitoo", variant) as server:
        token = base64.b64encode(b"10020-140:sitoo-secret").decode()
        headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
        body = json.dumps({"sku": "bench-{n}", "title": "Bench tee", "moneyprice": "10.00", "vatvalue": 25})
        path = "/v2/accounts/10020/sites/1/products.json"
        return _measure("sitoo POST product", variant, server, settings, ("POST", path, body, headers, [200, 201]))


def shop_write(settings: Settings, variant: str = "keepalive") -> list[Row]:
    """Web-shop stock adjustments: ``POST /admin/api/2024-10/inventory_levels/adjust.json``
    (the write an integration makes after every store sale), with the leaky bucket opened wide."""
    with simulator("shop", variant) as server:
        seed: dict[str, Any] = {
            "config": {"bucket_size": 1_000_000, "leak_per_second": 1_000_000.0},
            "locations": [{"id": 1001, "name": "Leeds"}],
            "products": [
                {
                    "id": 2001,
                    "title": "Tee",
                    "variants": [{"id": 3001, "sku": "TEE", "price": "10.00", "inventory_item_id": 4001}],
                }
            ],
            "inventory": [{"inventory_item_id": 4001, "location_id": 1001, "available": 0}],
        }
        requests.post(f"{server.url}/_sim/seed", json=seed, timeout=10).raise_for_status()
        headers = {"X-Shopify-Access-Token": "shpat_pos_harness_shop", "Content-Type": "application/json"}
        body = json.dumps({"location_id": 1001, "inventory_item_id": 4001, "available_adjustment": 1})
        path = "/admin/api/2024-10/inventory_levels/adjust.json"
        return _measure("shop POST inventory adjust", variant, server, settings, ("POST", path, body, headers, [200]))


def _event(index: int) -> dict[str, Any]:
    payload = {"id": f"o-{index}", "external_id": f"x-{index}", "channel_type": "store", "grand_total": 19.99}
    return {"name": "order.created", "published_at": "2026-11-27T10:00:00Z", "payload": payload}


def webhooks(settings: Settings, variant: str = "keepalive", workers: tuple[int, ...] = (4, 16)) -> list[Row]:
    """Deliveries/s with each number of delivery workers (NewStore's default is 4)."""
    return [row for count in workers for row in _webhooks(settings, variant, count)]


def _webhooks(settings: Settings, variant: str, workers: int, batch: int = 500) -> list[Row]:
    """Publish ``2000 * seconds`` events in batches to one running stream whose callback is
    the sink; deliveries/s from the first publish until ``/_sim/activity`` says ``pending == 0``."""
    events = int(2000 * settings.seconds)
    with simulator("newstore", variant) as server, Child([sys.executable, "-m", "benchmarks.receiver"]) as sink:
        _seed_newstore(server.url, {"delivery_workers": workers})
        session = requests.Session()
        headers = {"Authorization": f"Bearer {_newstore_token(server.url)}"}
        stream: dict[str, Any] = {"id": "bench", "callback_parameters": {"callback_url": f"{sink.url}/hook"}}
        stream_url = f"{server.url}/api/v1/org/integrations/eventstream"
        session.post(stream_url, json=stream, headers=headers, timeout=10).raise_for_status()
        session.post(f"{stream_url}/bench/_start", headers=headers, timeout=10).raise_for_status()
        pids = (server.process.pid if server.process else 0, sink.process.pid if sink.process else 0)
        cpu_before = [cpu_seconds(pid) or 0.0 for pid in pids]
        raw = settings.profile_dir / f"profile-webhooks{workers}-{variant}.raw" if settings.profile_dir else None
        spy = profile.record(pids[0], 0, settings.seconds, raw) if raw is not None else None
        began = time.perf_counter()
        for first in range(0, events, batch):
            chunk = [_event(i) for i in range(first, min(events, first + batch))]
            session.post(f"{server.url}/_sim/publish", json={"events": chunk}, timeout=60).raise_for_status()
        published = time.perf_counter() - began
        while (activity := session.get(f"{server.url}/_sim/activity", timeout=30).json())["pending"] > 0:
            time.sleep(0.02)
        elapsed = time.perf_counter() - began
        server_cpu, sink_cpu = ((cpu_seconds(pid) or 0.0) - before for pid, before in zip(pids, cpu_before, strict=True))
        received = int(session.get(f"{sink.url}/count", timeout=10).text)
        if spy is not None and raw is not None and spy.wait() == 0:
            raw.with_suffix(".txt").write_text(profile.summarize(raw), encoding="utf-8")
        return [
            {
                "name": f"webhook deliveries, {workers} workers",
                "variant": variant,
                "requests": activity["delivered"],
                "seconds": round(elapsed, 3),
                "rps": round(activity["delivered"] / elapsed, 1),
                "errors": events - received,
                "server_cpu_us": round(server_cpu / events * 1e6, 1),
                "note": f"{events} events, published in {published:.2f}s; sink CPU {sink_cpu / events * 1e6:.0f} us/delivery",
            }
        ]


def serving(settings: Settings, servers: tuple[str, ...] = ("keepalive", "waitress", "cheroot")) -> list[Row]:
    """A trivial Flask route (``GET /ping``) on each WSGI server, each in its own process."""
    rows = []
    for server_name in servers:
        server = serve_child("trivial", server_name)
        try:
            server.start()
        except RuntimeError as exc:  # e.g. waitress or cheroot not installed
            rows.append({"name": "serving GET /ping", "variant": server_name, "note": f"unavailable: {exc}"})
            continue
        try:
            rows += _measure("serving GET /ping", server_name, server, settings, ("GET", "/ping", "", {}, [200]))
        finally:
            server.stop()
    return rows


def loadgen_ceiling(settings: Settings) -> list[Row]:
    """The load generator against the raw asyncio sink: what the client side can do at most."""
    with Child([sys.executable, "-m", "benchmarks.receiver"]) as sink:
        return _measure("loadgen ceiling", "asyncio sink", sink, settings, ("POST", "/x", "{}", {}, [200]))


def smoke(settings: Settings, runs: int = 3, command: Callable[[str], list[str]] | None = None) -> list[Row]:
    """Wall time of ``pos-harness run smoke`` (the reference integration), ``runs`` times."""
    argv = command or (lambda out: [sys.executable, "-m", "harness.cli", "run", "smoke", "--quiet", "--out", out])
    times, codes = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-smoke-") as out:
            began = time.perf_counter()
            codes.append(subprocess.run(argv(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)
            times.append(time.perf_counter() - began)
    return [
        {
            "name": "pos-harness run smoke",
            "variant": "keepalive",
            "runs": runs,
            "min_s": round(min(times), 2),
            "median_s": round(statistics.median(times), 2),
            "errors": sum(code != 0 for code in codes),
        }
    ]


def generator(settings: Settings, sizes: tuple[int, ...] = (50_000, 200_000), day: int = 1_000_000) -> list[Row]:
    """The scenario generator, each run in its own process (``benchmarks.generation``): events/s
    streaming a ``peak-trading-day`` scaled to two sizes (the second also written as JSONL
    files, as ``scenarios generate`` does, and tracemalloc's peak), the time and peak memory
    to build a ``day``-event trading day, in memory and written as JSONL, and as many events over
    five days at the second size's rate (memory follows the rate, not the length)."""
    runs: list[tuple[int, list[str]]] = [(size, []) for size in sizes] + [
        (sizes[-1], ["--serialise"]),
        (sizes[0], ["--tracemalloc"]),
        (day, []),
        (day, ["--serialise"]),
        (sizes[-1] * 5, ["--days", "5"]),
    ]
    rows = []
    for events, flags in runs:
        argv = [sys.executable, "-m", "benchmarks.generation", "--events", str(events), *flags]
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
        figures = json.loads(done.stdout)
        what = "+jsonl" if "--serialise" in flags else "+tracemalloc" if "--tracemalloc" in flags else ""
        what, span = (f"over {figures['days']} days", "run") if figures["days"] > 1 else (what, "day")
        note = (
            f"{figures['events']} events in {figures['seconds']:.2f}s ({figures['cpu_seconds']:.2f}s CPU), "
            f"peak RSS {figures['peak_rss_mb']:.0f} MB (before streaming: {figures['rss_before_mb']:.0f} MB)"
        )
        if "tracemalloc_peak_mb" in figures:
            note += f", tracemalloc peak {figures['tracemalloc_peak_mb']:.1f} MB"
        note += f"; machine: 1e7-add loop {figures['machine_loop_seconds']:.2f}s CPU"
        rows.append(
            {
                "name": f"generate {figures['events'] // 1000}k-event {span}{' ' + what if what else ''}",
                "variant": "own process",
                "requests": figures["events"],
                "seconds": figures["seconds"],
                "rps": figures["events_per_second"],
                "peak_rss_mb": figures["peak_rss_mb"],
                "note": note + " (req/s column = events/s)",
                **{k: figures[k] for k in ("cpu_seconds", "events_per_cpu_second", "rss_before_mb", "machine_loop_seconds")},
            }
        )
    return rows


def _environ(method: str, path: str, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    path, _, query = path.partition("?")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    return environ


def app_cost(settings: Settings) -> list[Row]:
    """CPU time per request of each app called in-process (no sockets, no server, one thread).

    The floor under any server: ``1e6 / cpu_us`` is the most requests/s one core could give.
    Runs ``400 * seconds`` requests per app.
    """
    requests_n = int(400 * settings.seconds)
    from flask import Flask

    from simulators.common.app import handle
    from simulators.registry import create

    from .serve import trivial_app

    def measure(slug: str, name: str, app: Flask, method: str, path: str, body: str, headers: dict[str, str]) -> Row:
        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            statuses[status[:3]] = statuses.get(status[:3], 0) + 1

        def call() -> None:
            n = str(next(numbers))
            b"".join(app(_environ(method, path.replace("{n}", n), body.replace("{n}", n).encode(), headers), start_response))

        statuses: dict[str, int] = {}
        numbers = itertools.count()
        began = time.process_time()
        for _ in range(requests_n):
            call()
        cpu_us = (time.process_time() - began) / requests_n * 1e6
        if settings.profile_dir is not None:
            profile.app_profile(call, requests_n, settings.profile_dir / f"profile-app-{slug}.txt")
        return {
            "name": f"in-process {name}",
            "variant": "app only",
            "requests": requests_n,
            "server_cpu_us": round(cpu_us, 1),
            "statuses": statuses,
        }

    erp = create("erp")
    handle(erp).state.seed({"config": {"concurrency_limit": 256}, "master": ERP_MASTER})
    erp_token = handle(erp).state.tokens.issue(ERP_CLIENT[0]).access_token
    newstore = create("newstore")
    try:
        handle(newstore).state.seed({"config": {"rate_limit_profile": "off"}})
    except KeyError:
        pass  # a NewStore without an API rate limit
    newstore_token = handle(newstore).state.tokens.issue(NEWSTORE_CLIENT[0]).access_token
    json_headers = {"Content-Type": "application/json"}
    rows = [
        measure("trivial", "GET /ping", trivial_app(), "GET", "/ping", "", {}),
        measure(
            "erp",
            "erp PUT salesOrder",
            erp,
            "PUT",
            "/services/rest/record/v1/salesOrder/eid:bench-{n}?replace=item",
            json.dumps(SALES_ORDER),
            {"Authorization": f"Bearer {erp_token}", **json_headers},
        ),
        measure(
            "newstore",
            "newstore POST eventstream",
            newstore,
            "POST",
            "/api/v1/org/integrations/eventstream",
            json.dumps({"id": "bench-{n}", "callback_parameters": {"callback_url": "http://127.0.0.1:9/hook"}}),
            {"Authorization": f"Bearer {newstore_token}", **json_headers},
        ),
    ]
    handle(newstore).state.close()
    return rows

"""Our simulators against a stateless OpenAPI mock of the same contract, side by side.

Prism (``@stoplight/prism-cli``) serves any OpenAPI document as a mock: it validates each
request against the document and answers with the documented example, keeping no state.
It is the obvious alternative to writing simulators, so it is the yardstick: for each
simulator, the same simple validated write is driven by the same load generator against
``python -m simulators NAME`` and against ``prism mock contracts/openapi/NAME.json``, and
the table shows both and the ratio (ours / Prism; above 1 means ours is faster while also
keeping state, enforcing auth and limits, and journalling every request).

Prism is installed with npm into ``.pos-harness/cache/prism`` on first use. Without npm
or network the rows say why and the rest of the benchmarks run on.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import cases
from .cases import Row, Settings
from .loadgen import Plan, run_load

ROOT = Path(__file__).resolve().parent.parent
PRISM_DIR = ROOT / ".pos-harness" / "cache" / "prism"
PRISM_PACKAGE = "@stoplight/prism-cli@5"
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"

# The write each simulator benchmark makes (benchmarks/cases.py), as Prism is sent it: the same
# method, path and body; auth headers of the right scheme (Prism checks they are there, not their value).
JSON = {"Content-Type": "application/json"}
WRITES: dict[str, tuple[str, tuple[str, str, str, dict[str, str], list[int]], Callable[[Settings], list[Row]]]] = {
    "erp": (
        "erp PUT salesOrder",
        (
            "PUT",
            "/services/rest/record/v1/salesOrder/eid:bench-{n}?replace=item",
            json.dumps(cases.SALES_ORDER),
            {"Authorization": "Bearer prism", **JSON},
            [200, 202, 204],
        ),
        cases.erp_write,
    ),
    "newstore": (
        "newstore POST eventstream",
        (
            "POST",
            "/api/v1/org/integrations/eventstream",
            json.dumps({"id": "bench-{n}", "callback_parameters": {"callback_url": "http://127.0.0.1:9/hook"}}),
            {"Authorization": "Bearer prism", **JSON},
            [200, 201],
        ),
        cases.newstore_write,
    ),
    "sitoo": (
        "sitoo POST product",
        (
            "POST",
            "/v2/accounts/10020/sites/1/products.json",
            json.dumps({"sku": "bench-{n}", "title": "Bench tee", "moneyprice": "10.00", "vatvalue": 25}),
            {"Authorization": "Basic MTAwMjAtMTQwOnByaXNt", **JSON},
            [200, 201],
        ),
        cases.sitoo_write,
    ),
    "shop": (
        "shop POST inventory adjust",
        (
            "POST",
            "/admin/api/2024-10/inventory_levels/adjust.json",
            json.dumps({"location_id": 1001, "inventory_item_id": 4001, "available_adjustment": 1}),
            {"X-Shopify-Access-Token": "shpat_prism", **JSON},
            [200],
        ),
        cases.shop_write,
    ),
}


def install_prism() -> Path:
    """Prism's CLI, installed into the cache on first use; raises RuntimeError saying why it cannot be."""
    if PRISM_BIN.exists():
        return PRISM_BIN
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed (Prism is a Node.js package)")
    PRISM_DIR.mkdir(parents=True, exist_ok=True)
    argv = [npm, "install", "--no-audit", "--no-fund", "--prefix", str(PRISM_DIR), PRISM_PACKAGE]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise RuntimeError("npm install of Prism took over 10 minutes (no network?)") from None
    if done.returncode != 0 or not PRISM_BIN.exists():
        raise RuntimeError(f"npm install {PRISM_PACKAGE} failed: {(done.stderr or done.stdout).strip()[-300:]}")
    return PRISM_BIN


class PrismServer:
    """``prism mock contracts/openapi/NAME.json`` on a free loopback port, in its own process group."""

    def __init__(self, name: str, ready_timeout: float = 60.0) -> None:
        self.name = name
        self.document = ROOT / "contracts" / "openapi" / f"{name}.json"
        self.ready_timeout = ready_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> PrismServer:
        binary = install_prism()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        argv = [str(binary), "mock", str(self.document), "-h", "127.0.0.1", "-p", str(port), "-v", "warn"]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prism mock {self.document.name} exited with code {self.process.returncode}")
            with socket.socket() as sock:
                sock.settimeout(0.2)
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"prism mock {self.document.name} did not listen within {self.ready_timeout:.0f}s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> PrismServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _warm_up(url: str, request: tuple[str, str, str, dict[str, str], list[int]], seconds: float = 3.0) -> None:
    """Node compiles hot code as it runs: give Prism a few unmeasured seconds of the same load first
    (the simulators, plain CPython, get only the load generator's usual one-second warm-up)."""
    method, path, body, headers, ok = request
    run_load(Plan(url, method, path, body, headers, ok, connections=8, seconds=seconds, warmup_seconds=0.0, first_n=900_000_000))


def compare(settings: Settings, names: tuple[str, ...] = tuple(WRITES)) -> list[Row]:
    """For each simulator: our figure, Prism's, and the ratio, at each connection count."""
    rows: list[Row] = []
    for name in names:
        title, request, ours_case = WRITES[name]
        ours = ours_case(settings)
        try:
            with PrismServer(name) as prism:
                _warm_up(prism.url, request)
                theirs = cases._measure(title, "prism", prism, settings, request)  # type: ignore[arg-type]
        except (RuntimeError, OSError) as exc:
            rows += ours + [{"name": title, "variant": "prism", "note": f"unavailable: {exc}"}]
            continue
        for mine, other in zip(ours, theirs, strict=True):
            ratio = mine["rps"] / other["rps"] if other.get("rps") else float("nan")
            other["note"] = f"ours/prism = {ratio:.2f}x"
            other["ratio"] = round(ratio, 2)
            rows += [mine, other]
    return rows

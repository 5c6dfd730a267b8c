"""`pos-harness serve` runs seeded simulators until interrupted and prints how to reach them."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from scenarios.catalogue import load_scenario
from scenarios.generator import generate

pytestmark = pytest.mark.e2e


def _serve(tmp_path: Path, *args: str) -> tuple[subprocess.Popen[str], list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "harness.cli", "serve", *args, "--mappings-dir", str(tmp_path / "m")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines = [process.stdout.readline()]
    while lines[-1] and "Ctrl-C" not in lines[-1]:
        lines.append(process.stdout.readline())
    return process, lines


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)
    assert process.returncode == 0


def test_serve_all_prints_urls_and_the_integration_environment(tmp_path: Path) -> None:
    process, lines = _serve(tmp_path)
    try:
        env = dict(line.strip().split("=", 1) for line in lines if "=" in line and line.startswith("  ") and "(" not in line)
        assert {"NEWSTORE_BASE_URL", "ERP_BASE_URL", "SITOO_BASE_URL", "SHOP_BASE_URL", "EXCEPTIONS_URL"} <= set(env)
        token = requests.post(
            env["ERP_TOKEN_URL"],
            data={
                "grant_type": "client_credentials",
                "client_id": env["ERP_CLIENT_ID"],
                "client_secret": env["ERP_CLIENT_SECRET"],
            },
            timeout=5,
        ).json()["access_token"]
        locations = requests.get(
            f"{env['ERP_BASE_URL']}/record/v1/location", headers={"Authorization": f"Bearer {token}"}, timeout=5
        )
        world = generate(load_scenario("smoke")).world
        assert locations.json()["totalResults"] == len(world.erp_master()["location"]), "seeded with the smoke scenario's world"
        products = requests.get(
            f"{env['SITOO_BASE_URL']}/sites/1/products.json", auth=(env["SITOO_API_ID"], env["SITOO_API_PASSWORD"]), timeout=5
        )
        assert products.json()["totalcount"] == len(world.sitoo_seed()["products"])
    finally:
        _stop(process)


def test_serve_one_simulator_on_a_chosen_port(tmp_path: Path) -> None:
    from harness.integration import free_port

    port = free_port()
    process, lines = _serve(tmp_path, "erp", "--port", str(port))
    try:
        assert f"http://127.0.0.1:{port}" in "".join(lines)
        assert requests.get(f"http://127.0.0.1:{port}/_sim/health", timeout=5).json()["simulator"] == "erp"
    finally:
        _stop(process)

"""The one registry of simulators and the one registry of checks stay in step with the code."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import harness.checks
import simulators
from harness.checks import ALL_CHECKS
from simulators.registry import SIMULATORS


def test_every_simulator_package_is_registered() -> None:
    packages = {m.name for m in pkgutil.iter_modules([str(Path(simulators.__file__).parent)]) if m.ispkg}
    assert packages - {"common"} == set(SIMULATORS)


def test_every_check_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules([str(Path(harness.checks.__file__).parent)])}
    assert modules - {"base"} == set(ALL_CHECKS)


def test_every_simulator_serves_its_committed_openapi_document() -> None:
    import json

    from contracts.generate import CONTRACTS_DIR

    for name in SIMULATORS:
        from simulators.registry import create

        response = create(name).test_client().get("/_sim/openapi.json")
        assert response.status_code == 200, name
        assert response.json == json.loads((CONTRACTS_DIR / "openapi" / f"{name}.json").read_text())

"""The committed contracts are exactly what the models and specs generate."""

from __future__ import annotations

import pytest

from contracts.generate import CONTRACTS_DIR, expected_files, simulator_spec
from contracts.routes import drift
from simulators.registry import create


def test_committed_contracts_match_the_models() -> None:
    stale = [
        path
        for path, text in expected_files().items()
        if not (CONTRACTS_DIR / path).is_file() or (CONTRACTS_DIR / path).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"contracts drifted from the models; run `python -m contracts` and commit: {stale}"


def test_no_orphan_contract_files() -> None:
    committed = {str(p.relative_to(CONTRACTS_DIR)) for d in ("schemas", "openapi") for p in (CONTRACTS_DIR / d).rglob("*.json")}
    assert committed == set(expected_files())


@pytest.mark.parametrize("name", ["exceptions", "shop", "sitoo", "newstore", "erp"])
def test_spec_declares_exactly_the_routes_the_simulator_serves(name: str) -> None:
    undeclared, unserved = drift(create(name), simulator_spec(name))
    assert not undeclared, f"{name} serves routes its spec.py does not declare: {sorted(undeclared)}"
    assert not unserved, f"{name}'s spec.py declares routes it does not serve: {sorted(unserved)}"

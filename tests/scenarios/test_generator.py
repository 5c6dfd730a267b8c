"""The generator: deterministic for a seed, different across seeds, truth consistent with traffic."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from pydantic import ValidationError

from scenarios import generate, load_scenario
from scenarios.catalogue import ScenarioError
from scenarios.model import Scenario
from simulators.newstore.models import OrderPayload


def _digest(seed: int | None = None) -> str:
    run = generate(load_scenario("smoke"), seed)
    return hashlib.sha256((run.traffic_jsonl() + run.truth.model_dump_json()).encode()).hexdigest()


def test_same_seed_gives_identical_traffic_and_truth() -> None:
    assert _digest(7) == _digest(7)


def test_different_seed_gives_different_traffic() -> None:
    assert _digest(7) != _digest(8)


def test_same_seed_is_byte_identical_across_processes() -> None:
    code = "from tests.scenarios.test_generator import _digest; print(_digest(7))"
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
        cwd=".",
    )
    assert other.stdout.strip() == _digest(7)


def test_traffic_is_valid_newstore_payloads_in_time_order() -> None:
    run = generate(load_scenario("smoke"))
    assert [e.at for e in run.traffic] == sorted(e.at for e in run.traffic)
    for event in run.traffic:
        OrderPayload.model_validate(event.payload)
    names = {e.name for e in run.traffic}
    assert names == {"order.created", "order.completed"}


def test_truth_has_one_entry_per_sale_and_routes_unknown_payment_methods_to_exceptions() -> None:
    run = generate(load_scenario("smoke"))
    completed = {e.payload["external_id"]: e.payload for e in run.traffic if e.name == "order.completed"}
    assert len(run.truth.entries) == len(completed) == run.scenario.traffic.sales
    exceptions = [e for e in run.truth.entries if e.outcome == "exception"]
    assert exceptions, "smoke must include sales paid with a method the ERP does not know"
    for entry in exceptions:
        method = completed[entry.source_id]["payments"][0]["method"]
        assert entry.exception is not None and (entry.exception.field, entry.exception.value) == ("payment_method", method)
        assert method not in {row[0] for row in run.world.mapping_tables()["payment_methods.csv"]}
    for entry in run.truth.entries:
        if entry.outcome == "erp":
            assert entry.erp is not None
            units = len(completed[entry.source_id]["items"])
            assert sum(line.quantity for line in entry.erp.lines) == units
            assert str(completed[entry.source_id]["grand_total"]) == str(float(entry.erp.gross_total))


def test_unknown_scenario_names_the_catalogue() -> None:
    with pytest.raises(ScenarioError, match="catalogue: .*smoke"):
        load_scenario("no-such-scenario")


def test_scenario_files_reject_unknown_keys() -> None:
    with pytest.raises(ValidationError):
        Scenario.model_validate({"name": "x", "description": "d", "traffic": {"sailes": 3}})

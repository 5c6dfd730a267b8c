"""The JSONL the generator writes is exactly ``json.dumps`` of the events and truth lines
the in-memory run holds: the pre-encoded fragments (``scenarios/traffic/fragments.py``)
are a shortcut to the same bytes, never a second format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scenarios import load_scenario
from scenarios.catalogue import list_scenarios
from scenarios.generator import iter_run, write_jsonl
from scenarios.traffic.fragments import Items, dumps, encode_event
from tests.scenarios.runs import run_of


def _plain(line: dict[str, Any]) -> str:
    return json.dumps(line, separators=(",", ":"))


@pytest.mark.parametrize("name", list_scenarios())
def test_fast_encoding_is_json_dumps(name: str) -> None:
    run = run_of(name)
    expected = [_plain(event) for event in run.traffic]
    assert [encode_event(event) for event in run.traffic] == expected
    assert [encode_event(event) for event in run.traffic] == expected  # again, from the cached pieces
    assert run.traffic_jsonl() == "".join(line + "\n" for line in expected)
    lines = list(run.truth.lines())
    assert [dumps(line) for line in lines] == [_plain(line) for line in lines]
    assert run.truth_jsonl() == "".join(_plain(line) + "\n" for line in lines)


def test_the_fast_path_is_taken_for_order_items() -> None:
    run = run_of("peak-trading-day")
    fast = [e for e in run.traffic if type(e["body"].get("payload", {}).get("items")) is Items]
    names = {e["body"]["name"] for e in fast}
    assert {"order.created", "order.completed"} <= names
    assert len(fast) > len(run.traffic) / 3


def test_written_files_parse_back_to_the_in_memory_run(tmp_path: Path) -> None:
    events, lines = write_jsonl(iter_run(load_scenario("peak-trading-day")), tmp_path / "t.jsonl", tmp_path / "g.jsonl")
    run = run_of("peak-trading-day")
    traffic = (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()
    truth = (tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines()
    assert (events, lines) == (len(traffic), len(truth)) == (len(run.traffic), len(list(run.truth.lines())))
    assert [json.loads(line) for line in traffic] == run.traffic
    assert [json.loads(line) for line in truth] == list(run.truth.lines())


def test_items_are_a_plain_list_to_everyone_else() -> None:
    event = next(e for e in run_of("smoke").traffic if type(e["body"].get("payload", {}).get("items")) is Items)
    items = event["body"]["payload"]["items"]
    assert isinstance(items, list) and items == [dict(entry) for entry in items]
    assert json.loads(json.dumps(items)) == list(items)

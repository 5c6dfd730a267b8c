"""Stock levels' changes held as columns (``harness.evidence_stock``) read as the lists they were built from."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from harness import evidence_columns
from harness.evidence import Compactor, Evidence, compact_evidence
from harness.evidence_stock import StockChanges, StockHistory, change_columns, hold_levels
from harness.store import _json, save_run
from scenarios.truth import GroundTruth
from tests.report.fakes import passing_run

Record = dict[str, Any]
ADJUST = "POST /admin/api/2024-10/inventory_levels/adjust.json"


def _changes() -> list[Record]:
    plain = {"at": 100.5, "available": 9, "delta": -1, "via": ADJUST, "request_id": "00000000-0000-0000-0000-000000000001"}
    return [
        {"at": 40.0, "available": 10, "delta": 10, "via": "seed", "request_id": None},
        plain,
        {**plain, "at": 101.25, "available": 7, "delta": -2, "request_id": "00000000-0000-0000-0000-000000000002"},
        {**plain, "at": 102},  # an int time: held whole, so it stays an int
        {"available": 6, "at": 103.0, "delta": -1, "via": ADJUST, "request_id": None},  # another key order: whole
        {**plain, "note": "extra"},  # another key: whole
        {**plain, "delta": True},  # a bool is no int: whole
        {**plain, "at": float("nan")},  # NaN: whole (it stays that very float)
        {**plain, "available": 2**70},  # too large for the array: whole
        {"at": 104.0, "available": 5, "delta": -1, "via": "order 1001"},  # no request id: whole
        "not a change",
        {**plain, "at": 105.0, "via": "PUT /admin/api/2024-10/inventory_levels/set.json"},
    ]


def test_a_levels_changes_read_as_the_list() -> None:
    changes = _changes()
    held = StockHistory().add(copy.deepcopy(changes), Compactor())
    assert isinstance(held, StockChanges) and len(held) == len(changes)
    nan = 7  # NaN is not equal to itself: compare the rest, and that entry by its JSON
    rest = [c for i, c in enumerate(changes) if i != nan]
    assert [c for i, c in enumerate(held) if i != nan] == rest and list(held)[:nan] == changes[:nan]
    assert json.dumps(list(held)) == json.dumps(changes), "same keys, same order, same types"
    assert [list(c) if isinstance(c, dict) else c for c in held] == [list(c) if isinstance(c, dict) else c for c in changes]
    assert [type(v) for c in held if isinstance(c, dict) for v in c.values()] == [
        type(v) for c in changes if isinstance(c, dict) for v in c.values()
    ]
    assert held[0] == changes[0] and held[-1] == changes[-1] and held[1:3] == changes[1:3] and held[::5] == changes[::5]
    assert held[3] is held[3] and type(held[3]["at"]) is int, "a change held whole is read as that very dict"
    assert sorted(held.whole) == [3, 4, 5, 6, 7, 8, 9, 10]
    with pytest.raises(IndexError):
        held[len(changes)]


def test_equal_to_a_list_both_ways() -> None:
    changes = [c for c in _changes() if not (isinstance(c, dict) and c.get("at") != c.get("at"))]  # no NaN
    held = StockHistory().add(copy.deepcopy(changes), Compactor())
    assert held == changes and changes == held and held == tuple(changes) and held != changes[:-1]
    assert held != [*changes[:-1], {**changes[-1], "delta": -3}]
    assert held != "changes" and held == StockHistory().add(changes, Compactor())
    empty = StockHistory().add([], Compactor())
    assert empty == [] and not empty and list(empty) == []


def test_columns_read_each_field() -> None:
    changes = [c for i, c in enumerate(_changes()[:10]) if i != 7]  # dicts only, no NaN
    held = StockHistory().add(copy.deepcopy(changes), Compactor())
    for key in ("at", "available", "delta", "via", "request_id"):
        for default in (None, ""):
            want = [c.get(key, default) for c in changes]
            assert held.column(key, default) == want and json.dumps(held.column(key, default)) == json.dumps(want), key
            assert change_columns(held, (key, default)) == change_columns(changes, (key, default)) == [want], key
    deltas, vias = [c.get("delta", 0) for c in changes], [c.get("via", "") for c in changes]
    assert change_columns(held, ("delta", 0), ("via", "")) == [deltas, vias]


def test_levels_share_one_history() -> None:
    levels = [
        {"inventory_item_id": 1, "location_id": 1001, "sku": "A", "available": 7, "changes": _changes()[:3]},
        {"inventory_item_id": 2, "location_id": 1002, "sku": "B", "available": 9, "changes": _changes()[:2]},
        {"inventory_item_id": 3, "location_id": 1002, "sku": "C", "available": 0},  # no changes: kept as it is
        {"inventory_item_id": 4, "location_id": 1002, "sku": "D", "available": 0, "changes": None},
    ]
    held = hold_levels(copy.deepcopy(levels), Compactor())
    assert held == levels and levels == held and [list(lv) for lv in held] == [list(lv) for lv in levels]
    first, second = held[0]["changes"], held[1]["changes"]
    assert first.history is second.history and len(first.history) == 5 and (second.start, second.stop) == (3, 5)
    assert json.dumps([{**lv, "changes": list(lv["changes"])} if lv.get("changes") else lv for lv in held]) == json.dumps(levels)
    assert _json(held) == _json(levels), "run.sqlite writes them as the lists they read as"


def test_request_ids_are_held_as_numbers_and_read_as_the_strings() -> None:
    ids = ["00000000-0000-0000-0000-000000000001", "f47ac10b-58cc-4372-a567-0e02b2c3d479", "ffffffff-ffff-ffff-ffff-ffffffffffff"]
    odd = ["F47AC10B-58CC-4372-A567-0E02B2C3D479", "req-1", "f47ac10b58cc4372a5670e02b2c3d479"]
    odd.append("f47ac10b-58cc-4372-a567-0e02b2c3d47_")  # int() would read the underscore
    changes = [{"at": 1.0, "available": 1, "delta": 1, "via": ADJUST, "request_id": rid} for rid in [*ids, *odd, None]]
    held = StockHistory().add(copy.deepcopy(changes), Compactor())
    assert held == changes and held.column("request_id") == [c["request_id"] for c in changes]
    assert held.history.request_ids.lows is not None and list(held.history.request_ids.at[:3]) == [evidence_columns._UUID] * 3
    assert held.history.request_ids.tails[3:7] == odd, "any other spelling is held as it is (upper case stays upper case)"


def test_compacted_evidence_holds_changes_as_columns() -> None:
    level = {"inventory_item_id": 1, "location_id": 1001, "sku": "A", "available": 7, "changes": _changes()[:3]}
    evidence = compact_evidence(Evidence(truth=GroundTruth.from_lines([]), shop_inventory=[copy.deepcopy(level)]))
    assert isinstance(evidence.shop_inventory[0]["changes"], StockChanges)
    assert evidence.shop_inventory == [level]


def test_run_sqlite_keeps_held_evidence_as_lists(tmp_path: Path) -> None:
    run = passing_run(tmp_path)  # its evidence holds changes and deliveries as collect does
    assert run.evidence is not None and isinstance(run.evidence.shop_inventory[0]["changes"], StockChanges)
    with sqlite3.connect(save_run(run)) as db:
        saved = dict(db.execute("SELECT name, json FROM snapshots").fetchall())
    levels = [{**lv, "changes": list(lv["changes"])} for lv in run.evidence.shop_inventory]
    assert json.loads(saved["shop_inventory"]) == levels and json.loads(saved["deliveries"]) == list(run.evidence.deliveries)


def test_levels_and_deltas_beyond_int32_are_held_in_8_bytes() -> None:
    plain = {"at": 1.0, "available": 9, "delta": -1, "via": ADJUST, "request_id": None}
    changes = [plain, {**plain, "available": 2**40, "delta": 2**40 - 9}, {**plain, "delta": -(2**31) - 1}, plain]
    held = StockHistory().add(copy.deepcopy(changes), Compactor())
    assert held == changes and not held.whole and json.dumps(list(held)) == json.dumps(changes)
    assert held.column("available") == [c["available"] for c in changes] and held.column("delta") == [c["delta"] for c in changes]
    assert (held.history.available.typecode, held.history.delta.typecode) == ("q", "q")
    small = StockHistory().add([plain, {**plain, "available": 2**31 - 1, "delta": -(2**31)}], Compactor())
    assert (small.history.available.typecode, small.history.delta.typecode) == ("i", "i"), "stock counts fit in 4 bytes"
    assert small == [plain, {**plain, "available": 2**31 - 1, "delta": -(2**31)}]

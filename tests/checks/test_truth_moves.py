"""The truth's stock movements held as columns (``harness.evidence_truth``) read as the lists they were built from."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from harness.evidence import Compactor, Evidence, TransactionScan, compact_evidence
from harness.evidence_truth import MIXED, MOVE_FIELDS, MoveTable, StockMoves, adjustment_eid, item_locations, shop_quantities
from harness.store import _json, save_run
from scenarios.traffic.records import stock_move
from scenarios.truth import TRUTH_MODELS, GroundTruth, StockMove
from tests.report.fakes import passing_run

Record = dict[str, Any]


def _move(sku: str = "SKU-1", quantity: int = -1, eid: str | None = "STOCK-S01-T1-000001", **changed: Any) -> Record:
    move = {
        "sku": sku,
        "erp_item": "5001",
        "store_id": "S01",
        "erp_location": "101",
        "shop_location": 2001,
        "quantity": quantity,
        "adjustment_external_id": eid,
    }
    return {**move, **changed}


def _transaction(moves: list[Any]) -> Record:
    return {
        "kind": "transaction",
        "source_system": "newstore",
        "transaction": "store_sale",
        "source_id": "S01-T1-000001",
        "order_id": "0001",
        "store_id": "S01",
        "business_day": "2026-11-27",
        "outcome": "erp",
        "record": None,
        "exception": None,
        "fulfilments": [],
        "stock": moves,
        "at": 1.5,
        "event_seq": 2,
    }


MOVES = [_move(), _move("SKU-2", -3, erp_item="5002"), _move("SKU-1", 2, erp_location=None, shop_location=None)]


def test_the_columns_know_the_movement_the_generator_writes() -> None:
    assert tuple(StockMove.model_fields) == MOVE_FIELDS == tuple(stock_move("A", "1", "S", "2", 3, -1, None))


def test_movements_read_as_the_list() -> None:
    held = MoveTable().hold(copy.deepcopy(MOVES), Compactor().joining_id)
    assert isinstance(held, StockMoves) and len(held) == 3
    assert held == MOVES and MOVES == held and held == tuple(MOVES) and list(held) == MOVES
    assert json.dumps(list(held)) == json.dumps(MOVES), "same keys, same order, same types"
    assert [list(m) for m in held] == [list(m) for m in MOVES]
    assert held[0] == MOVES[0] and held[-1] == MOVES[-1] and held[1:] == MOVES[1:] and held[::2] == MOVES[::2]
    assert held != MOVES[:-1] and held != [*MOVES[:-1], _move(quantity=-2)] and held != "moves"
    with pytest.raises(IndexError):
        held[3]
    TRUTH_MODELS["transaction"].model_validate({**_transaction(list(held))})


def test_transactions_share_one_table_each_its_own_slice() -> None:
    table, joining = MoveTable(), Compactor().joining_id
    first = table.hold([_move(), _move("SKU-2")], joining)
    second = table.hold([_move(eid="STOCK-S01-T1-000002")], joining)
    assert first is not None and second is not None
    assert (first.start, len(first), second.start, len(second)) == (0, 2, 2, 1) and len(table) == 3
    assert len(table.places) == 2, "a place (item at a store) is held once"
    assert second == [_move(eid="STOCK-S01-T1-000002")] and first == [_move(), _move("SKU-2")]


@pytest.mark.parametrize(
    "odd",
    [
        {**_move(), "note": "extra"},  # another key: the whole list stays as given
        dict(reversed(list(_move().items()))),  # another key order
        _move(quantity=True),  # a bool is no int
        _move(quantity=2**40),  # too large for the column
        _move(eid=7),  # an eid that is no string
        _move(shop_location=2001.0),  # equal to 2001 as a key: would read back as an int
        _move(shop_location=True),
        _move(erp_location=101),  # a location id that is no string
        _move(sku=["SKU-1"]),  # unhashable
        "not a movement",
    ],
)
def test_a_list_with_any_other_movement_is_not_held(odd: Any) -> None:
    table = MoveTable()
    assert table.hold([_move(), odd], Compactor().joining_id) is None and len(table) == 0
    compacted = Compactor().value(_transaction([_move(), odd]))
    assert type(compacted["stock"]) is list and compacted["stock"] == [_move(), odd]


def test_the_compactor_holds_a_transactions_movements_as_columns() -> None:
    compact = Compactor()
    line = compact.value(_transaction(copy.deepcopy(MOVES)))
    assert isinstance(line["stock"], StockMoves) and line["stock"].table is compact.stock_moves
    assert line == _transaction(MOVES) and list(line) == list(_transaction(MOVES))
    assert line["stock"][0]["adjustment_external_id"] is compact.joining_id("STOCK-S01-T1-000001"), "eids held once"
    assert compact.value(_transaction([]))["stock"] == [], "no movements: the shared empty list"
    assert _json(line) == _json(_transaction(MOVES)), "run.sqlite writes them as the list they read as"


@pytest.mark.parametrize("held", [False, True])
def test_readers_give_the_same_answers_for_a_list_and_for_columns(held: bool) -> None:
    def read(moves: list[Record]) -> Any:
        source: Any = MoveTable().hold(copy.deepcopy(moves), Compactor().joining_id) if held else moves
        return adjustment_eid(source), item_locations(source), shop_quantities(source)

    assert read(MOVES) == (
        "STOCK-S01-T1-000001",
        (("5001", "101"), ("5002", "101"), ("5001", None)),
        [(("SKU-1", 2001), -1), (("SKU-2", 2001), -3), (("SKU-1", None), 2)],
    )
    assert read([_move(), _move(eid="STOCK-other")])[0] is MIXED
    assert read([_move(eid=None), _move(eid=None)])[0] is None
    assert read([_move(eid=None), _move()])[0] is MIXED


def test_the_scan_reads_columns_as_it_reads_lists() -> None:
    lines = [
        _transaction(copy.deepcopy(MOVES)),
        {**_transaction([_move(eid="STOCK-A"), _move(eid="STOCK-B")]), "source_id": "B", "event_seq": 3},
        {**_transaction([_move(eid=None)]), "source_id": "C", "event_seq": 4},
        {**_transaction([]), "source_id": "D", "event_seq": 5},
    ]
    adjustments = {"inventoryAdjustment": {"STOCK-S01-T1-000001": 0, "STOCK-A": 1}}  # key -> position

    def scan(transactions: list[Record]) -> TransactionScan:
        return TransactionScan(transactions, adjustments, {2: 10.0, 3: 11.0, 4: 12.0}, 0.0)

    plain, compacted = scan(copy.deepcopy(lines)), scan([Compactor().value(line) for line in copy.deepcopy(lines)])
    assert plain.single_adjustments == compacted.single_adjustments == [0, None, None, None]
    assert set(plain.shop_moves) == set(compacted.shop_moves) == {("SKU-1", 2001), ("SKU-2", 2001)}, "shop movements only"
    for key, listed in plain.shop_moves.items():
        assert list(listed) == list(compacted.shop_moves[key]), key
    assert list(plain.shop_moves[("SKU-1", 2001)]) == [
        (10.0, -1, "S01-T1-000001"),
        (11.0, -1, "B"),
        (11.0, -1, "B"),
        (12.0, -1, "C"),
    ]


def test_compacted_evidence_holds_the_truths_movements_as_columns() -> None:
    truth = GroundTruth.from_lines([_transaction(copy.deepcopy(MOVES))])
    evidence = compact_evidence(Evidence(truth=truth))
    assert isinstance(evidence.truth.transactions[0]["stock"], StockMoves)
    assert evidence.truth.transactions == [_transaction(MOVES)]


def test_run_sqlite_keeps_the_truths_movements_as_lists(tmp_path: Path) -> None:
    run = passing_run(tmp_path)
    assert run.evidence is not None
    run.evidence.truth.transactions.append(Compactor().value(_transaction(copy.deepcopy(MOVES))))
    with sqlite3.connect(save_run(run)) as db:
        saved = [json.loads(text) for (text,) in db.execute("SELECT json FROM truth WHERE kind = 'transaction'")]
    assert saved[-1] == _transaction(MOVES)

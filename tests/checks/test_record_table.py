"""ERP records held as a RecordTable read exactly as the list they came from, and the record index finds the same."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from harness import evidence_records
from harness.evidence import Compactor, Evidence
from harness.evidence_records import KeyedRows, RecordTable, record_column
from scenarios.truth import GroundTruth

Record = dict[str, Any]


def _adjustment(n: int, **changes: Any) -> Record:
    record: Record = {
        "id": str(1000 + n),
        "account": {"id": "1300"},
        "subsidiary": {"id": "1"},
        "adjLocation": {"id": str(100 + n % 3)},
        "tranDate": "2026-11-27",
        "memo": f"NewStore sale S0{n % 3}-T1-{n:09d}",
        "inventory": {"items": [{"item": {"id": str(5000 + n % 4)}, "location": {"id": str(100 + n % 3)}, "adjustQtyBy": -1.0}]},
        "externalId": f"STOCK-S0{n % 3}-T1-{n:09d}",
    }
    record.update(changes)
    return record


ODD: list[Record] = [
    _adjustment(20, memo=None),  # a memo that is no string: held whole
    _adjustment(21, memo="nospace"),  # a memo with no head
    {"id": "1022", "externalId": "STOCK-X", "tranDate": "2026-11-28"},  # another shape
    _adjustment(23, inventory=[1, 2.0, True]),  # an odd sublist
    {1: "a non-string key"},  # held whole
    _adjustment(25, createdFrom={"id": "1001"}, externalId=None),
]


def _records() -> list[Record]:
    return [_adjustment(n) for n in range(12)] + copy.deepcopy(ODD)


def _table(records: list[Record], compactor: Compactor | None = None) -> RecordTable:
    compact = compactor or Compactor()
    return RecordTable(copy.deepcopy(records), compact.field)


def test_a_table_reads_compares_and_serialises_as_its_list() -> None:
    records = _records()
    table = _table(records)
    assert len(table) == len(records) and table == records and records == list(table)
    assert [list(row) for row in table] == [list(r) for r in records]  # the same keys in the same order
    assert json.dumps(list(table)) == json.dumps(records)
    assert table[-1] == records[-1] and table[2:5] == records[2:5]
    with pytest.raises(IndexError):
        table[len(records)]
    assert table != records[:-1] and table != [*records[:-1], {**records[-1], "id": "x"}]


def test_a_column_is_each_records_value_without_building_them() -> None:
    records = _records()
    table = _table(records)
    for key in ("id", "memo", "inventory", "externalId", "createdFrom", "tranDate", "missing"):
        expected = [r.get(key) if isinstance(r, dict) else None for r in records]
        assert table.column(key) == record_column(table, key) == record_column(records, key) == expected


def test_repeats_are_held_once_and_ids_and_memo_words_are_the_strings_held_elsewhere() -> None:
    compact = Compactor()
    source_id = compact.joining_id("S01-T1-000000001")
    table = _table([_adjustment(n) for n in range(13)], compact)
    assert table[0]["account"] is table[5]["account"] and table[0]["inventory"] is table[12]["inventory"]
    memo = table.columns["memo"]
    assert isinstance(memo, evidence_records._Memos) and memo.tails[1] is source_id
    assert len(memo.heads) == 2  # "" and "NewStore sale "


@pytest.mark.parametrize("odd_id", ["0012", "-5", "1e3", "12345678901234567890", "１２", 7, None, ""])
def test_ids_are_held_as_numbers_until_one_is_not_written_back_exactly(odd_id: Any) -> None:
    records = [_adjustment(n) for n in range(3)] + [{"externalId": "no id"}, _adjustment(4, id="0")]
    table = _table(records)
    assert isinstance(table.columns["id"], evidence_records._Numbers) and table == records
    assert table.column("id") == ["1000", "1001", "1002", None, "0"]
    records += [_adjustment(5, id=odd_id), _adjustment(6)]
    table = _table(records)
    assert isinstance(table.columns["id"], evidence_records._Pointers)
    assert table == records and table.column("id") == [r.get("id") for r in records]


def test_a_column_of_too_many_distinct_values_holds_pointers_and_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence_records, "_MAX_REPEATS", 3)
    monkeypatch.setattr(evidence_records, "_MAX_HEADS", 2)
    records = [_adjustment(n, tranDate=f"2026-11-{n + 1:02d}", memo=f"head{n} word{n}") for n in range(8)] + _records()
    table = _table(records)
    assert isinstance(table.columns["tranDate"], evidence_records._Pointers)
    assert table == records and table.column("tranDate") == [r.get("tranDate") if isinstance(r, dict) else None for r in records]


def test_the_compactor_holds_the_tabled_types_as_tables_and_the_rest_as_lists() -> None:
    compact = Compactor()
    adjustments, sales = _records(), [{"id": "1", "externalId": "S1"}]
    held, given = compact.records("inventoryAdjustment", copy.deepcopy(adjustments)), copy.deepcopy(adjustments)
    consumed = copy.deepcopy(adjustments)
    compact.records("inventoryAdjustment", consumed)
    assert isinstance(held, RecordTable) and held == given and consumed == []  # a list given is emptied as it is read
    assert compact.records("journalEntry", sales) is sales
    odd = [{"id": "1"}, "not a record"]
    assert compact.records("inventoryAdjustment", odd) is odd  # not all dicts: stays a list
    assert isinstance(compact.records("inventoryAdjustment", iter(copy.deepcopy(adjustments))), RecordTable)


def test_keyed_rows_read_as_the_dict_of_records() -> None:
    records = _records()
    keyed = KeyedRows({"a": 0, "b": 3}, records)
    assert dict(keyed) == {"a": records[0], "b": records[3]} and keyed["b"] == records[3]
    assert keyed.get("c") is None and keyed.get("c", 1) == 1 and "a" in keyed and "c" not in keyed and len(keyed) == 2


def _evidence(adjustments: list[Record], tabled: bool) -> Evidence:
    truth = GroundTruth(scenario="t", seed=0, transactions=[], journals=[], stock=[], summary={})
    held = _table(adjustments) if tabled else copy.deepcopy(adjustments)
    sales = [{"id": "1001", "externalId": "S01-T1-000000001"}]
    return Evidence(truth=truth, erp_records={"salesOrder": sales, "inventoryAdjustment": held})


@pytest.mark.parametrize("adjustments", [_records()[:12], _records()[:12] + [_adjustment(3, id="2003")], _records()[:20]])
def test_the_record_index_finds_the_same_in_a_table_as_in_a_list(adjustments: list[Record]) -> None:
    plain, tabled = _evidence(adjustments, tabled=False), _evidence(adjustments, tabled=True)
    dicts = [a for a in adjustments if isinstance(a, dict)]
    for evidence in (plain, tabled):
        for record in dicts:
            key = record.get("externalId")
            if key:
                assert evidence.records("inventoryAdjustment", key) == plain.records("inventoryAdjustment", key)
                assert evidence.record("inventoryAdjustment", key) == plain.record("inventoryAdjustment", key)
            assert evidence.record_by_id(record.get("id")) == plain.record_by_id(record.get("id"))
        assert dict(evidence.by_key("inventoryAdjustment")) == dict(plain.by_key("inventoryAdjustment"))
        assert list(evidence.duplicates()) == list(plain.duplicates())
        assert evidence.derived_from("1001") == plain.derived_from("1001")
        assert evidence.unowned_adjustment_positions == plain.unowned_adjustment_positions
        assert evidence.unowned_adjustments == plain.unowned_adjustments
        assert evidence.record_column("inventoryAdjustment", "memo") == plain.record_column("inventoryAdjustment", "memo")
    assert isinstance(tabled.by_key("inventoryAdjustment"), KeyedRows)


def _sales_evidence(tabled: bool) -> Evidence:
    sale = {"id": "1001", "memo": "NewStore order 01bc", "item": {"items": []}, "externalId": "S1"}
    records: dict[str, list[Record]] = {
        "salesOrder": [sale, {**sale, "id": "1002", "externalId": "S2"}, {**sale, "id": "1003"}],  # S1 twice
        "invoice": [{"id": "1004", "createdFrom": {"id": "1001"}, "externalId": "INV-1"}],
        "creditMemo": [{"id": "1005", "createdFrom": {"id": "1002"}, "externalId": "S2"}],  # S2 across types
        "inventoryAdjustment": _records()[:3],
    }
    truth = GroundTruth(scenario="t", seed=0, transactions=[], journals=[], stock=[], summary={})
    compact = Compactor()
    held = {t: compact.records(t, copy.deepcopy(rows)) if tabled else copy.deepcopy(rows) for t, rows in records.items()}
    return Evidence(truth=truth, erp_records=held)


def test_sales_credits_and_their_links_are_found_the_same_in_tables_as_in_lists() -> None:
    plain, tabled = _sales_evidence(tabled=False), _sales_evidence(tabled=True)
    assert isinstance(tabled.erp_records["salesOrder"], RecordTable)
    for evidence in (plain, tabled):
        assert evidence.main_records("S1") == plain.main_records("S1") and len(evidence.main_records("S1")) == 2
        assert evidence.main_records("S2") == [
            ("salesOrder", plain.erp_records["salesOrder"][1]),
            ("creditMemo", plain.erp_records["creditMemo"][0]),
        ]
        assert evidence.main_count("S2") == 2 and evidence.main_count("nobody") == 0
        assert dict(evidence.main_keys()) == {"S1": "salesOrder", "S2": "salesOrder", "INV-1": "invoice"}
        assert evidence.repeated_main_keys() == {"S1": [("salesOrder", 2)], "S2": [("creditMemo", 0)]}
        assert list(evidence.duplicates()) == list(plain.duplicates())
        assert evidence.record_positions("salesOrder", "S1") == [0, 2]
        assert evidence.derived_positions("1001") == [("invoice", 0)] and evidence.derived_from("1002") == plain.derived_from(
            "1002"
        )
        assert evidence.record_cell("salesOrder", 2, "id") == "1003" and evidence.record_cell("invoice", 0, "memo") is None
        assert evidence.record_by_id("1005") == plain.record_by_id("1005") and evidence.record_by_id("999") is None


def test_ids_that_ascend_are_bisected_and_others_indexed_with_the_same_answers() -> None:
    ascending = _table([_adjustment(n) for n in range(5)])
    numbers = ascending.ids_in_order()
    assert numbers is not None and list(numbers) == [1000, 1001, 1002, 1003, 1004]
    ids = evidence_records.SortedIds(numbers, ascending)
    assert ids.get("1003") == ascending[3] and ids["1000"] == ascending[0] and "1005" not in ids and "01003" not in ids
    assert ids.get("x") is None and ids.get("-1") is None and list(ids) == ["1000", "1001", "1002", "1003", "1004"]
    with pytest.raises(KeyError):
        ids["999"]
    for records in ([_adjustment(n) for n in (3, 1, 2)], [_adjustment(1), _adjustment(1)], [{"externalId": "x"}, _adjustment(1)]):
        assert _table(records).ids_in_order() is None  # not ascending, a repeat, a record without an id
    assert _table(_records()).ids_in_order() is None  # records held whole


@pytest.mark.parametrize("ids", [(5, 3, 9), (1, 2, 3)])
def test_a_record_is_found_by_id_whether_ids_ascend_or_not(ids: tuple[int, ...]) -> None:
    adjustments = [_adjustment(n, id=str(n)) for n in ids]
    plain, tabled = _evidence(adjustments, tabled=False), _evidence(adjustments, tabled=True)
    for record_id in ("1", "3", "5", "9", "4", "1001", "abc"):
        assert tabled.record_by_id(record_id) == plain.record_by_id(record_id)

"""A journal held as columns (``harness.evidence.Journal``) reads as the list of entries it was built from."""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness.evidence import Evidence, Journal, PublishTimes, slim_entry
from scenarios.truth import GroundTruth

Record = dict[str, Any]
ROOT = "/services/rest/record/v1/"


def _entries() -> list[Record]:
    plain = {
        "seq": 1,
        "started_at": 10.25,
        "duration_ms": 3.5,
        "method": "PUT",
        "path": f"{ROOT}salesOrder/eid:S1",
        "query": "replace=item",
        "status": 204,
        "notes": [],
        "response_headers": {"Location": f"http://erp{ROOT}salesOrder/1001"},
    }
    return [
        plain,
        {**plain, "seq": 2, "path": f"{ROOT}inventoryAdjustment/eid:STOCK-S1", "response_headers": {}},
        {**plain, "seq": 3, "status": 429, "notes": ["governance: limit"], "response_headers": {"Retry-After": "1"}},
        {**plain, "seq": 4, "status": None, "notes": ["fault: drop"]},  # no answer: held whole
        {**plain, "seq": 5, "started_at": 11},  # an int time: held whole, so it stays an int
        {"seq": 6, "started_at": 11.5, "duration_ms": 0.5, "method": "GET", "path": "/admin/shop.json", "status": 200},
        {**plain, "seq": 7, "response_headers": {"Location": "x", "X-Request-Id": "r-7"}},  # two headers: whole
        {**plain, "seq": 8, "method": "POST", "path": f"{ROOT}salesOrder", "request_body": '{"externalId": "S2"}'},
        {**plain, "seq": 9, "path": "/admin/api/inventory_levels/adjust.json", "response_headers": {"X-Request-Id": "r-9"}},
        # the shop's request ids are UUIDs: held as numbers, after the entries above (whose column then grows one)
        {**plain, "seq": 10, "response_headers": {"X-Request-Id": "00000000-0000-0000-0000-00000000000a"}},
        {**plain, "seq": 11, "response_headers": {"X-Request-Id": "f47ac10b-58cc-4372-a567-0e02b2c3d479"}},
        {**plain, "seq": 12},
    ]


def test_a_journal_reads_as_its_entries() -> None:
    entries = _entries()
    journal = Journal(entries)
    assert len(journal) == len(entries) and journal == entries and list(journal) == entries
    assert json.dumps(list(journal)) == json.dumps(entries), "same keys, same order, same types"
    assert journal[0] == entries[0] and journal[-1] == entries[-1] and journal[2:4] == entries[2:4]
    assert journal[3] is journal[3], "an entry held whole is read as that very dict"
    assert list(journal.kinds).count(0) == 5, "failures, odd types, bodies and more than one header are held whole"
    assert journal.noted == [entries[2], entries[3]]
    for key in ("seq", "started_at", "duration_ms", "path", "status"):
        assert list(journal.column(key)) == [e.get(key) for e in entries], key
        assert [journal.column(key)[i] for i in range(len(entries))] == [e.get(key) for e in entries], key
    for name in ("Location", "X-Request-Id", "Retry-After"):
        named = [(e["seq"], e["response_headers"].get(name)) for e in entries if e.get("response_headers", {}).get(name)]
        assert list(journal.headers(name)) == named, name
    assert Journal() == [] and not Journal()
    assert journal.header_values.numbers is not None and len(journal.header_values.numbers) == 2 * len(entries)


def test_slim_entries_are_held_as_columns() -> None:
    entries = _entries()
    journal = Journal(map(slim_entry, entries))
    assert journal == [slim_entry(e) for e in entries]
    assert journal.kinds[0] and journal.kinds[1] and journal.kinds[5] and journal.kinds[8]


def test_evidence_reads_a_journal_as_a_list() -> None:
    truth = GroundTruth.from_lines([])
    listed = Evidence(truth=truth, journals={"erp": _entries(), "shop": _entries()})
    held = Evidence(truth=truth, journals={"erp": Journal(_entries()), "shop": Journal(_entries())})
    assert held.erp_journal == listed.erp_journal and type(held.erp_journal) is list
    for simulator in ("erp", "shop"):
        for column in (Evidence.statuses, Evidence.paths, Evidence.started, Evidence.durations, Evidence.noted):
            assert list(column(held, simulator)) == list(column(listed, simulator))
    assert held.requests_for_record("salesOrder", "1001") == listed.requests_for_record("salesOrder", "1001") != []
    assert held.requests_for_eid("STOCK-S1") == listed.requests_for_eid("STOCK-S1") == [2]
    assert held.shop_seq("r-9") == listed.shop_seq("r-9") == 9


def test_publish_times_read_as_the_mapping_they_were_built_from() -> None:
    given: dict[Any, Any] = {3: 1.5, 1: 1.0, 4: 2.0, 9: float("nan"), "odd": 3.0, 7: 4}
    times = PublishTimes(given)
    assert times == given and dict(times) == given and len(times) == len(given)
    assert times.get(3) == 1.5 and times[7] == 4 and type(times[7]) is int and times.get(2) is None and times.get(5, 0.0) == 0.0
    assert 1 in times and 2 not in times and "odd" in times and times["odd"] == 3.0
    assert sorted(times.items(), key=str) == sorted(given.items(), key=str)
    sparse = {1: 1.0, 10_000_000: 2.0}
    assert PublishTimes(sparse) == sparse and PublishTimes(sparse).get(10_000_000) == 2.0
    assert PublishTimes() == {} and not PublishTimes()
    with pytest.raises(KeyError):
        times[2]  # a seq never published is no key

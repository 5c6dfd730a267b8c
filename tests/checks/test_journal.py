"""A journal held as columns (``harness.evidence.Journal``) reads as the list of entries it was built from."""

from __future__ import annotations

import json
from typing import Any

import pytest

from harness import evidence_columns
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
    assert journal.header_values.lows is not None and len(journal.header_values.lows) == len(entries)
    assert journal.header_values.highs is not None and len(journal.header_values.highs) == len(entries)


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


def _numbered(seqs: list[int]) -> list[Record]:
    plain = _entries()[0]
    return [{**plain, "seq": seq, "started_at": 10.0 + n} for n, seq in enumerate(seqs)]


@pytest.mark.parametrize(
    "seqs",
    [
        [1, 2, 3, 4],  # the usual count: no array at all
        [7, 8, 9],  # another start
        [1, 2, 4, 5],  # a gap
        [1, 2, 2, 3],  # a repeat
        [3, 2, 1],  # backwards
        [-(2**63), -(2**63) + 1, 2**63 - 1],  # the ends of int64
        [2**63 - 2, 2**63 - 1],
    ],
)
def test_a_journal_reads_its_seqs_whatever_they_are(seqs: list[int]) -> None:
    entries = _numbered(seqs)
    journal = Journal(entries)
    assert journal == entries and [e["seq"] for e in journal] == seqs
    assert list(journal.column("seq")) == seqs and [journal.column("seq")[i] for i in range(len(seqs))] == seqs
    assert journal.column("seq")[1:3] == seqs[1:3] and journal.column("seq")[-1] == seqs[-1]
    assert list(journal.headers("Location")) == [(seq, entries[0]["response_headers"]["Location"]) for seq in seqs]
    counted = seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert (journal.seqs.values is None) == counted, "seqs that count up are held as a count, any other as an array"


def test_an_entry_held_whole_keeps_the_seqs_counted() -> None:
    entries = _numbered([1, 2, 3, 4, 5])
    entries[0] = {**entries[0], "notes": ["fault: drop"]}  # held whole: its seq is read from its dict
    entries[3] = {**entries[3], "seq": 40, "status": None}
    journal = Journal(entries)
    assert journal == entries and list(journal.column("seq")) == [1, 2, 3, 40, 5]
    assert journal.seqs.values is None and sorted(journal.whole) == [0, 3]
    assert list(journal.headers("Location")) == [(e["seq"], e["response_headers"]["Location"]) for e in entries]


def test_queries_past_the_cap_of_distinct_ones_read_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence_columns, "_MAX_DISTINCT", 3)
    queries = ["replace=item", "", "replace=item", "q=1", "q=2", "", "q=3"]
    entries = [{**e, "query": q} for e, q in zip(_numbered(list(range(1, 8))), queries, strict=True)]
    entries.append({k: v for k, v in entries[0].items() if k != "query"})  # no query: read as None
    journal = Journal(entries)
    assert journal == entries and [e.get("query") for e in journal] == [*queries, None]
    assert journal.queries.listed is not None, "a fourth distinct query: held as a list from then on"
    few = Journal(entries[:3])
    assert few == entries[:3] and few.queries.listed is None and few.queries.values == ["replace=item", ""]


def test_a_column_of_uuids_holds_their_numbers_only() -> None:
    ids = [f"00000000-0000-0000-0000-{n:012x}" for n in range(1, 6)]
    entries = [{**e, "response_headers": {"X-Request-Id": rid}} for e, rid in zip(_numbered([1, 2, 3, 4, 5]), ids, strict=True)]
    entries[2] = {**entries[2], "status": None}  # held whole: costs the column nothing
    journal = Journal(entries)
    assert journal == entries and journal.header_values.uuids_only and len(journal.header_values.at) == 0
    lows = journal.header_values.lows
    assert lows is not None and lows.values is None and journal.header_values.highs is None, "ids counting up: a count"
    assert list(journal.headers("X-Request-Id")) == [(e["seq"], e["response_headers"]["X-Request-Id"]) for e in entries]
    mixed = [*entries, {**entries[0], "seq": 6, "response_headers": {"X-Request-Id": "r-6"}}, {**entries[1], "seq": 7}]
    journal = Journal(mixed)
    assert journal == mixed and not journal.header_values.uuids_only and len(journal.header_values.at) == len(mixed)
    assert list(journal.headers("X-Request-Id")) == [(e["seq"], e["response_headers"]["X-Request-Id"]) for e in mixed]


def test_uuids_that_do_not_count_up_read_as_given() -> None:
    ids = [f"00000000-0000-0000-0000-{n:012x}" for n in (7, 3, 4)]  # counted from the second on
    ids += ["f47ac10b-58cc-4372-a567-0e02b2c3d479", "00000000-0000-0000-0000-000000000005"]
    ids.append("ffffffff-ffff-ffff-ffff-ffffffffffff")
    entries = [{**e, "response_headers": {"X-Request-Id": rid}} for e, rid in zip(_numbered(list(range(1, 7))), ids, strict=True)]
    for count in range(1, len(entries) + 1):
        journal = Journal(entries[:count])
        assert journal == entries[:count]
        assert list(journal.headers("X-Request-Id")) == [(n + 1, rid) for n, rid in enumerate(ids[:count])]
        assert (journal.header_values.highs is None) == (count < 4), "high bits held once one is not 0"


@pytest.mark.parametrize("cap", [3, 2**16 - 1])
def test_durations_read_as_given_whatever_their_number(monkeypatch: pytest.MonkeyPatch, cap: int) -> None:
    monkeypatch.setattr(evidence_columns, "_MAX_DISTINCT", cap)
    durations = [3.25, 0.0, -0.0, 3.25, 0.0, float("inf"), 1e-300, -0.0, 12.345, float("nan"), 3.25]
    entries = [{**e, "duration_ms": d} for e, d in zip(_numbered(list(range(1, 12))), durations, strict=True)]
    journal = Journal(entries)
    assert json.dumps(list(journal)) == json.dumps(entries), "same values (NaN is not equal to itself: compared as JSON)"
    assert list(map(repr, journal.column("duration_ms"))) == list(map(repr, durations)), "-0.0 stays -0.0"
    assert [repr(journal.column("duration_ms")[i]) for i in range(11)] == list(map(repr, durations))
    assert list(map(repr, journal.column("duration_ms")[2:5])) == list(map(repr, durations[2:5]))
    assert (journal.durations.floats is None) == (cap > 10), "past the cap of distinct values: an array of floats"


@pytest.mark.parametrize("heads", [3, 300, 70_000])  # head indexes held in 1 byte, then 2, then 4
def test_a_string_column_reads_as_given_however_many_heads_and_tails(monkeypatch: pytest.MonkeyPatch, heads: int) -> None:
    monkeypatch.setattr(evidence_columns, "_MAX_DISTINCT", 50)  # tails held as a list past 50 distinct ones
    texts: list[str | None] = [f"/r/{n % heads}/eid:{n % 70}" for n in range(max(heads, 100))]
    texts[5:5] = ["00000000-0000-0000-0000-000000000001", None, "plain", ""]
    column = evidence_columns.StringColumn()
    for text in texts:
        column.append(text, {})
    assert list(column) == texts and [column[i] for i in range(len(texts))] == texts and len(column) == len(texts)
    assert list(column.between(3, 12)) == texts[3:12]
    assert column.at.typecode == {3: "B", 300: "H", 70_000: "I"}[heads]
    assert column.tails.listed is not None, "70 distinct tails: past the cap"
    few = evidence_columns.StringColumn()
    for text in ["/admin/adjust.json"] * 5:
        few.append(text, {})
    assert list(few) == ["/admin/adjust.json"] * 5 and few.tails.values == ["adjust.json"] and few.tails.listed is None

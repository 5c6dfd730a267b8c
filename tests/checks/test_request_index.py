"""The ERP request index (which requests named a record) finds what reading every journal entry whole finds."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from harness.evidence import RECORD_ROOT, Compactor, Evidence, eid_in_path
from harness.evidence_columns import Journal
from scenarios.truth import GroundTruth

Record = dict[str, Any]
URL = "http://127.0.0.1:41001"


def _entry(seq: int, method: str, path: str, status: int = 204, location: str | None = None, **more: Any) -> Record:
    headers = {} if location is None else {"Location": location}
    entry = {"seq": seq, "started_at": 1.0 + seq, "duration_ms": 2.0, "method": method, "path": path, "query": ""}
    return {**entry, "status": status, "notes": [], "response_headers": headers, **more}


ENTRIES = [
    _entry(1, "PUT", f"{RECORD_ROOT}salesOrder/eid:S1", location=f"{URL}{RECORD_ROOT}salesOrder/1001"),
    _entry(2, "PUT", f"{RECORD_ROOT}salesOrder/eid:S1", location=f"{URL}{RECORD_ROOT}salesOrder/1001"),  # a retry
    _entry(3, "POST", f"{RECORD_ROOT}invoice", status=204, location=f"{URL}{RECORD_ROOT}invoice/1002?x=1"),
    _entry(4, "POST", f"{RECORD_ROOT}salesOrder/eid:S2/!transform/invoice", location=f"{URL}{RECORD_ROOT}invoice/1003#a"),
    _entry(5, "PUT", f"{RECORD_ROOT}inventoryAdjustment/eid:STOCK-S1", location=f"{URL}{RECORD_ROOT}inventoryAdjustment/1004"),
    _entry(6, "PUT", f"{RECORD_ROOT}salesOrder/eid:S3", status=429, notes=["governance: limit"]),  # held whole
    _entry(7, "GET", f"{RECORD_ROOT}salesOrder/eid:S3", status=200),
    _entry(8, "PUT", f"{RECORD_ROOT}cashSale/eid:S1", location=f"{URL}/elsewhere/1001"),  # eid S1, another type
    _entry(9, "POST", "/services/rest/auth/oauth2/v1/token", status=200),
    _entry(10, "PUT", f"{RECORD_ROOT}creditMemo/eid:RET:1", location=f"{URL}{RECORD_ROOT}creditMemo/1005"),  # ':' in the eid
    _entry(11, "PUT", f"{RECORD_ROOT}/eid:odd", location=f"{URL}{RECORD_ROOT}salesOrder/"),
    _entry(12, "PATCH", f"{RECORD_ROOT}salesOrder/1001", status=204),
]


def _reference(entries: list[Record]) -> tuple[dict[str, list[int]], dict[str, list[tuple[str, int]]]]:
    """The index as reading each entry whole builds it (the obvious way)."""
    by_id: dict[str, list[int]] = {}
    by_eid: dict[str, list[tuple[str, int]]] = {}
    for entry in entries:
        location = (entry.get("response_headers") or {}).get("Location")
        if location and RECORD_ROOT in location:
            by_id.setdefault(urlsplit(location).path.rsplit("/", 1)[-1], []).append(entry["seq"])
        named = eid_in_path(entry["path"])
        if named is not None:
            by_eid.setdefault(named[1], []).append((named[0], entry["seq"]))
    return by_id, by_eid


def _evidence(entries: list[Record], compacted: bool) -> Evidence:
    truth = GroundTruth(scenario="t", seed=0, transactions=[], journals=[], stock=[], summary={})
    journal = Journal(entries, Compactor()) if compacted else entries
    return Evidence(truth=truth, journals={"erp": journal})


def test_requests_are_found_by_id_and_by_eid_as_reading_every_entry_finds_them() -> None:
    by_id, by_eid = _reference(ENTRIES)
    assert by_id["1001"] == [1, 2] and by_id["1002"] == [3] and by_id["1003"] == [4] and by_id[""] == [11]
    assert by_eid["S1"] == [("salesOrder", 1), ("salesOrder", 2), ("cashSale", 8)] and by_eid["RET:1"] == [("creditMemo", 10)]
    for compacted in (False, True):
        evidence = _evidence(ENTRIES, compacted)
        for eid, named in by_eid.items():
            assert evidence.requests_for_eid(eid) == sorted(seq for _, seq in named)
            for record_type in ("salesOrder", "cashSale", "invoice", "creditMemo", "inventoryAdjustment", ""):
                assert evidence.requests_for_eid(eid, record_type) == [seq for t, seq in named if t == record_type]
        for record_id, seqs in by_id.items():
            assert evidence.requests_for_record("salesOrder", record_id) == seqs
        assert evidence.requests_for_eid("nobody") == [] and evidence.requests_for_record("salesOrder", "9") == []


def test_requests_for_a_record_add_those_that_named_its_eid() -> None:
    evidence = _evidence(ENTRIES, compacted=True)
    evidence.erp_records = {"salesOrder": [{"id": "1001", "externalId": "S1"}]}
    assert evidence.requests_for_record("salesOrder", "1001") == [1, 2]
    evidence = _evidence(ENTRIES, compacted=True)
    evidence.erp_records = {"cashSale": [{"id": "1001", "externalId": "S1"}]}
    assert evidence.requests_for_record("cashSale", "1001") == [1, 2, 8]

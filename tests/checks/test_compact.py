"""Compacted evidence (what ``collect`` keeps) holds the same values, and every check judges it the same."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from harness.checks import ALL_CHECKS
from harness.evidence import Compactor, Evidence, compact_evidence, slim_delivery, slim_entry
from tests.checks.builders import duplicate, everything, evidence_of, find

Record = dict[str, Any]


def _results(evidence: Evidence) -> str:
    return json.dumps([check(evidence).to_dict() for check in ALL_CHECKS.values()])


def _no_break(evidence: Evidence) -> None:
    pass


def _retried_sale(evidence: Evidence) -> None:
    duplicate(evidence, "salesOrder", "LEE01-T1-000001")


def _wrong_rate_on_one_of_two_equal_sales(evidence: Evidence) -> None:
    find(evidence, "salesOrder", "LEE01-T1-000002")["item"]["items"][0]["rate"] = 9.99


def _wrong_location_on_one_adjustment(evidence: Evidence) -> None:
    find(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000001")["adjLocation"] = {"id": "1"}


def _retried_adjustment(evidence: Evidence) -> None:
    duplicate(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000001")


def _adjustments_no_transaction_owns(evidence: Evidence) -> None:
    duplicate(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000002", externalId="STOCK-NOBODY")
    duplicate(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000001", externalId=None, memo="retry of a sale")
    copied = duplicate(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000002", memo=None, extra={"note": 1})
    del copied["externalId"]  # another shape, and no key at all


def _adjustment_on_the_suspense_account(evidence: Evidence) -> None:
    find(evidence, "inventoryAdjustment", "STOCK-LEE01-T1-000002")["account"] = {"id": "9999"}


def _invoice_per_line_item(evidence: Evidence) -> None:
    duplicate(evidence, "invoice", "INV-FR-2", externalId="INV-FR-2-LINE")  # an invoice no parcel names


def _invoice_of_another_order_and_lines(evidence: Evidence) -> None:
    find(evidence, "invoice", "INV-FR-1")["createdFrom"] = {"id": "1003"}
    find(evidence, "invoice", "INV-FR-2")["item"] = {"items": []}


def _parcel_moved_twice_at_the_wrong_place(evidence: Evidence) -> None:
    adjustment = find(evidence, "inventoryAdjustment", "STOCK-INV-FR-2")
    adjustment["inventory"] = {"items": [*adjustment["inventory"]["items"], {"item": {"id": "5001"}, "adjustQtyBy": -1.0}]}
    adjustment["adjLocation"] = {"id": "77"}


def _credit_memo_linked_to_nothing(evidence: Evidence) -> None:
    find(evidence, "creditMemo", "RET-R1")["createdFrom"] = {"id": "4040"}
    duplicate(evidence, "cashSale", "SITOO-501")


def _late_shop_change(evidence: Evidence) -> None:
    level = next(lv for lv in evidence.shop_inventory if lv["sku"] == "HOODIE-L" and lv["location_id"] == 1002)
    next(c for c in level["changes"] if c["via"] != "seed")["at"] += 45.0


def _odd_shop_changes(evidence: Evidence) -> None:
    level = next(lv for lv in evidence.shop_inventory if lv["sku"] == "HOODIE-L" and lv["location_id"] == 1002)
    change = next(c for c in level["changes"] if c["via"] != "seed")
    change["at"] = int(change["at"] + 45)  # an int time, late: held whole
    level["changes"].append({**change, "at": change["at"] + 1.0, "note": "repeat"})  # another shape, a repeat: whole


def _redelivered_webhooks(evidence: Evidence) -> None:
    attempt = {"attempt": 1, "started_at": 1.0, "duration_ms": 2.0, "status": 200, "error": None}
    plain = {"id": 1, "url": "http://x", "label": "order.created", "outcome": "delivered", "attempts": [attempt], "event_seq": 1}
    evidence.deliveries = [
        plain,
        {**plain, "id": 2, "attempts": [{**attempt, "status": 503}, attempt]},
        {**plain, "id": 3, "outcome": "failed", "attempts": [{**attempt, "status": 500}]},
    ]


def _throttled_write(evidence: Evidence) -> None:
    evidence.journals["erp"][0].update(status=429, response_headers={"Retry-After": "1"}, notes=["governance: limit"])


BREAKS: list[Callable[[Evidence], None]] = [
    _no_break,
    _retried_sale,
    _wrong_rate_on_one_of_two_equal_sales,
    _wrong_location_on_one_adjustment,
    _retried_adjustment,
    _adjustments_no_transaction_owns,
    _adjustment_on_the_suspense_account,
    _invoice_per_line_item,
    _invoice_of_another_order_and_lines,
    _parcel_moved_twice_at_the_wrong_place,
    _credit_memo_linked_to_nothing,
    _late_shop_change,
    _odd_shop_changes,
    _redelivered_webhooks,
    _throttled_write,
]


@pytest.mark.parametrize("breaks", BREAKS, ids=lambda f: f.__name__.strip("_"))
def test_every_check_judges_compacted_evidence_as_the_original(breaks: Callable[[Evidence], None]) -> None:
    story = everything()
    story.store_sale("LEE01-T1-000003", {"5001": 1})  # a second sale equal to LEE01-T1-000002: lines shared once compacted
    evidence = evidence_of(story)
    breaks(evidence)
    compacted = compact_evidence(copy.deepcopy(evidence))
    assert _results(compacted) == _results(evidence)


def test_compacted_values_are_equal_and_serialise_the_same() -> None:
    value: Record = {
        "id": "1001",
        "entity": {"id": "100"},
        "tranDate": "2026-11-27",
        "item": {"items": [{"item": {"id": "5001"}, "quantity": 1.0, "rate": -0.0}, {"item": {"id": "5001"}, "quantity": 1}]},
        "flags": [True, 1, 1.0, None, ""],
        "X-Request-Id": "a",
        "__odd": {},
    }
    compact = Compactor()
    first, second = compact.value(copy.deepcopy(value)), compact.value(copy.deepcopy(value))
    assert first == value and json.dumps(first) == json.dumps(value) and list(first) == list(value)
    assert type(first) is dict
    assert second["entity"] is first["entity"] and second["item"] is first["item"]  # equal references and sublists: one object
    assert first["item"]["items"][0] is not first["item"]["items"][1]  # 1.0 and 1 are not the same JSON


def test_a_slim_journal_entry_keeps_what_the_checks_read() -> None:
    entry = {
        "seq": 7,
        "started_at": 1.5,
        "duration_ms": 3.0,
        "method": "PUT",
        "path": "/services/rest/record/v1/salesOrder/eid:S1",
        "query": "replace=item",
        "request_headers": {"Authorization": "Bearer x..."},
        "request_body": '{"otherRefNum": "S1"}',
        "status": 204,
        "response_headers": {"Location": "http://erp/services/rest/record/v1/salesOrder/1001", "Content-Length": "0"},
        "response_body": "",
        "notes": [],
    }
    slim = slim_entry(entry)
    assert slim == {
        "seq": 7,
        "started_at": 1.5,
        "duration_ms": 3.0,
        "method": "PUT",
        "path": "/services/rest/record/v1/salesOrder/eid:S1",
        "query": "replace=item",
        "status": 204,
        "notes": [],
        "response_headers": {"Location": "http://erp/services/rest/record/v1/salesOrder/1001"},
    }
    assert slim_entry({**entry, "status": 429}) == {**entry, "status": 429}, "a failure is kept whole"
    assert slim_entry({**entry, "notes": ["fault: latency"]})["request_body"], "so is a noted request"
    post = {**entry, "method": "POST", "path": "/services/rest/record/v1/salesOrder"}
    assert slim_entry(post) == post, "and a write whose body names the record"


def test_a_slim_delivery_keeps_its_attempts() -> None:
    attempt = {"attempt": 1, "started_at": 1.0, "duration_ms": 2.0, "status": 200, "error": None}
    delivery = {
        "id": 1,
        "url": "http://x",
        "label": "order.created",
        "outcome": "delivered",
        "attempts": [attempt],
        "event_seq": 3,
    }
    assert slim_delivery(delivery) == {
        "id": 1,
        "event_seq": 3,
        "label": "order.created",
        "outcome": "delivered",
        "attempts": [{"attempt": 1, "status": 200, "error": None}],
    }, "one attempt that went through: its number, status and error"
    retried = {**delivery, "attempts": [{**attempt, "status": 500}, attempt]}
    assert slim_delivery(retried) == retried
    failed = {**delivery, "outcome": "failed", "attempts": [{**attempt, "status": 500}]}
    assert slim_delivery(failed) == failed
    compact = Compactor()
    first, second = (compact.value(slim_delivery({**delivery, "id": n})) for n in (1, 2))
    assert first["attempts"] is second["attempts"], "held once"

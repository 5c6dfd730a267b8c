"""Fulfilment grouping: one sales order, one invoice per parcel, created from that order."""

from __future__ import annotations

import copy

from harness.checks import fulfilment
from tests.checks.builders import duplicate, everything, evidence_of, find, kinds


def test_passes_with_one_invoice_per_parcel() -> None:
    result = fulfilment.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.checked == 1


def test_an_invoice_per_line_item_is_named_as_wrong_parcel_and_extra_invoice() -> None:
    evidence = evidence_of(everything())
    parcel = find(evidence, "invoice", "INV-FR-2")
    second = copy.deepcopy(parcel)
    parcel["item"]["items"] = parcel["item"]["items"][:1]
    second.update(id="9001", externalId=None, otherRefNum="WEB-1001")
    second["item"]["items"] = second["item"]["items"][1:]
    evidence.erp_records["invoice"].append(second)
    result = fulfilment.check(evidence)
    assert kinds(result) == {"WEB-1001": {"parcel-lines", "extra-invoice"}}
    lines = next(d for d in result.discrepancies if d.kind == "parcel-lines")
    assert lines.expected == "INV-FR-2: 1 x item 5001, 1 x item 5002" and lines.found == "1 x item 5001"


def test_a_missing_parcel_invoice_and_a_second_sales_order() -> None:
    evidence = evidence_of(everything())
    evidence.erp_records["invoice"].remove(find(evidence, "invoice", "INV-FR-1"))
    duplicate(evidence, "salesOrder", "WEB-1001", externalId=None)
    assert kinds(fulfilment.check(evidence)) == {"WEB-1001": {"missing-invoice", "extra-sales-order"}}


def test_an_invoice_not_created_from_the_order_is_named() -> None:
    evidence = evidence_of(everything())
    del find(evidence, "invoice", "INV-FR-1")["createdFrom"]
    assert kinds(fulfilment.check(evidence)) == {"WEB-1001": {"unlinked"}}

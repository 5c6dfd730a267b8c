"""Amounts and lines: each posted record says what was sold, how many, and at what price.

A sale that arrives once but with the wrong rate, a lost discount, a line too many or
the wrong business day still breaks the month-end reconciliation with the POS. For each
record the truth expects in the ERP (sales, credit memos, fulfilment invoices), compare:

* ``wrong-type``: posted as another record type than the truth says;
* ``tran-date``: ``tranDate`` is not the business day;
* ``missing-line`` / ``extra-line``: an item the truth has and the record lacks, or the reverse;
* ``quantity``: units per item (summed over the record's lines; for fulfilment invoices
  the parcel's quantities are :mod:`.fulfilment`'s to judge);
* ``rate``: the net unit price after discounts, compared as 2-decimal strings.

References (location, payment method, tax code, currency, ...) are :mod:`.mapping`'s.
Truth fields that are None are not checked. The ERP stores no tax amounts, so a gross
total cannot be compared; the evidence gives the net totals of both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.evidence import Evidence

from .base import (
    CheckResult,
    Findings,
    Record,
    SameLines,
    cents,
    count_text,
    expected_record,
    lines_by_item,
    money,
    one,
    quantity,
    record_ref,
    sale_lines,
    sublist_items,
)

NAME = "amounts"
TITLE = "Every posted record has the truth's lines, quantities, rates and business day"


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    fields = evidence.record_fields("tranDate", "item")  # the records' fields as columns: no record is built
    invoices = evidence.positions("invoice")
    invoice_dates, invoice_sublists = fields.of("invoice")
    checked = 0
    sales, parcels = SameLines(_same_lines, True), SameLines(_same_lines, False)
    for truth, position in zip(evidence.truth.transactions, evidence.expected_records, strict=True):
        if truth["outcome"] != "erp":
            continue
        expected = truth.get("record")
        if expected:
            if position is not None:
                dates, sublists = fields.of(expected["record_type"])
                fine = _fine(expected, dates[position], sublists[position], sales)
            if position is not None and fine:
                checked += 1
            else:
                checked += _compare(evidence, findings, truth["source_id"], expected, quantities=True)
        fulfilments = truth.get("fulfilments")
        if fulfilments:
            for parcel in fulfilments:
                position = invoices.get(parcel["external_id"])
                if position is not None and _fine(parcel, invoice_dates[position], invoice_sublists[position], parcels):
                    checked += 1
                else:
                    checked += _compare(evidence, findings, truth["source_id"], parcel, quantities=False)
    return findings.result(NAME, TITLE, checked)


def _fine(expected: Record, tran_date: Any, sublist: Any, same_lines: SameLines) -> bool:
    """The fast path: the record of the expected type (its ``tranDate`` and ``item`` sublist) has the truth's
    day and lines, in the truth's order."""
    day = expected.get("tran_date")
    if day is not None and tran_date != day:
        return False
    return same_lines(expected["lines"], sublist_items(sublist))


def _compare(evidence: Evidence, findings: Findings, source_id: str, expected: Record, quantities: bool) -> int:
    found = expected_record(evidence, expected)
    if found is None:
        return 0  # absent: conservation's or fulfilment's discrepancy
    record_type, record = found
    eid = expected["external_id"]
    if record_type != expected["record_type"]:
        findings.add(
            "wrong-type",
            source_id,
            f"{eid} posted as a {expected['record_type']}",
            f"a {record_type}",
            _proof(evidence, record_type, record, expected) if findings.keeping else None,
        )
    day = expected.get("tran_date")
    if day is not None and record.get("tranDate") != day:
        findings.add(
            "tran-date",
            source_id,
            f"{eid} tranDate {day}",
            str(record.get("tranDate")),
            _proof(evidence, record_type, record, expected) if findings.keeping else None,
        )
    lines = sale_lines(record)
    if not _same_lines(expected["lines"], lines, quantities):
        _compare_lines(evidence, findings, source_id, expected, record_type, record, lines, quantities)
    return 1


def _same_lines(expected: list[Record], lines: Sequence[Record], quantities: bool) -> bool:
    """The fast path: the record's lines are the truth's, one per item, in the same order."""
    if len(expected) != len(lines):
        return False
    for want, line in zip(expected, lines, strict=True):
        item = line.get("item")
        if not isinstance(item, dict) or item.get("id") != want["item"]:
            return False
        if quantities and line.get("quantity") != want["quantity"]:
            return False
        rate = want.get("rate")
        if rate is not None:
            found = line.get("rate")
            if found != float(rate) and money(found) != rate:  # the float test settles nearly every line
                return False
    return True


def _compare_lines(
    evidence: Evidence,
    findings: Findings,
    source_id: str,
    expected: Record,
    record_type: str,
    record: Record,
    lines: list[Record],
    quantities: bool,
) -> None:
    eid = expected["external_id"]
    grouped = lines_by_item(lines)
    wanted: dict[str, Record] = {}
    for line in expected["lines"]:
        if line["item"] in wanted:  # the truth sums per product too
            wanted[line["item"]] = {**wanted[line["item"]], "quantity": wanted[line["item"]]["quantity"] + line["quantity"]}
        else:
            wanted[line["item"]] = line

    def proof() -> Record:
        return _proof(evidence, record_type, record, expected)

    for item, want in wanted.items():
        got = grouped.get(item)
        if got is None:
            findings.add("missing-line", source_id, f"{eid}: {want['quantity']} x item {item}", "no line for the item", proof)
            continue
        if quantities and got.quantity != want["quantity"]:
            findings.add(
                "quantity", source_id, f"{eid}: {want['quantity']} x item {item}", f"{count_text(got.quantity)} x", proof
            )
        if want.get("rate") is not None and got.rates != {want["rate"]}:
            findings.add("rate", source_id, f"{eid}: item {item} at rate {want['rate']}", f"rate {one(got.rates)}", proof)
    for extra, summed in grouped.items():
        if extra not in wanted:
            findings.add(
                "extra-line",
                source_id,
                f"{eid}: no line for item {extra}",
                f"{count_text(summed.quantity)} x item {extra}",
                proof,
            )


def _proof(evidence: Evidence, record_type: str, record: Record, expected: Record) -> Record:
    def net(lines: list[Record], rate_key: str) -> str:
        total = sum(round(quantity(line.get("quantity")) * cents(line.get(rate_key))) for line in lines)
        return f"{total / 100:.2f}"

    expected_lines = expected["lines"]
    return {
        "erp_record": record_ref(evidence, record_type, record),
        "expected_lines": [{k: v for k, v in line.items() if v is not None} for line in expected_lines],
        "found_lines": [
            {"item": (line.get("item") or {}).get("id"), "quantity": line.get("quantity"), "rate": line.get("rate")}
            for line in sale_lines(record)
        ],
        "expected_net_total": net(expected_lines, "rate") if all(x.get("rate") is not None for x in expected_lines) else None,
        "found_net_total": net(sale_lines(record), "rate"),
        "expected_gross_total": expected.get("gross_total"),
    }

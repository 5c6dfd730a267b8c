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
)

NAME = "amounts"
TITLE = "Every posted record has the truth's lines, quantities, rates and business day"


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    invoices = evidence.by_key("invoice")
    checked = 0
    sales, parcels = SameLines(_same_lines, True), SameLines(_same_lines, False)
    for truth, record in zip(evidence.truth.transactions, evidence.expected_records, strict=True):
        if truth["outcome"] != "erp":
            continue
        expected = truth.get("record")
        if expected:
            if record is not None and _fine(expected, record, sales):
                checked += 1
            else:
                checked += _compare(evidence, findings, truth["source_id"], expected, quantities=True)
        fulfilments = truth.get("fulfilments")
        if fulfilments:
            for parcel in fulfilments:
                record = invoices.get(parcel["external_id"])
                if record is not None and _fine(parcel, record, parcels):
                    checked += 1
                else:
                    checked += _compare(evidence, findings, truth["source_id"], parcel, quantities=False)
    return findings.result(NAME, TITLE, checked)


def _fine(expected: Record, record: Record, same_lines: SameLines) -> bool:
    """The fast path: the record of the expected type has the truth's day and lines, in the truth's order."""
    try:  # by subscript: a record with a date and lines (the usual one) costs less
        day = expected["tran_date"]
        if day is not None and record["tranDate"] != day:
            return False
        items = record["item"]["items"]
    except (KeyError, TypeError):
        return _fine_by_get(expected, record, same_lines)
    return same_lines(expected["lines"], items)


def _fine_by_get(expected: Record, record: Record, same_lines: SameLines) -> bool:
    day = expected.get("tran_date")
    if day is not None and record.get("tranDate") != day:
        return False
    sublist = record.get("item")
    return same_lines(expected["lines"], sublist.get("items", ()) if isinstance(sublist, dict) else ())


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

"""Mapping: every reference went through the cross-reference tables to the right ERP value.

A wrong store location, payment method, tax code, subsidiary, customer or currency posts
the right amounts to the wrong place: stock and revenue per store stop adding up, and the
tax return is wrong. A value with no mapping row must not be posted at all but reported,
naming the field that failed. Checked, for every record the truth expects in the ERP
(sales, credit memos, fulfilment invoices):

* header ``entity``, ``subsidiary``, ``location``, ``currency``, ``paymentMethod``;
* per item line: ``taxCode`` and ``location``;

and for every exception report the truth expects (transactions and store days): the
``field`` it names and its ``value``. Truth fields that are None are not checked; a record
or report that is absent is :mod:`.conservation`'s discrepancy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.evidence import Evidence, journal_eid

from .base import (
    CheckResult,
    Findings,
    Record,
    SameLines,
    expected_record,
    lines_by_item,
    one,
    record_ref,
    sale_lines,
    sublist_items,
)

NAME = "mapping"
TITLE = "Locations, payment methods, tax codes, subsidiary, customer and currency map as the tables say"

# truth field -> ERP header field, and the discrepancy kind
HEADER = (
    ("entity", "entity", "entity"),
    ("subsidiary", "subsidiary", "subsidiary"),
    ("location", "location", "location"),
    ("currency", "currency", "currency"),
    ("payment_method", "paymentMethod", "payment-method"),
)
TRUTH_HEADER_FIELDS = tuple(truth_field for truth_field, _, _ in HEADER)
FINE_FIELDS = (*(erp_field for _, erp_field, _ in HEADER), "item")  # what the fast path reads of a record
LINE_FIELDS = (("item", "item"), ("tax_code", "taxCode"), ("location", "location"))


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    fields = evidence.record_fields(*FINE_FIELDS)  # the records' fields as columns: no record is built
    invoices, invoice_fields = evidence.positions("invoice"), fields.of("invoice")
    checked = 0
    same_lines = SameLines(_same_lines)
    for truth, position in zip(evidence.truth.transactions, evidence.expected_records, strict=True):
        outcome = truth["outcome"]
        if outcome == "erp":
            expected = truth.get("record")
            if expected:
                if position is not None and _fine(expected, fields.of(expected["record_type"]), position, same_lines):
                    checked += 1
                else:
                    checked += _compare(evidence, findings, truth["source_id"], expected)
            for parcel in truth.get("fulfilments") or ():
                position = invoices.get(parcel["external_id"])
                if position is not None and _fine(parcel, invoice_fields, position, same_lines):
                    checked += 1
                else:
                    checked += _compare(evidence, findings, truth["source_id"], parcel)
        elif outcome == "exception" and truth.get("exception"):
            checked += _exception(evidence, findings, truth["source_id"], truth["exception"])
    for journal in evidence.truth.journals:
        if journal["outcome"] == "exception" and journal.get("exception"):
            checked += _exception(evidence, findings, journal_eid(journal), journal["exception"])
    return findings.result(NAME, TITLE, checked)


def _fine(expected: Record, columns: tuple[list[Any], ...], position: int, same_lines: SameLines) -> bool:
    """The fast path: every header reference and every line's tax code and location as the truth says
    (``columns``: the record's type's :data:`FINE_FIELDS`, ``position``: the record's place in them)."""
    for truth_field, column in zip(TRUTH_HEADER_FIELDS, columns, strict=False):  # the last column is the lines'
        want = expected.get(truth_field)
        if want is not None:
            ref = column[position]
            if type(ref) is not dict or ref.get("id") != want:
                return False
    return same_lines(expected["lines"], sublist_items(columns[-1][position]))


def _compare(evidence: Evidence, findings: Findings, source_id: str, expected: Record) -> int:
    found = expected_record(evidence, expected)
    if found is None:
        return 0
    record_type, record = found
    eid = expected["external_id"]
    for truth_field, erp_field, kind in HEADER:
        want = expected.get(truth_field)
        if want is None:
            continue
        ref = record.get(erp_field)
        got = ref.get("id") if isinstance(ref, dict) else ref
        if got != want:
            findings.add(
                kind,
                source_id,
                f"{eid}: {erp_field} {want}",
                f"{erp_field} {'none' if got is None else got}",
                {"erp_record": record_ref(evidence, record_type, record)} if findings.keeping else None,
            )
    lines = sale_lines(record)
    if not _same_lines(expected["lines"], lines):
        _compare_lines(evidence, findings, source_id, eid, expected["lines"], record_type, record, lines)
    return 1


def _same_lines(expected: list[Record], lines: Sequence[Record]) -> bool:
    """One line per item in the truth's order, each with the truth's tax code and location."""
    if len(expected) != len(lines):
        return False
    for want, line in zip(expected, lines, strict=True):
        for truth_field, erp_field in LINE_FIELDS:
            value = want.get(truth_field)
            if value is not None:
                ref = line.get(erp_field)
                if type(ref) is not dict or ref.get("id") != value:
                    return False
    return True


def _compare_lines(
    evidence: Evidence,
    findings: Findings,
    source_id: str,
    eid: str,
    expected: list[Record],
    record_type: str,
    record: Record,
    lines: list[Record],
) -> None:
    grouped = lines_by_item(lines)

    def proof() -> Record:
        return {"erp_record": record_ref(evidence, record_type, record)}

    for want in expected:
        got = grouped.get(want["item"])
        if got is None:
            continue  # a missing line is the amounts check's
        if want.get("tax_code") is not None and got.tax_codes != {want["tax_code"]}:
            findings.add(
                "tax-code",
                source_id,
                f"{eid}: item {want['item']} taxCode {want['tax_code']}",
                f"taxCode {one(got.tax_codes)}",
                proof,
            )
        if want.get("location") is not None and got.locations != {want["location"]}:
            findings.add(
                "line-location",
                source_id,
                f"{eid}: item {want['item']} line location {want['location']}",
                f"location {one(got.locations)}",
                proof,
            )


def _exception(evidence: Evidence, findings: Findings, source_id: str, expected: Record) -> int:
    reports = evidence.reports(source_id)
    if not reports:
        return 0
    report = reports[0]
    proof = {"exception_report": {k: report.get(k) for k in ("id", "field", "value", "reason")}}
    if report.get("field") != expected["field"]:
        findings.add(
            "exception-field",
            source_id,
            f"report names field {expected['field']} ({expected['value']!r} has no mapping)",
            f"field {report.get('field')!r}",
            proof,
        )
    elif (report.get("value") or "") != expected["value"]:
        findings.add(
            "exception-value",
            source_id,
            f"report names {expected['field']} value {expected['value']!r}",
            f"value {report.get('value')!r}",
            proof,
        )
    return 1

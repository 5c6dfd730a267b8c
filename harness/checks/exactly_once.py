"""Exactly once under retries: nothing posted twice and no stock moved twice.

Webhooks arrive at least once, overtake each other, and a request that timed out may
have succeeded: an integration that is not idempotent posts a sale twice, or moves the
same stock twice, and nobody notices until the stock count. This check looks for the
traces duplicates leave, whatever the integration's retry strategy:

* ``duplicate``: two ERP records of one type attributed to one key (same ``externalId``,
  ``otherRefNum`` or memo), any record type;
* ``repeated-invoice``: one web order's parcel invoiced more often than it was shipped
  (invoices created from its sales order with the same lines);
* ``repeated-lines``: a record holding the same line twice where the truth has it once
  (an upsert retried without ``?replace=``, which NetSuite appends to);
* ``double-movement``: an inventory adjustment moving more units than its transaction
  moved, ERP adjustments without an owner or web-shop ``adjust`` calls exceeding the
  truth's movements of a SKU at a location (more calls, or more units).

Metrics say what the integration had to survive: webhook redeliveries and ERP 5xx answers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import partial
from operator import is_not
from typing import Any

from harness.evidence import Evidence
from harness.evidence_columns import Deliveries
from harness.evidence_stock import change_columns
from harness.evidence_truth import MIXED, adjustment_eid

from .base import CheckResult, Findings, Record, count_text, quantity, record_ref, ref_id, sale_lines, sublist_items

NAME = "exactly_once"
TITLE = "Nothing is posted or moved twice, whatever retries, duplicate deliveries and timeouts happened"
SHOWN = 20  # records / requests named in one discrepancy's evidence
SHOP_ADJUST = "inventory_levels/adjust"


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    checked = _duplicate_records(evidence, findings)
    owned = _per_transaction(evidence, findings)
    if owned < len(evidence.erp_records.get("inventoryAdjustment", ())):  # some adjustment no transaction owns
        _unowned_adjustments(evidence, findings)
    _shop_adjustments(evidence, findings)
    return findings.result(NAME, TITLE, checked, metrics=_metrics(evidence))


def _duplicate_records(evidence: Evidence, findings: Findings) -> int:
    for record_type, key, records in evidence.duplicates():
        ids = ", ".join(str(r.get("id")) for r in records[:SHOWN])
        findings.add(
            "duplicate",
            evidence.owner_of(key) or key,
            f"one {record_type} for {key}",
            f"{len(records)} {record_type} records ({ids})",
            {"erp_records": [record_ref(evidence, record_type, r) for r in records[:SHOWN]]} if findings.keeping else None,
        )
    return sum(evidence.keyed(t) for t in evidence.erp_records)


def _per_transaction(evidence: Evidence, findings: Findings) -> int:
    """Repeated lines, parcels and adjustment units, transaction by transaction; returns the adjustments found."""
    invoices = evidence.positions("invoice")
    found = 0
    signatures = _Signatures()
    transactions, records = evidence.truth.transactions, evidence.erp_records
    items = evidence.record_fields("item")  # the records' fields as columns: no record is built
    (invoice_items,) = items.of("invoice")
    sublists = evidence.record_column("inventoryAdjustment", "inventory")
    for truth, position, adjustment in zip(transactions, evidence.expected_records, evidence.single_adjustments, strict=True):
        if position is not None:
            expected = truth["record"]
            record_type = expected["record_type"]
            if _items_count(items.of(record_type)[0][position]) > len(expected["lines"]):
                record = records[record_type][position]
                _report_repeats(evidence, findings, truth["source_id"], record_type, record, sale_lines(record))
        if truth["outcome"] != "erp":
            continue
        fulfilments = truth["fulfilments"]  # truth lines have every key of their model
        if fulfilments:
            for parcel in fulfilments:
                position = invoices.get(parcel["external_id"])
                if position is not None and _items_count(invoice_items[position]) > len(parcel["lines"]):
                    invoice = records["invoice"][position]
                    _report_repeats(evidence, findings, truth["source_id"], "invoice", invoice, sale_lines(invoice))
            _repeated_invoices(evidence, findings, truth, signatures, invoice_items)
        moves = truth["stock"]
        if moves:
            if adjustment is not None and _items_count(sublists[adjustment]) <= len(moves):
                found += 1  # the usual case: one adjustment, no more lines than movements
            else:
                found += _adjustment_units(evidence, findings, truth["source_id"], moves, sublists)
    journals = evidence.by_key("journalEntry")
    for journal in evidence.truth.journals:
        expected = journal.get("record")
        if journal["outcome"] == "erp" and expected:
            entry = journals.get(expected["external_id"])
            if entry is not None:
                lines = entry.get("line", {}).get("items", [])
                if len(lines) > len(journal.get("lines", [])):
                    _report_repeats(evidence, findings, expected["external_id"], "journalEntry", entry, lines)
    return found


def _items_count(sublist: Any) -> int:
    """How many lines a sublist (``{"items": [...]}``) holds (0 if it is none)."""
    try:  # by subscript: a sublist with its items (the usual one) costs less
        return len(sublist["items"])
    except (KeyError, TypeError):
        return len(sublist.get("items", ())) if type(sublist) is dict else 0


def _report_repeats(
    evidence: Evidence, findings: Findings, source_id: str, record_type: str, record: Record, lines: list[Record]
) -> None:
    shapes = Counter(_shape(line) for line in lines)
    repeated = sum(n - 1 for n in shapes.values() if n > 1)
    if repeated:
        findings.add(
            "repeated-lines",
            source_id,
            f"each line of {record_type} {record.get('externalId') or record.get('id')} once",
            f"{repeated} line(s) repeated ({len(lines)} lines)",
            {"erp_record": record_ref(evidence, record_type, record)} if findings.keeping else None,
        )


def _shape(line: Record) -> str:
    return repr(sorted((k, repr(v)) for k, v in line.items() if k not in ("line", "links")))


def _signature(lines: Sequence[Record], item_key: str) -> Signature:
    per_item: dict[str, float] = defaultdict(float)
    for line in lines:
        item = line.get(item_key)
        per_item[str(ref_id(item) if isinstance(item, dict) else item)] += quantity(line.get("quantity"))
    return tuple(sorted(per_item.items()))


Signature = tuple[tuple[str, float], ...]  # units per item, sorted


class _Signatures:
    """:func:`_signature` of item line lists, worked out once per list (collected evidence holds equal ones
    once). Remembered by id, holding the list (so no other can take its id); at most ``cap`` of them."""

    def __init__(self, cap: int = 100_000) -> None:
        self.cap = cap
        self.known: dict[int, tuple[Signature, Sequence[Record]]] = {}

    def __call__(self, lines: Sequence[Record]) -> Signature:
        known = self.known.get(id(lines))
        if known is None:
            known = (_signature(lines, "item"), lines)
            if len(self.known) < self.cap:
                self.known[id(lines)] = known
        return known[0]


def _repeated_invoices(
    evidence: Evidence, findings: Findings, truth: Record, signature_of: _Signatures, invoice_items: Sequence[Any]
) -> None:
    """More invoices of one parcel's lines than the web order shipped such parcels (read by position: the
    invoices' ``item`` sublists are ``invoice_items``; a record is built only to name it)."""
    invoices = [
        position
        for order in evidence.record_positions("salesOrder", truth["source_id"])
        for record_type, position in evidence.derived_positions(str(evidence.record_cell("salesOrder", order, "id")))
        if record_type == "invoice"
    ]
    if len(invoices) < 2:
        return
    shipped = Counter(signature_of(parcel["lines"]) for parcel in truth["fulfilments"])
    invoiced: dict[Signature, list[int]] = defaultdict(list)
    for position in invoices:
        invoiced[signature_of(sublist_items(invoice_items[position]))].append(position)
    for signature, positions in invoiced.items():
        if shipped.get(signature, 0) and len(positions) > shipped[signature]:
            records = [evidence.erp_records["invoice"][position] for position in positions]
            parcel = ", ".join(f"{count_text(q)} x {item}" for item, q in signature)
            findings.add(
                "repeated-invoice",
                truth["source_id"],
                f"{shipped[signature]} invoice(s) for the parcel [{parcel}]",
                f"{len(records)} invoices ({', '.join(str(r.get('id')) for r in records[:SHOWN])})",
                {"erp_records": [record_ref(evidence, "invoice", r) for r in records[:SHOWN]]} if findings.keeping else None,
            )


def _adjustment_units(
    evidence: Evidence, findings: Findings, source_id: str, moves: Sequence[Record], sublists: Sequence[Any]
) -> int:
    """An adjustment moving more units than its transaction's movements; returns how many adjustments it has.
    (``sublists``: every adjustment's ``inventory``, read by position: a record is built only to name it.)"""
    adjustments = evidence.positions("inventoryAdjustment")
    first = adjustment_eid(moves)
    if first is not None and first is not MIXED:
        position = adjustments.get(first)
        if position is None:
            return 0
        if _items_count(sublists[position]) <= len(moves):
            return 1  # the usual case: one adjustment, no more lines than movements
    expected: dict[str, int] = {}
    for move in moves:
        eid = move.get("adjustment_external_id")
        if eid is not None and move.get("erp_location") is not None:
            expected[eid] = expected.get(eid, 0) + abs(move["quantity"])
    found = 0
    for eid, units in expected.items():
        position = adjustments.get(eid)
        if position is None:
            continue
        found += 1
        moved = 0.0
        for line in sublist_items(sublists[position]):
            moved += abs(quantity(line.get("adjustQtyBy")))
        if moved > units:
            record = evidence.erp_records["inventoryAdjustment"][position]
            findings.add(
                "double-movement",
                source_id,
                f"{count_text(units)} unit(s) moved by inventoryAdjustment {eid}",
                f"{count_text(moved)} unit(s)",
                {"erp_record": record_ref(evidence, "inventoryAdjustment", record)} if findings.keeping else None,
            )
    return found


def _expected_erp_units(evidence: Evidence) -> dict[tuple[str, str], float]:
    expected: dict[tuple[str, str], float] = defaultdict(float)
    for truth in evidence.truth.transactions:
        for move in truth.get("stock") or ():
            if move.get("adjustment_external_id") and move.get("erp_location") is not None:
                expected[(str(move["erp_item"]), str(move["erp_location"]))] += abs(move["quantity"])
    return expected


def _unowned_adjustments(evidence: Evidence, findings: Findings) -> None:
    """Adjustments no transaction owns (no eid, or an unknown one) may double what the owned ones moved."""
    suspect = set(evidence.unowned_adjustment_positions)
    if not suspect:
        return
    records = evidence.erp_records["inventoryAdjustment"]
    moved: dict[tuple[str, str], float] = defaultdict(float)
    suspects: dict[tuple[str, str], list[Record]] = defaultdict(list)
    sublists = evidence.record_column("inventoryAdjustment", "inventory")  # as columns: no record is built
    headers = evidence.record_column("inventoryAdjustment", "adjLocation")
    for position, (sublist, header) in enumerate(zip(sublists, headers, strict=True)):
        for line in sublist.get("items") or () if type(sublist) is dict else ():
            key = (str(ref_id(line.get("item"))), str(ref_id(line.get("location") or header)))
            moved[key] += abs(quantity(line.get("adjustQtyBy")))
            if position in suspect:
                suspects[key].append(records[position])
    expected = _expected_erp_units(evidence)
    for key, records in suspects.items():
        if expected.get(key, 0.0) and moved[key] > expected[key]:
            findings.add(
                "double-movement",
                None,
                f"{count_text(expected[key])} unit(s) of item {key[0]} moved at ERP location {key[1]}",
                f"{count_text(moved[key])} unit(s), {len(records)} by adjustments no transaction owns",
                {"erp_records": [record_ref(evidence, "inventoryAdjustment", r) for r in records[:SHOWN]]}
                if findings.keeping
                else None,
            )


def _shop_adjustments(evidence: Evidence, findings: Findings) -> None:
    expected = evidence.shop_moves
    for level in evidence.shop_inventory:
        key = (str(level.get("sku")), _location(level.get("location_id")))
        moves = expected.get(key)
        if moves is None:
            continue  # stock that should not have moved at all is the stock check's business
        calls = units = 0
        vias, deltas = change_columns(level.get("changes", ()), ("via", ""), ("delta", 0))
        for via, delta in zip(vias, deltas, strict=True):  # columns: no dict per change
            if SHOP_ADJUST in via:
                calls += 1
                units += abs(int(delta))
        if calls > len(moves) or units > sum(map(abs, moves.quantities)):
            sources = sorted(set(moves.sources))
            findings.add(
                "double-movement",
                sources[0] if len(sources) == 1 else None,
                f"{len(moves)} adjust call(s), {sum(map(abs, moves.quantities))} unit(s) of {key[0]} at shop location {key[1]}",
                f"{calls} adjust call(s), {units} unit(s)",
                _shop_proof(evidence, sources[:SHOWN], level) if findings.keeping else None,
            )


def _location(value: object) -> object:
    """A shop location id as the truth writes it (an integer), whatever the evidence gives."""
    try:
        return int(str(value))
    except ValueError:
        return value


def _shop_proof(evidence: Evidence, sources: list[str], level: Record) -> Record:
    adjusts = [c for c in level.get("changes", ()) if SHOP_ADJUST in c.get("via", "")]
    return {
        "transactions": sources,
        "shop_journal_seqs": [evidence.shop_seq(c.get("request_id")) for c in adjusts[:SHOWN]],
        "changes": [{"at": c.get("at"), "delta": c.get("delta")} for c in adjusts[:SHOWN]],
    }


def _metrics(evidence: Evidence) -> dict[str, float]:
    redelivered = failed_attempts = 0
    deliveries = evidence.deliveries
    # held as columns: only the deliveries held whole were retried or failed (the rest went through at once)
    unusual = deliveries.held_whole if isinstance(deliveries, Deliveries) else deliveries
    for delivery in unusual:  # one pass over millions
        attempts = delivery.get("attempts", ())
        if len(attempts) > 1:
            redelivered += 1
            failed_attempts += sum(1 for a in attempts if not 200 <= int(a.get("status") or 0) < 300)
        elif len(attempts) == 1 and delivery.get("outcome") == "failed":
            failed_attempts += 1
    statuses = filter(partial(is_not, None), evidence.statuses("erp"))  # a missing status counts as 0
    erp_5xx = sum(map((500).__le__, map(int, statuses)))
    return {"deliveries_retried": redelivered, "delivery_attempts_failed": failed_attempts, "erp_5xx": erp_5xx}

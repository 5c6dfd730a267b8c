"""Fulfilment grouping: one sales order per web order, one invoice per parcel.

NewStore sends one ``fulfillment_request.items_completed`` event per line item; an
integration that posts per event creates an invoice (or worse, an order) per line, which
both misstates the sale and burns the ERP's rate limit at peak. For every posted web order:

* ``extra-sales-order``: more than one ``salesOrder`` for the order;
* ``missing-invoice``: no invoice ``INV-<fulfilment request id>`` for a parcel;
* ``wrong-type``: that eid posted as another record type;
* ``unlinked`` / ``wrong-link``: the invoice is not ``createdFrom`` the order's sales order;
* ``parcel-lines``: the invoice's quantities per item are not the parcel's;
* ``extra-invoice``: an invoice created from the sales order that is no parcel's
  (one per line item, or per event).
"""

from __future__ import annotations

from collections.abc import Callable

from harness.evidence import Evidence

from .base import (
    CheckResult,
    Findings,
    Record,
    SameLines,
    count_text,
    quantity,
    record_ref,
    ref_id,
    sale_lines,
    sublist_items,
)

NAME = "fulfilment"
TITLE = "Each web order is one sales order, invoiced once per parcel from that order"


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    checked = 0
    same_parcels = SameLines(_same_quantities)
    for truth in evidence.transactions_where(evidence.transaction_kinds, ("web_order",)):
        if truth["outcome"] != "erp":
            continue
        orders = evidence.record_positions("salesOrder", truth["source_id"])
        if not orders:
            continue  # missing: conservation's
        checked += 1
        if len(orders) > 1 or not _fine(evidence, truth, orders[0], same_parcels):
            _order(evidence, findings, truth, evidence.records("salesOrder", truth["source_id"]), same_parcels)
    return findings.result(NAME, TITLE, checked)


def _fine(evidence: Evidence, truth: Record, order: int, same_parcels: SameLines) -> bool:
    """The fast path, by position (no record is built): the order's one sales order (at ``order``) has one
    invoice per parcel, created from it with the parcel's lines, and no other invoice."""
    order_id = str(evidence.record_cell("salesOrder", order, "id"))
    found: set[int] = set()
    for parcel in truth.get("fulfilments") or ():
        invoices = evidence.record_positions("invoice", parcel["external_id"])
        if len(invoices) != 1:
            return False
        invoice = invoices[0]
        if ref_id(evidence.record_cell("invoice", invoice, "createdFrom")) != order_id:
            return False
        if not same_parcels(parcel["lines"], sublist_items(evidence.record_cell("invoice", invoice, "item"))):
            return False
        found.add(invoice)
    return all(t != "invoice" or p in found for t, p in evidence.derived_positions(order_id))


def _same_quantities(parcel: list[Record], invoice: list[Record]) -> bool:
    return _quantities(parcel, "item") == _quantities(invoice, "item")


def _order(evidence: Evidence, findings: Findings, truth: Record, orders: list[Record], same_parcels: SameLines) -> None:
    source_id = truth["source_id"]
    if len(orders) > 1:
        findings.add(
            "extra-sales-order",
            source_id,
            f"one salesOrder for {source_id}",
            f"{len(orders)} ({', '.join(str(o.get('id')) for o in orders)})",
            {"erp_records": [record_ref(evidence, "salesOrder", o) for o in orders]} if findings.keeping else None,
        )
    order_ids = {str(o.get("id")) for o in orders}
    matched: set[str] = set()  # internal ids of the invoices a parcel found (records are rebuilt on each read: no id())
    for parcel in truth.get("fulfilments") or ():
        eid = parcel["external_id"]
        invoices = evidence.records("invoice", eid)
        if not invoices:
            others = [(t, r) for t, r in evidence.any_records(eid) if t != "invoice"]
            if others:
                findings.add(
                    "wrong-type",
                    source_id,
                    f"{eid} as an invoice",
                    ", ".join(f"{t} {r.get('id')}" for t, r in others),
                    {"erp_records": [record_ref(evidence, t, r) for t, r in others]} if findings.keeping else None,
                )
            else:
                findings.add(
                    "missing-invoice",
                    source_id,
                    f"invoice {eid} for the parcel {_parcel(parcel['lines'], 'item')}",
                    "no invoice",
                    {"erp_requests": evidence.requests_for_eid(eid)} if findings.keeping else None,
                )
            continue
        invoice = invoices[0]
        matched.update(str(i.get("id")) for i in invoices)
        proof = _invoice_proof(evidence, invoice)
        parent = ref_id(invoice.get("createdFrom"))
        if parent is None:
            findings.add("unlinked", source_id, f"{eid} createdFrom salesOrder {min(order_ids)}", "no createdFrom", proof)
        elif parent not in order_ids:
            findings.add(
                "wrong-link", source_id, f"{eid} createdFrom salesOrder {min(order_ids)}", f"createdFrom {parent}", proof
            )
        if not same_parcels(parcel["lines"], sale_lines(invoice)):
            want, got = _quantities(parcel["lines"], "item"), _quantities(sale_lines(invoice), "item")
            findings.add("parcel-lines", source_id, f"{eid}: {_text(want)}", _text(got), proof)
    for order in orders:
        for record_type, record in evidence.derived_from(str(order.get("id"))):
            if record_type == "invoice" and str(record.get("id")) not in matched:
                findings.add(
                    "extra-invoice",
                    source_id,
                    f"{len(truth.get('fulfilments') or ())} invoice(s), one per parcel",
                    f"invoice {record.get('id')} ({_text(_quantities(sale_lines(record), 'item'))}) that is no parcel's",
                    {"erp_record": record_ref(evidence, "invoice", record)} if findings.keeping else None,
                )


def _invoice_proof(evidence: Evidence, invoice: Record) -> Callable[[], Record]:
    def proof() -> Record:
        return {"erp_record": record_ref(evidence, "invoice", invoice)}

    return proof


def _quantities(lines: list[Record], item_key: str) -> dict[str, float]:
    per_item: dict[str, float] = {}
    for line in lines:
        item = line.get(item_key)
        key = str(ref_id(item) if isinstance(item, dict) else item)
        per_item[key] = per_item.get(key, 0.0) + quantity(line.get("quantity"))
    return per_item


def _text(per_item: dict[str, float]) -> str:
    return ", ".join(f"{count_text(q)} x item {item}" for item, q in sorted(per_item.items())) or "no lines"


def _parcel(lines: list[Record], item_key: str) -> str:
    return f"[{_text(_quantities(lines, item_key))}]"

"""Returns: a credit is linked to the sale it reverses, and a gift return is never posted.

A return that cannot be linked to its original order (in another store, weeks later) is
the classic month-end orphan; a gift return has no order at all and must go to a person
(the exception queue), not become a free-floating credit. For every return and refund:

* ``not-credit-memo``: posted as another record type than a ``creditMemo``;
* ``unlinked``: the credit memo has no ``createdFrom``;
* ``wrong-link``: ``createdFrom`` is not the ERP record of the original sale;
* ``original-missing``: the original sale is not in the ERP, so the credit cannot be linked;

and for every gift return:

* ``gift-return-posted``: any ERP record (or stock adjustment) for it;
* ``gift-return-not-reported``: no exception report for it.
"""

from __future__ import annotations

from harness.evidence import SALE_TYPES, Evidence

from .base import CheckResult, Findings, Record, expected_record, record_ref, ref_id

NAME = "returns"
TITLE = "Returns are credit memos created from their original sale; gift returns go to the exception queue"
RETURN_KINDS = ("return", "sitoo_refund")
JUDGED_KINDS = frozenset({*RETURN_KINDS, "gift_return"})


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    checked = 0
    for truth in evidence.transactions_where(evidence.transaction_kinds, JUDGED_KINDS):
        kind = truth["transaction"]
        if kind in RETURN_KINDS and truth["outcome"] == "erp" and truth.get("record"):
            checked += 1
            if not _fine(evidence, truth["record"]):
                _linked(evidence, findings, truth["source_id"], truth["record"])
        elif kind == "gift_return":
            checked += 1
            _gift(evidence, findings, truth)
    return findings.result(NAME, TITLE, checked)


def _fine(evidence: Evidence, expected: Record) -> bool:
    """The fast path, by position (no record is built): a credit memo, as the truth expects, created from the
    ERP record of its original sale."""
    if expected["record_type"] != "creditMemo":
        return False
    position = evidence.positions("creditMemo").get(expected["external_id"])
    if position is None:
        return False
    original_eid = expected.get("created_from")
    if original_eid is None:
        return True
    pointed = ref_id(evidence.record_cell("creditMemo", position, "createdFrom"))
    return pointed is not None and any(
        str(evidence.record_cell(t, p, "id")) == pointed for t in SALE_TYPES for p in evidence.record_positions(t, original_eid)
    )


def _linked(evidence: Evidence, findings: Findings, source_id: str, expected: Record) -> None:
    found = expected_record(evidence, expected)
    if found is None:
        return  # missing: conservation's
    record_type, record = found

    def proof() -> Record:
        found = {"erp_record": record_ref(evidence, record_type, record)}
        target = evidence.record_by_id(ref_id(record.get("createdFrom")))
        if target is not None:
            found["created_from_record"] = record_ref(evidence, target[0], target[1])
        return found

    if record_type != "creditMemo":
        findings.add("not-credit-memo", source_id, f"{expected['external_id']} as a creditMemo", f"a {record_type}", proof)
    original_eid = expected.get("created_from")
    if original_eid is None:
        return
    originals = [(t, r) for t in SALE_TYPES for r in evidence.records(t, original_eid)]
    pointed = ref_id(record.get("createdFrom"))
    if not originals:
        findings.add(
            "original-missing",
            source_id,
            f"createdFrom the ERP record of {original_eid}",
            f"no ERP sale for {original_eid} (createdFrom {pointed})",
            proof,
        )
        return
    if pointed is None:
        findings.add(
            "unlinked",
            source_id,
            f"createdFrom {originals[0][0]} {originals[0][1].get('id')} ({original_eid})",
            "no createdFrom",
            proof,
        )
        return
    if any(str(r.get("id")) == pointed for _, r in originals):
        return
    target = evidence.record_by_id(pointed)
    names = f"{target[0]} {pointed} ({evidence.record_key(target[1])})" if target else f"{pointed}, which the ERP does not hold"
    findings.add(
        "wrong-link",
        source_id,
        f"createdFrom {originals[0][0]} {originals[0][1].get('id')} ({original_eid})",
        f"createdFrom {names}",
        proof,
    )


def _gift(evidence: Evidence, findings: Findings, truth: Record) -> None:
    source_id = truth["source_id"]
    posted = evidence.any_records(source_id)
    posted += [("inventoryAdjustment", r) for r in evidence.records("inventoryAdjustment", f"STOCK-{source_id}")]
    if posted:
        findings.add(
            "gift-return-posted",
            source_id,
            "no ERP record (a gift return has no order to credit)",
            ", ".join(f"{t} {r.get('id')}" for t, r in posted),
            {"erp_records": [record_ref(evidence, t, r) for t, r in posted], **evidence.traffic_ref(truth)}
            if findings.keeping
            else None,
        )
    if not evidence.reports(source_id):
        findings.add(
            "gift-return-not-reported",
            source_id,
            "an exception report (field order_id)",
            "no report",
            evidence.traffic_ref(truth) if findings.keeping else None,
        )

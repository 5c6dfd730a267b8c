"""Conservation: every source transaction ends up in exactly one place, exactly once.

The first question finance asks at month-end: did every sale arrive, and nothing else?
For each transaction the ground truth says where it belongs: in the ERP (a sale, invoice
or credit memo attributed to its source id: by ``externalId``, else ``otherRefNum`` or
``memo``) or in the exception queue (a report whose ``source_id`` is its id). Anything
else is a discrepancy:

* ``missing``: in neither place;
* ``duplicate``: more than one ERP record, or more than one report, for one transaction;
* ``misrouted``: posted when it should have been reported, or the other way round;
* ``double-handled``: both posted and reported;
* ``phantom``: a sale, invoice or credit memo, or a report, that no transaction (nor any
  web order's fulfilment) explains.

Cancelled web orders (outcome ``none``) are :mod:`.ghost_orders`' business, journals
:mod:`.daily_journal`'s; records derived by a transformation (a fulfilment invoice) are
judged by :mod:`.fulfilment`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import compress, repeat
from operator import eq, gt, ne

from harness.evidence import MAIN_TYPES, Evidence

from .base import CheckResult, Findings, Record, record_ref, ref_id

NAME = "conservation"
TITLE = "Every transaction is in the ERP exactly once, or reported as an exception exactly once"


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    main, reports, sids, outcomes = evidence.main_keys(), evidence.reports_by_source, evidence.source_ids, evidence.outcomes
    # the one pass over the (large) index: columns from here on, a byte per transaction (1: true), not a pointer
    in_main = bytes(map(main.__contains__, sids))
    judged = bytes(map(ne, outcomes, repeat("none")))
    handled = sum(judged)
    reported = list(filter(reports.__contains__, compress(sids, judged)))
    matched_reports = sum(len(reports[source_id]) for source_id in reported)
    suspects = _suspects(evidence, in_main, reports)
    if suspects:
        for truth in evidence.transactions_where(sids, suspects):
            outcome = truth["outcome"]
            if outcome != "none":
                _judge_one(evidence, findings, truth, outcome)
    parcels = sum(parcel["external_id"] in main for truth in evidence.with_fulfilments for parcel in truth["fulfilments"])
    if sum(in_main) + parcels < len(main):  # some key no transaction explains
        _phantom_records(evidence, findings)
    journal_reports = sum(len(reports.get(eid, ())) for eid in evidence.journal_ids)
    _phantom_rest(evidence, findings, all_reports_matched=matched_reports + journal_reports == len(evidence.exceptions))
    in_erp = sum(compress(in_main, judged))
    return findings.result(NAME, TITLE, handled, {"in_erp": in_erp, "reported": len(reported)})


def _suspects(evidence: Evidence, in_main: bytes, reports: Mapping[str, list[Record]]) -> set[str]:
    """Ids of transactions that may not be in their one place exactly once (found at C speed: a superset)."""
    sids, outcomes = evidence.source_ids, evidence.outcomes
    erp = bytes(map(eq, outcomes, repeat("erp")))
    suspects = set(compress(sids, map(gt, erp, in_main)))  # to be posted, and not
    suspects.update(filter(evidence.repeated_main_keys().__contains__, compress(sids, erp)))  # posted more than once
    suspects.update(filter(reports.__contains__, compress(sids, erp)))  # also reported
    main = evidence.main_keys()
    for source_id in compress(sids, map(eq, outcomes, repeat("exception"))):
        if len(reports.get(source_id, ())) != 1 or source_id in main:
            suspects.add(source_id)
    return suspects


def _judge_one(evidence: Evidence, findings: Findings, truth: Record, outcome: str) -> None:
    source_id = truth["source_id"]
    posted = evidence.main_count(source_id)
    reported = len(evidence.reports(source_id))
    if (posted == 1 and not reported and outcome == "erp") or (reported == 1 and not posted and outcome == "exception"):
        return
    problem = _judge(outcome, posted, reported)
    if problem is not None:
        kind, found = problem
        findings.add(kind, source_id, _wanted(truth), found, _missing_proof(evidence, truth))


def _missing_proof(evidence: Evidence, truth: Record) -> Callable[[], Record]:
    def proof() -> Record:
        source_id = truth["source_id"]
        return {
            "order_id": truth.get("order_id"),
            "transaction": truth.get("transaction"),
            **evidence.traffic_ref(truth),
            "erp_records": [record_ref(evidence, rt, rec) for rt, rec in evidence.main_records(source_id)],
            "erp_requests": evidence.requests_for_eid(source_id),
            "exception_reports": [_report_ref(x) for x in evidence.reports(source_id)],
        }

    return proof


def _wanted(truth: Record) -> str:
    if truth["outcome"] == "erp":
        record = truth.get("record") or {}
        return f"one ERP {record.get('record_type', 'record')} {record.get('external_id', truth['source_id'])}"
    exception = truth.get("exception")
    if exception:
        return f"one exception report ({exception['field']} {exception['value']!r} has no mapping)"
    return "one exception report"


def _judge(outcome: str, posted: int, reported: int) -> tuple[str, str] | None:
    if posted and reported:
        return "double-handled", f"{posted} ERP record(s) and {reported} exception report(s)"
    if posted > 1:
        return "duplicate", f"{posted} ERP records"
    if reported > 1:
        return "duplicate", f"{reported} exception reports"
    if not posted and not reported:
        return "missing", "neither an ERP record nor an exception report"
    if outcome == "erp" and reported:
        return "misrouted", "an exception report instead of an ERP record"
    if outcome == "exception" and posted:
        return "misrouted", "an ERP record, though it should have been reported"
    return None


def _report_ref(report: Record) -> Record:
    return {"id": report.get("id"), "field": report.get("field"), "value": report.get("value"), "reason": report.get("reason")}


def _phantom_records(evidence: Evidence, findings: Findings) -> None:
    """Sales, invoices and credit memos attributed to a key no transaction explains."""
    owner_of = evidence.owner_of
    for key in evidence.main_keys():
        if owner_of(key) is not None:
            continue
        for record_type, record in evidence.main_records(key):
            findings.add(
                "phantom",
                key,
                "no ERP record",
                f"{record_type} {record.get('id')} that no transaction explains",
                _proof(evidence, findings, record_type, record),
            )


def _phantom_rest(evidence: Evidence, findings: Findings, all_reports_matched: bool) -> None:
    """Records no key attributes, records created from records the ERP does not hold, reports for unknown ids."""
    for record_type, record in evidence.unattributed():
        if record_type in MAIN_TYPES:
            findings.add(
                "phantom",
                None,
                "no ERP record",
                f"{record_type} {record.get('id')} with no externalId, otherRefNum or memo naming a transaction",
                _proof(evidence, findings, record_type, record),
            )
    for record_type, record in evidence.orphans():
        if record_type in MAIN_TYPES:
            findings.add(
                "phantom",
                None,
                "no ERP record",
                f"{record_type} {record.get('id')} created from {ref_id(record.get('createdFrom'))}, which the ERP does not hold",
                _proof(evidence, findings, record_type, record),
            )
    if all_reports_matched:
        return
    for source_id, reports in evidence.reports_by_source.items():
        if evidence.owner_of(source_id) is None:
            findings.add(
                "phantom",
                source_id,
                "no exception report",
                f"{len(reports)} report(s) for an unknown source id",
                {"exception_reports": [_report_ref(r) for r in reports]},
            )


def _proof(evidence: Evidence, findings: Findings, record_type: str, record: Record) -> Record | None:
    return {"erp_records": [record_ref(evidence, record_type, record)]} if findings.keeping else None

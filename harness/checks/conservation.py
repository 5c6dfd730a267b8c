"""Conservation: every source transaction ends up in exactly one place, exactly once.

For each sale the ground truth says where it belongs: in the ERP (as a record whose
``externalId`` is the sale's id) or in the exception queue (a report whose
``source_id`` is the sale's id). Anything else is a discrepancy:

* ``missing``: in neither place;
* ``duplicate``: more than one ERP record, or more than one report, for one sale;
* ``misrouted``: posted when it should have been reported, or the other way round;
* ``double-handled``: both posted and reported;
* ``phantom``: an ERP record or report that no source transaction explains.

An ERP record without ``externalId`` is attributed through ``otherRefNum`` so that a
duplicate created by a non-idempotent POST is named, not just counted as a phantom.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from harness.evidence import Evidence

from .base import CheckResult, Discrepancy

NAME = "conservation"
TITLE = "Every sale is in the ERP exactly once, or reported as an exception exactly once"


def _record_key(record: dict[str, Any]) -> str | None:
    key = record.get("externalId") or record.get("otherRefNum")
    return str(key) if key else None


def _record_evidence(evidence: Evidence, record_type: str, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": record_type,
        "id": record.get("id"),
        "externalId": record.get("externalId"),
        "otherRefNum": record.get("otherRefNum"),
        "journal_seqs": evidence.requests_for_record(record_type, str(record.get("id"))),
    }


def check(evidence: Evidence) -> CheckResult:
    records: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for record_type, record in evidence.sale_records():
        records[_record_key(record)].append(_record_evidence(evidence, record_type, record))
    reports: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for report in evidence.exceptions:
        reports[str(report.get("source_id"))].append(
            {"id": report.get("id"), "reason": report.get("reason"), "field": report.get("field")}
        )
    found: list[Discrepancy] = []
    counts = {"in_erp": 0, "reported": 0}
    for entry in evidence.truth.entries:
        posted, reported = records.get(entry.source_id, []), reports.get(entry.source_id, [])
        where = {"erp_records": posted, "exception_reports": reported}
        counts["in_erp"] += bool(posted)
        counts["reported"] += bool(reported)
        wanted = (
            "in the ERP once"
            if entry.outcome == "erp"
            else (
                f"reported once as an exception ({entry.exception.field} {entry.exception.value!r} has no mapping)"
                if entry.exception
                else "reported once as an exception"
            )
        )
        problem = _judge(entry.outcome, len(posted), len(reported))
        if problem is not None:
            kind, found_text = problem
            found.append(Discrepancy(kind, entry.source_id, wanted, found_text, {"order_id": entry.order_id, **where}))
    known = {e.source_id for e in evidence.truth.entries}
    for key, items in records.items():
        if key not in known:
            for item in items:
                found.append(
                    Discrepancy(
                        "phantom",
                        key,
                        "no ERP record",
                        f"{item['type']} {item['id']} that no sale explains",
                        {"erp_records": [item]},
                    )
                )
    for key, items in reports.items():
        if key not in known:
            found.append(
                Discrepancy(
                    "phantom",
                    key,
                    "no exception report",
                    f"{len(items)} report(s) for an unknown sale",
                    {"exception_reports": items},
                )
            )
    by_kind: dict[str, int] = defaultdict(int)
    for d in found:
        by_kind[d.kind] += 1
    return CheckResult(NAME, TITLE, len(evidence.truth.entries), found, {**counts, **by_kind})


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

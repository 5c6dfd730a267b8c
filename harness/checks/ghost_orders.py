"""Ghost orders: a web order whose payment failed or that was cancelled leaves nothing behind.

An integration that posts on ``order.created`` rather than once the payment is captured
books revenue that never happened (and moves stock that never left); because
``order.cancelled`` may arrive before ``order.created``, even a careful one can resurrect
a cancelled order. For every transaction with outcome ``none``:

* ``ghost-record``: an ERP record of any type attributed to its id (``externalId``,
  ``otherRefNum``, memo), or a stock adjustment ``STOCK-<id>``;
* ``ghost-report``: an exception report for it (nothing went wrong: there is nothing to report).
"""

from __future__ import annotations

from harness.evidence import Evidence

from .base import CheckResult, Findings, record_ref

NAME = "ghost_orders"
TITLE = "Cancelled and unpaid web orders leave no ERP record"


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    cancelled = evidence.transactions_where(evidence.outcomes, ("none",))
    for truth in cancelled:
        source_id = truth["source_id"]
        posted = evidence.any_records(source_id)
        posted += [("inventoryAdjustment", r) for r in evidence.records("inventoryAdjustment", f"STOCK-{source_id}")]
        if posted:
            findings.add(
                "ghost-record",
                source_id,
                "no ERP record (the order was cancelled or never paid)",
                ", ".join(f"{t} {r.get('id')}" for t, r in posted),
                {
                    "order_id": truth.get("order_id"),
                    **evidence.traffic_ref(truth),
                    "erp_records": [record_ref(evidence, t, r) for t, r in posted],
                }
                if findings.keeping
                else None,
            )
        reports = evidence.reports(source_id)
        if reports:
            findings.add(
                "ghost-report",
                source_id,
                "no exception report (nothing to post)",
                f"{len(reports)} report(s): {reports[0].get('reason')}",
                {"exception_reports": [r.get("id") for r in reports]} if findings.keeping else None,
            )
    return findings.result(NAME, TITLE, len(cancelled))

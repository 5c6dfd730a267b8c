"""Daily journal: one balanced journal entry per store and business day, matching the Z-report.

The store day close is what finance reconciles against the bank: the journal must hold
each tender's takings on its own account, net sales and VAT, balance, and never park an
unmappable amount on the suspense account (where it hides until the auditors find it).
For every store day the truth expects:

* ``missing`` / ``duplicate``: the entry ``Z-<store>-<day>`` is absent or there twice;
* ``unbalanced``: its debits and credits differ;
* ``account``: an account's debit or credit is not the truth's (tenders by payment method);
* ``subsidiary`` / ``currency`` / ``tran-date`` / ``line-location``: its header or lines;
* ``posted`` / ``not-reported``: a day that should have gone to the exception queue;

and anywhere in the ERP:

* ``suspense``: any journal line or inventory adjustment on a suspense account;
* ``phantom``: a journal entry no store day explains.
"""

from __future__ import annotations

from collections.abc import Callable

from harness.evidence import Evidence, journal_eid

from .base import CheckResult, Findings, Record, cents, record_ref, ref_id

NAME = "daily_journal"
TITLE = "One balanced journal entry per store day, equal to the Z-report, nothing on suspense"


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    for journal in evidence.truth.journals:
        _day(evidence, findings, journal)
    _suspense(evidence, findings)
    for key in evidence.by_key("journalEntry"):
        if key not in evidence.journal_ids:
            for entry in evidence.records("journalEntry", key):
                findings.add(
                    "phantom",
                    key,
                    "no journal entry",
                    f"journalEntry {entry.get('id')} that no store day explains",
                    {"erp_record": record_ref(evidence, "journalEntry", entry)} if findings.keeping else None,
                )
    return findings.result(NAME, TITLE, len(evidence.truth.journals))


def _day(evidence: Evidence, findings: Findings, journal: Record) -> None:
    eid = journal_eid(journal)
    entries = evidence.records("journalEntry", eid)
    traffic = evidence.traffic_ref(journal)
    if journal["outcome"] == "exception":
        if entries:
            findings.add(
                "posted",
                eid,
                "an exception report, no journal entry",
                f"journalEntry {entries[0].get('id')}",
                {"erp_record": record_ref(evidence, "journalEntry", entries[0]), **traffic} if findings.keeping else None,
            )
        if not evidence.reports(eid):
            findings.add("not-reported", eid, "one exception report", "none", traffic)
        return
    if not entries:
        findings.add(
            "missing",
            eid,
            f"journalEntry {eid}",
            "none",
            {"erp_requests": evidence.requests_for_eid(eid, "journalEntry"), **traffic} if findings.keeping else None,
        )
        return
    entry = entries[0]

    def proof() -> Record:
        return {"erp_record": record_ref(evidence, "journalEntry", entry), **traffic}

    if len(entries) > 1:
        findings.add("duplicate", eid, f"one journalEntry {eid}", f"{len(entries)} journal entries", proof)
    lines = entry.get("line", {}).get("items", [])
    debits = sum(cents(line.get("debit")) for line in lines)
    credits = sum(cents(line.get("credit")) for line in lines)
    if debits != credits:
        findings.add("unbalanced", eid, "debits = credits", f"debits {debits / 100:.2f}, credits {credits / 100:.2f}", proof)
    _accounts(findings, eid, journal.get("lines", []), lines, proof)
    _header(findings, eid, journal.get("record") or {}, entry, lines, proof)


def _accounts(findings: Findings, eid: str, expected: list[Record], lines: list[Record], proof: Callable[[], Record]) -> None:
    want: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for line in expected:
        sides = want.setdefault(str(line["account"]), [0, 0])
        sides[0] += cents(line.get("debit"))
        sides[1] += cents(line.get("credit"))
        if line.get("memo"):
            names[str(line["account"])] = str(line["memo"])
    got: dict[str, list[int]] = {}
    for line in lines:
        sides = got.setdefault(str(ref_id(line.get("account"))), [0, 0])
        sides[0] += cents(line.get("debit"))
        sides[1] += cents(line.get("credit"))
    for account in sorted(want.keys() | got.keys()):
        expected_sides, found_sides = want.get(account, [0, 0]), got.get(account, [0, 0])
        if expected_sides != found_sides:
            label = f"account {account}" + (f" ({names[account]})" if account in names else "")
            findings.add("account", eid, f"{label}: {_sides(expected_sides)}", _sides(found_sides), proof)


def _sides(sides: list[int]) -> str:
    return f"debit {sides[0] / 100:.2f}, credit {sides[1] / 100:.2f}"


def _header(
    findings: Findings, eid: str, expected: Record, entry: Record, lines: list[Record], proof: Callable[[], Record]
) -> None:
    for truth_field, erp_field, kind in (("subsidiary", "subsidiary", "subsidiary"), ("currency", "currency", "currency")):
        want = expected.get(truth_field)
        if want is not None and ref_id(entry.get(erp_field)) != want:
            findings.add(kind, eid, f"{erp_field} {want}", f"{erp_field} {ref_id(entry.get(erp_field))}", proof)
    day = expected.get("tran_date")
    if day is not None and entry.get("tranDate") != day:
        findings.add("tran-date", eid, f"tranDate {day}", f"tranDate {entry.get('tranDate')}", proof)
    location = expected.get("location")
    if location is not None:
        wrong = sorted({str(ref_id(line.get("location"))) for line in lines if ref_id(line.get("location")) != location})
        if wrong:
            findings.add("line-location", eid, f"every line at location {location}", f"lines at {', '.join(wrong)}", proof)


def _suspense(evidence: Evidence, findings: Findings) -> None:
    suspense = evidence.suspense_accounts
    for entry in evidence.erp_records.get("journalEntry", []):
        for line in entry.get("line", {}).get("items", []):
            account = ref_id(line.get("account"))
            if account in suspense:
                key = evidence.record_key(entry)
                findings.add(
                    "suspense",
                    key,
                    "nothing on the suspense account",
                    f"journalEntry {entry.get('id')} posts debit {line.get('debit')} / credit {line.get('credit')} "
                    f"to account {account} ({line.get('memo') or 'no memo'})",
                    {"erp_record": record_ref(evidence, "journalEntry", entry)} if findings.keeping else None,
                )
    accounts = evidence.record_column("inventoryAdjustment", "account")  # as a column: no record is built
    for position, account_ref in enumerate(accounts):
        account = ref_id(account_ref)
        if account in suspense:
            adjustment = evidence.erp_records["inventoryAdjustment"][position]
            key = evidence.record_key(adjustment)
            findings.add(
                "suspense",
                evidence.owner_of(key) or key,
                "nothing on the suspense account",
                f"inventoryAdjustment {adjustment.get('id')} on account {account}",
                {"erp_record": record_ref(evidence, "inventoryAdjustment", adjustment)} if findings.keeping else None,
            )

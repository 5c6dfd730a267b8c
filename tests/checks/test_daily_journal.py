"""Daily journal: one balanced entry per store day, equal to the Z-report, nothing on suspense."""

from __future__ import annotations

from harness.checks import daily_journal
from tests.checks.builders import DAY, Story, everything, evidence_of, find, kinds

EID = f"Z-MAN02-{DAY}"


def test_passes_when_the_store_day_is_posted_as_the_z_report_says() -> None:
    result = daily_journal.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.checked == 1


def test_a_tender_parked_on_suspense_is_named() -> None:
    evidence = evidence_of(everything())
    lines = find(evidence, "journalEntry", EID)["line"]["items"]
    card = next(line for line in lines if line["memo"] == "tender:card")
    card["account"] = {"id": "9999"}
    result = daily_journal.check(evidence)
    assert kinds(result) == {EID: {"suspense", "account"}}
    accounts = {d.expected: d.found for d in result.discrepancies if d.kind == "account"}
    assert accounts["account 1200 (tender:card): debit 24.00, credit 0.00"] == "debit 0.00, credit 0.00"


def test_an_unbalanced_and_a_missing_day() -> None:
    story = everything()
    story.day_close("LEE01", {"card": "12.00"}, net="10.00", vat="2.00")
    evidence = evidence_of(story)
    evidence.erp_records["journalEntry"].remove(find(evidence, "journalEntry", f"Z-LEE01-{DAY}"))
    find(evidence, "journalEntry", EID)["line"]["items"][-1]["credit"] = 21.0  # VAT
    result = daily_journal.check(evidence)
    assert kinds(result) == {f"Z-LEE01-{DAY}": {"missing"}, EID: {"unbalanced", "account"}}


def test_a_day_that_should_have_been_reported_but_was_posted() -> None:
    story = Story()
    story.day_close("LEE01", {"klarna": "12.00"}, net="10.00", vat="2.00", outcome="exception")
    evidence = evidence_of(story)
    evidence.exceptions.clear()
    evidence.erp_records["journalEntry"] = [{"id": "9001", "externalId": f"Z-LEE01-{DAY}", "line": {"items": []}}]
    assert kinds(daily_journal.check(evidence)) == {f"Z-LEE01-{DAY}": {"posted", "not-reported"}}

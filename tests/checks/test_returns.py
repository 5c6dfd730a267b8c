"""Returns: credit memos created from the original sale; gift returns never posted."""

from __future__ import annotations

from harness.checks import returns
from tests.checks.builders import everything, evidence_of, find, kinds


def test_passes_when_returns_link_to_their_sales_and_gift_returns_are_reported() -> None:
    result = returns.check(evidence_of(everything()))
    assert result.passed, result.discrepancies
    assert result.checked == 3


def test_a_credit_memo_created_from_the_wrong_sale_names_both() -> None:
    evidence = evidence_of(everything())
    other = find(evidence, "salesOrder", "LEE01-T1-000002")
    find(evidence, "creditMemo", "RET-R1")["createdFrom"] = {"id": other["id"]}
    result = returns.check(evidence)
    assert kinds(result) == {"RET-R1": {"wrong-link"}}
    assert "LEE01-T1-000002" in result.discrepancies[0].found
    assert result.discrepancies[0].evidence["created_from_record"]["externalId"] == "LEE01-T1-000002"


def test_an_unlinked_refund_and_a_refund_posted_as_a_sale() -> None:
    evidence = evidence_of(everything())
    del find(evidence, "creditMemo", "RET-R1")["createdFrom"]
    refund = find(evidence, "creditMemo", "SITOO-502")
    evidence.erp_records["creditMemo"].remove(refund)
    evidence.erp_records["cashSale"].append(refund)
    assert kinds(returns.check(evidence)) == {"RET-R1": {"unlinked"}, "SITOO-502": {"not-credit-memo"}}


def test_a_gift_return_posted_as_a_credit_is_named() -> None:
    evidence = evidence_of(everything())
    evidence.exceptions = [r for r in evidence.exceptions if r["source_id"] != "RET-G1"]
    evidence.erp_records["creditMemo"].append({"id": "9001", "externalId": "RET-G1", "item": {"items": []}})
    assert kinds(returns.check(evidence)) == {"RET-G1": {"gift-return-posted", "gift-return-not-reported"}}

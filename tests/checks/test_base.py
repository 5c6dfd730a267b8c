"""What every check shares: the capped findings and the result's serialisation."""

from __future__ import annotations

from harness.checks.base import Findings, money, percentile


def test_findings_keep_the_first_ones_and_count_all() -> None:
    findings = Findings(cap=3)
    for n in range(10):
        findings.add("missing" if n % 2 else "duplicate", f"S{n}", "x", "y")
    result = findings.result("demo", "Demo", 10, counts={"in_erp": 4}, metrics={"p95": 1.5})
    assert [d.source_id for d in result.discrepancies] == ["S0", "S1", "S2"]
    assert result.counts == {"in_erp": 4, "duplicate": 5, "missing": 5}
    assert result.omitted == 7
    assert not result.passed
    assert result.to_dict()["metrics"] == {"p95": 1.5}
    assert result.to_dict()["omitted"] == 7


def test_money_compares_as_two_decimal_strings() -> None:
    assert money(8.33) == "8.33"
    assert money(10) == "10.00"
    assert money("8.335") == "8.34"
    assert money(None) is None


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([], 0.95) == 0.0

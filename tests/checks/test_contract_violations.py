"""Contract violations: every rejected request, with simulator, seq, method, path, status and note."""

from __future__ import annotations

from harness.checks import contract_violations
from tests.checks.builders import everything, evidence_of, kinds


def test_passes_when_no_simulator_rejected_anything() -> None:
    result = contract_violations.check(evidence_of(everything()))
    assert result.passed, result.discrepancies


def test_each_rejected_request_is_listed_with_its_note() -> None:
    evidence = evidence_of(everything())
    evidence.journals["erp"].append(
        {
            "seq": 77,
            "method": "PUT",
            "path": "/services/rest/record/v1/cashSale/eid:SITOO-501",
            "status": 400,
            "notes": ["rejected: INVALID_FLD_VALUE: Invalid Field Value 99 for the following field: location"],
        }
    )
    evidence.journals["exceptions"].append(
        {"seq": 3, "method": "POST", "path": "/exceptions", "status": 400, "notes": ["rejected: invalid exception report"]}
    )
    evidence.journals["sitoo"].append({"seq": 5, "method": "GET", "path": "/x", "status": 200, "notes": ["fault: latency 20 ms"]})
    result = contract_violations.check(evidence)
    assert kinds(result) == {"SITOO-501": {"rejected"}, None: {"rejected"}}
    erp = next(d for d in result.discrepancies if d.source_id == "SITOO-501")
    assert erp.evidence["request"] == {
        "simulator": "erp",
        "seq": 77,
        "method": "PUT",
        "path": "/services/rest/record/v1/cashSale/eid:SITOO-501",
        "status": 400,
    }
    assert result.counts == {"erp_rejected": 1, "exceptions_rejected": 1, "rejected": 2}

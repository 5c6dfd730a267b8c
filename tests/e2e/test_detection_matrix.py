"""The detection matrix: every faulty variant is caught by its check, the reference by none.

Runs the whole bank (``pos-harness selftest``'s engine) against real integration
processes and catalogue scenarios. Slow (a few minutes): marked so, and run in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from examples.reference_integration.variants import VARIANTS
from harness.checks import ALL_CHECKS
from harness.selftest import REFERENCE, render_matrix, run_selftest, summary_line

pytestmark = pytest.mark.e2e


def test_variant_table_names_real_scenarios_and_checks() -> None:
    from scenarios.catalogue import list_scenarios

    scenarios = set(list_scenarios())
    bugs = [v for v in VARIANTS.values() if v.name != REFERENCE]
    assert len(bugs) >= 15
    for variant in bugs:
        assert variant.exposed_by, variant.name
        assert set(variant.exposed_by) <= scenarios, variant.name
        assert variant.caught_by in ALL_CHECKS, variant.name


@pytest.mark.slow
def test_every_variant_is_caught_and_the_reference_passes(tmp_path: Path) -> None:
    result = run_selftest(workers=3, out_root=tmp_path)  # runs wait on the integration more than they compute
    report = render_matrix(result, list(ALL_CHECKS)) + "\n" + summary_line(result)
    print(report)
    problems = [
        f"{o.job.variant} on {o.job.scenario}: {o.error or ('did not settle' if o.unsettled else sorted(o.failed_checks))}"
        for o in result.outcomes
        if o.job.variant == REFERENCE and not o.passed
    ]
    problems += [
        f"{v.name} escaped {v.caught_by}: "
        + "; ".join(f"{o.job.scenario} failed {sorted(o.failed_checks)}" for o in result.for_variant(v.name))
        for v in result.escaped
    ]
    assert result.ok, report + "\n" + "\n".join(problems)

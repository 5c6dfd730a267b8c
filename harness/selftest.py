"""``pos-harness selftest``: prove that the harness catches the bugs it claims to catch.

The bank of faulty integrations (examples/reference_integration/variants.py) says, for
each variant, which catalogue scenarios expose its bug and which check must fail. The
self-test runs the reference integration over the whole catalogue (it must pass every
scenario: no false positive) and each variant over its scenarios (its check must
fail: no escape), through the same engine as ``pos-harness run``, and prints the matrix.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from examples.reference_integration.variants import VARIANTS, Variant
from scenarios.catalogue import list_scenarios

from .errors import HarnessError
from .integration import DEFAULT_COMMAND
from .run import RunOptions, RunResult, run_scenario

REFERENCE = "reference"


@dataclass(frozen=True)
class Job:
    variant: str
    scenario: str


@dataclass
class Outcome:
    job: Job
    failed_checks: frozenset[str] = frozenset()
    error: str | None = None  # the run could not happen (harness error)
    unsettled: bool = False
    replay: str = ""

    @property
    def passed(self) -> bool:
        return self.error is None and not self.unsettled and not self.failed_checks


@dataclass
class SelftestResult:
    variants: list[Variant]
    outcomes: list[Outcome] = field(default_factory=list)

    def for_variant(self, name: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.job.variant == name]

    def caught(self, variant: Variant) -> bool:
        """Every scenario that should expose the variant made its intended check fail."""
        runs = self.for_variant(variant.name)
        return bool(runs) and all(variant.caught_by in o.failed_checks for o in runs)

    @property
    def reference_clean(self) -> bool:
        runs = self.for_variant(REFERENCE)
        return bool(runs) and all(o.passed for o in runs)

    @property
    def escaped(self) -> list[Variant]:
        return [v for v in self.variants if v.name != REFERENCE and not self.caught(v)]

    @property
    def ok(self) -> bool:
        return self.reference_clean and not self.escaped


def variant_command(name: str) -> str | None:
    """The integration command of a variant (None: the plain reference integration)."""
    return None if name == REFERENCE else f"{DEFAULT_COMMAND} --variant {shlex.quote(name)}"


def plan(variants: Iterable[Variant], scenarios: set[str] | None = None) -> list[Job]:
    """The reference over the whole catalogue (it must pass every scenario), then each variant over its own."""
    chosen = [v for v in variants if v.name != REFERENCE]
    wanted = sorted(set(list_scenarios()) | {s for v in chosen for s in v.exposed_by})
    if scenarios is not None:
        wanted = [s for s in wanted if s in scenarios]
    jobs = [Job(REFERENCE, s) for s in wanted]
    jobs += [Job(v.name, s) for v in chosen for s in v.exposed_by if scenarios is None or s in scenarios]
    return jobs


def _run(job: Job, out_root: Path) -> Outcome:
    options = RunOptions(
        scenario=job.scenario, integration=variant_command(job.variant), out_dir=out_root / f"{job.variant}--{job.scenario}"
    )
    try:
        result: RunResult = run_scenario(options)
    except HarnessError as exc:
        return Outcome(job, error=str(exc))
    failed = frozenset(c.name for c in result.checks if not c.passed)
    return Outcome(job, failed, None, not result.settle.settled, result.replay_command)


def run_selftest(
    variant_names: list[str] | None = None,
    scenarios: set[str] | None = None,
    workers: int = 2,
    out_root: Path = Path(".pos-harness") / "selftest",
    progress: Callable[[Outcome, int, int], None] | None = None,
) -> SelftestResult:
    variants = [v for name, v in VARIANTS.items() if variant_names is None or name in variant_names or name == REFERENCE]
    result = SelftestResult(variants)
    jobs = plan(variants, scenarios)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for done, outcome in enumerate(pool.map(lambda job: _run(job, out_root), jobs), start=1):
            result.outcomes.append(outcome)
            if progress is not None:
                progress(outcome, done, len(jobs))
    return result


def render_matrix(result: SelftestResult, checks: list[str]) -> str:
    """Variant x check: ``X`` a check failed, ``.`` it passed, ``[X]``/``[ ]`` the intended check caught it or not."""
    width = max(len(v.name) for v in result.variants) + 2
    abbreviations = [c[:6] for c in checks]
    lines = [" " * width + " ".join(f"{a:>8}" for a in abbreviations) + "  verdict"]
    for variant in result.variants:
        runs = result.for_variant(variant.name)
        failed = frozenset().union(*(o.failed_checks for o in runs)) if runs else frozenset()
        cells = []
        for check in checks:
            mark = "X" if check in failed else "."
            if check == variant.caught_by:
                mark = "[X]" if variant.name != REFERENCE and result.caught(variant) else "[ ]"
            cells.append(f"{mark:>8}")
        if variant.name == REFERENCE:
            verdict = "clean" if result.reference_clean else "FALSE POSITIVE"
        else:
            verdict = "caught" if result.caught(variant) else "ESCAPED"
        errors = [o for o in runs if o.error or o.unsettled]
        if errors:
            verdict += f" ({len(errors)} run(s) errored or did not settle)"
        lines.append(f"{variant.name:<{width}}" + " ".join(cells) + f"  {verdict}")
    return "\n".join(lines)


def summary_line(result: SelftestResult) -> str:
    bugs = [v for v in result.variants if v.name != REFERENCE]
    caught = len(bugs) - len(result.escaped)
    reference_runs = result.for_variant(REFERENCE)
    clean = sum(o.passed for o in reference_runs)
    verdict = "PASS" if result.ok else "FAIL"
    line = (
        f"selftest {verdict}: {caught}/{len(bugs)} faulty variants caught; "
        f"reference passed {clean}/{len(reference_runs)} scenarios"
    )
    if result.escaped:
        line += "; escaped: " + ", ".join(v.name for v in result.escaped)
    return line


def main(variant_names: list[str] | None, scenarios: set[str] | None, workers: int, quiet: bool) -> int:
    from .checks import ALL_CHECKS

    def report(outcome: Outcome, done: int, total: int) -> None:
        if quiet:
            return
        if outcome.error:
            state = f"error: {outcome.error}"
        elif outcome.failed_checks:
            state = "failed " + ", ".join(sorted(outcome.failed_checks))
        else:
            state = "passed" if not outcome.unsettled else "did not settle"
        print(f"... [{done}/{total}] {outcome.job.variant} on {outcome.job.scenario}: {state}", file=sys.stderr, flush=True)

    result = run_selftest(variant_names, scenarios, workers, progress=report)
    print(render_matrix(result, list(ALL_CHECKS)))
    for outcome in result.outcomes:
        if outcome.job.variant == REFERENCE and not outcome.passed:
            problem = outcome.error or sorted(outcome.failed_checks)
            print(f"reference failed on {outcome.job.scenario}: {problem}; replay: {outcome.replay}")
    print(summary_line(result))
    return 0 if result.ok else 1

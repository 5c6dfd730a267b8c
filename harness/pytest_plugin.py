"""The pytest face of pos-harness: simulators as fixtures, scenario runs as assertions.

Registered as the ``pos_harness`` pytest11 entry point, so installing pos-harness is
enough. What it gives a test suite:

* ``simulators``: the live simulators (``harness.simulator_set.SimulatorSet``) on
  loopback, started once per session and reset through ``/_sim/reset`` before each
  test; ``newstore``, ``sitoo``, ``erp`` and ``shop``: each one's ``SimClient``
  (``.url``, ``.admin(method, path)``);
* ``pos_harness_run``: runs a scenario against an integration through
  ``harness.run.run_scenario``, the very engine behind ``pos-harness run``;
* ``@pytest.mark.pos_scenario("name", seed=N)``: names a test's scenario (the default
  for ``pos_harness_run``); ``--pos-scenario NAME`` keeps only tests marked with it;
* :func:`assert_verdict`: asserts a run's verdict with the failing checks and their first
  discrepancies in the message.

Nothing heavy is imported at module level: pytest loads this module in every session of
an environment where pos-harness is installed, including sessions that never use it.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from harness.report.inputs import RunLike

if TYPE_CHECKING:
    from harness.run import RunResult
    from harness.simulator_set import SimClient, SimulatorSet

MARKER = "pos_scenario"
VARIANT_COMMAND = f"{shlex.quote(sys.executable)} -m examples.reference_integration --variant"
SHOW_PER_CHECK = 5


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pos-harness", "pos-harness scenarios")
    group.addoption(
        "--pos-scenario",
        action="append",
        default=[],
        metavar="NAME",
        help="run only tests marked @pytest.mark.pos_scenario(NAME) (repeatable)",
    )
    group.addoption(
        "--pos-integration",
        default=None,
        metavar="COMMAND",
        help="the integration pos_harness_run starts when a test names none (default: the reference integration)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(name, seed=None): the pos-harness scenario the test runs (pos_harness_run's default); "
        "select with --pos-scenario NAME",
    )


def marker_scenario(marker: pytest.Mark) -> tuple[str, int | None]:
    """(name, seed) of a ``pos_scenario`` marker: ``pos_scenario("smoke")`` or ``pos_scenario(name="smoke", seed=3)``."""
    name = marker.args[0] if marker.args else marker.kwargs.get("name")
    if not isinstance(name, str) or not name:
        raise pytest.UsageError(f"@pytest.mark.{MARKER} needs a scenario name, e.g. @pytest.mark.{MARKER}('smoke')")
    seed = marker.kwargs.get("seed")
    if seed is not None and not isinstance(seed, int):
        raise pytest.UsageError(f"@pytest.mark.{MARKER}({name!r}, seed=...) takes an integer seed, not {seed!r}")
    return name, seed


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = set(config.getoption("pos_scenario"))
    if not wanted:
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        marker = item.get_closest_marker(MARKER)
        (keep if marker is not None and marker_scenario(marker)[0] in wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


# -- live simulators ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def pos_simulator_set() -> Iterator[SimulatorSet]:
    """The session's simulators; tests use ``simulators``, which resets them first."""
    from harness.simulator_set import SimulatorSet

    sims = SimulatorSet().start()
    try:
        yield sims
    finally:
        sims.stop()


@pytest.fixture
def simulators(pos_simulator_set: SimulatorSet) -> SimulatorSet:
    """Every simulator, live on loopback, reset (state, journal, faults, clock) for this test."""
    for client in pos_simulator_set.clients.values():
        client.admin("POST", "reset")
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    pos_simulator_set["newstore"].admin("POST", "clock", json={"epoch": now, "factor": 1.0, "frozen": False})
    return pos_simulator_set


@pytest.fixture
def newstore(simulators: SimulatorSet) -> SimClient:
    return simulators["newstore"]


@pytest.fixture
def sitoo(simulators: SimulatorSet) -> SimClient:
    return simulators["sitoo"]


@pytest.fixture
def erp(simulators: SimulatorSet) -> SimClient:
    return simulators["erp"]


@pytest.fixture
def shop(simulators: SimulatorSet) -> SimClient:
    return simulators["shop"]


# -- scenario runs ------------------------------------------------------------------------


def run_options(
    marker: pytest.Mark | None,
    scenario: str | None,
    seed: int | None,
    integration: str | None,
    variant: str | None,
    default_integration: str | None,
) -> dict[str, Any]:
    """``RunOptions`` fields for one ``pos_harness_run`` call: arguments win over the marker,
    the marker over ``--pos-integration`` and the scenario's own seed."""
    if integration is not None and variant is not None:
        raise pytest.UsageError("pos_harness_run takes integration= or variant=, not both")
    marked_name, marked_seed = marker_scenario(marker) if marker is not None else (None, None)
    name = scenario or marked_name
    if name is None:
        raise pytest.UsageError(f"pos_harness_run needs a scenario: pass one or mark the test @pytest.mark.{MARKER}('name')")
    if variant is not None:
        integration = f"{VARIANT_COMMAND} {shlex.quote(variant)}"
    return {
        "scenario": name,
        "seed": seed if seed is not None else marked_seed,
        "integration": integration if integration is not None else default_integration,
    }


class ScenarioRunner:
    """``pos_harness_run(scenario=None, *, seed=None, integration=None, variant=None, **options)``.

    Runs through ``harness.run.run_scenario`` and returns its ``RunResult``; each run's
    artefacts go to their own directory under the test's ``tmp_path``. ``options`` are
    further ``RunOptions`` fields (e.g. ``attach=True``, ``base_port=...``).
    """

    def __init__(self, request: pytest.FixtureRequest, tmp_path: Path) -> None:
        self.request = request
        self.tmp_path = tmp_path
        self.results: list[RunResult] = []
        self._numbers = count(1)

    def __call__(
        self,
        scenario: str | None = None,
        *,
        seed: int | None = None,
        integration: str | None = None,
        variant: str | None = None,
        **options: Any,
    ) -> RunResult:
        from harness.run import RunOptions, run_scenario

        fields = run_options(
            self.request.node.get_closest_marker(MARKER),
            scenario,
            seed,
            integration,
            variant,
            self.request.config.getoption("pos_integration"),
        )
        options.setdefault("out_dir", self.tmp_path / f"pos-harness-run-{next(self._numbers)}")
        result = run_scenario(RunOptions(**fields, **options))
        self.results.append(result)
        self.request.node.user_properties.append(("pos_harness_replay", result.replay_command))
        self.request.node.user_properties.append(("pos_harness_artefacts", str(result.artefacts_dir)))
        return result


@pytest.fixture
def pos_harness_run(request: pytest.FixtureRequest, tmp_path: Path) -> ScenarioRunner:
    return ScenarioRunner(request, tmp_path)


# -- verdicts -----------------------------------------------------------------------------


def verdict_message(result: RunLike | Mapping[str, Any], limit: int = SHOW_PER_CHECK) -> str:
    """A run's verdict for an assertion message: the failing checks and their first discrepancies."""
    from harness.report.json_report import as_report
    from harness.report.terminal import failures

    report = as_report(result)
    failing = [c["name"] for c in report["checks"] if not c["passed"]]
    lines = [
        f"pos-harness {report['scenario']} (seed {report['seed']}, integration {report['integration']}): "
        f"{report['verdict'].upper()}; failing checks: {', '.join(failing) or 'none'}"
        + ("" if report["settled"] else "; the integration did NOT settle"),
        *failures(report, limit),
        *(f"  note: {note}" for note in report["notes"]),
        f"  replay: {report['replay']}",
        f"  artefacts: {report['artefacts_dir']}",
    ]
    return "\n".join(lines)


def assert_verdict(result: RunLike | Mapping[str, Any], passed: bool = True, failing: Iterable[str] = ()) -> None:
    """Assert a run passed (``passed=True``) or failed; with ``failing``, that at least those checks failed."""
    __tracebackhide__ = True
    from harness.report.json_report import as_report

    report = as_report(result)
    expected_failures = set(failing)
    did_pass = report["verdict"] == "pass"
    if expected_failures:
        passed = False
    if did_pass != passed:
        wanted = "pass" if passed else "fail"
        raise AssertionError(f"expected the run to {wanted}\n{verdict_message(report)}")
    missed = expected_failures - {c["name"] for c in report["checks"] if not c["passed"]}
    if missed:
        raise AssertionError(
            f"expected these checks to fail, but they did not: {', '.join(sorted(missed))}\n{verdict_message(report)}"
        )

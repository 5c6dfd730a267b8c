"""The pytest plugin, exercised in inner pytest sessions (``pytester``) as a user's suite would use it."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

from harness.pytest_plugin import assert_verdict, run_options, verdict_message
from harness.report import json_report
from tests.report.fakes import failing_run, passing_run

pytest_plugins = ["pytester"]


def plugin_args() -> list[str]:
    """Load the plugin in the inner session: through its entry point once installed, by module until then."""
    installed = any(ep.value == "harness.pytest_plugin" for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "harness.pytest_plugin"]


# Strict like this project's own configuration; the outer session has imported the plugin
# already, so the inner one cannot assertion-rewrite it (a warning, not an error).
STRICT = ["-p", "no:cacheprovider", "--strict-markers", "-W", "error", "-W", "ignore::pytest.PytestAssertRewriteWarning"]


def run_inner(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(*plugin_args(), *STRICT, *args)


def test_the_marker_is_registered_so_strict_markers_accept_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.pos_scenario("smoke", seed=3)
        def test_marked():
            pass
        """
    )
    run_inner(pytester).assert_outcomes(passed=1)
    result = run_inner(pytester, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.pos_scenario(name, seed=None):*"])


def test_pos_scenario_option_selects_tests_by_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.pos_scenario("smoke")
        def test_smoke():
            pass

        @pytest.mark.pos_scenario(name="peak-trading", seed=1)
        def test_peak():
            pass

        def test_unmarked():
            pass
        """
    )
    run_inner(pytester, "--pos-scenario", "smoke").assert_outcomes(passed=1, deselected=2)
    run_inner(pytester, "--pos-scenario", "smoke", "--pos-scenario", "peak-trading").assert_outcomes(passed=2, deselected=1)
    run_inner(pytester).assert_outcomes(passed=3)


def test_fixtures_expose_live_simulators_reset_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import requests

        def test_live(simulators, newstore, sitoo, erp, shop):
            for name, client in [("newstore", newstore), ("sitoo", sitoo), ("erp", erp), ("shop", shop)]:
                assert client is simulators[name]
                assert client.url.startswith("http://127.0.0.1:")
                assert requests.get(client.url + "/_sim/health", timeout=5).json() == {"ok": True, "simulator": name}
            requests.get(erp.url + "/services/rest/record/v1/cashSale", timeout=5)  # journalled (and refused)
            assert erp.admin("GET", "journal")["total"] == 1

        def test_the_next_test_starts_clean(erp, simulators):
            assert erp.admin("GET", "journal")["total"] == 0
            assert set(simulators.clients) >= {"newstore", "sitoo", "erp", "shop"}
        """
    )
    run_inner(pytester, "-p", "no:randomly").assert_outcomes(passed=2)


def test_run_options_take_arguments_over_the_marker_over_the_command_line() -> None:
    marker = pytest.mark.pos_scenario("smoke", seed=7).mark
    assert run_options(marker, None, None, None, None, None) == {"scenario": "smoke", "seed": 7, "integration": None}
    explicit = run_options(marker, "peak", 1, "./run-me", None, "default")
    assert explicit == {"scenario": "peak", "seed": 1, "integration": "./run-me"}
    assert run_options(marker, None, None, None, None, "default")["integration"] == "default"
    variant = run_options(None, "smoke", None, None, "double-post", None)["integration"]
    assert variant.endswith("-m examples.reference_integration --variant double-post")
    with pytest.raises(pytest.UsageError, match="needs a scenario"):
        run_options(None, None, None, None, None, None)
    with pytest.raises(pytest.UsageError, match="not both"):
        run_options(marker, None, None, "cmd", "double-post", None)
    with pytest.raises(pytest.UsageError, match="integer seed"):
        run_options(pytest.mark.pos_scenario("smoke", seed="7").mark, None, None, None, None, None)


def test_assert_verdict_passes_quietly_and_fails_readably(tmp_path: Path) -> None:
    assert_verdict(passing_run(tmp_path))
    assert_verdict(failing_run(tmp_path), passed=False)
    assert_verdict(failing_run(tmp_path), failing=["conservation"])
    with pytest.raises(AssertionError) as failed:
        assert_verdict(failing_run(tmp_path, discrepancies=9))
    message = str(failed.value)
    assert message.startswith("expected the run to pass\npos-harness smoke (seed 42, integration python -m my_integration")
    assert "failing checks: conservation" in message
    assert "[duplicate] NS-0: expected one ERP record; found 2 ERP records" in message and "... and 4 more" in message
    assert "replay: pos-harness run smoke --seed 42" in message
    with pytest.raises(AssertionError, match="expected the run to fail"):
        assert_verdict(passing_run(tmp_path), passed=False)
    with pytest.raises(AssertionError, match="expected these checks to fail, but they did not: stock_latency"):
        assert_verdict(failing_run(tmp_path), failing=["conservation", "stock_latency"])


def test_verdict_message_reads_a_report_dict_too(tmp_path: Path) -> None:
    run = failing_run(tmp_path)
    assert verdict_message(json_report.to_dict(run)) == verdict_message(run)


@pytest.mark.e2e
def test_smoke_runs_through_the_fixture_on_the_same_engine(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from harness.pytest_plugin import assert_verdict

        @pytest.mark.pos_scenario("smoke")
        def test_reference_passes_smoke(pos_harness_run, tmp_path):
            result = pos_harness_run()
            assert_verdict(result)
            assert result.scenario == "smoke" and result.integration == "reference"
            assert result.artefacts_dir.parent == tmp_path
        """
    )
    run_inner(pytester, "--pos-scenario", "smoke").assert_outcomes(passed=1)

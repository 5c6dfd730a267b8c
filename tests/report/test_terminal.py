"""The terminal report: an aligned table and the first discrepancies of each failing check."""

from __future__ import annotations

from pathlib import Path

from harness.report import json_report, terminal
from tests.report.fakes import failing_run, passing_run


def test_passing_run(tmp_path: Path) -> None:
    text = terminal.render(passing_run(tmp_path))
    lines = text.splitlines()
    assert lines[0] == "pos-harness: scenario smoke, seed 42, integration reference"
    assert "3 events driven in 2.50s; settled after 1.25s; total 6.00s" in lines[1]
    assert "2 of 2 checks passed" in text
    assert lines[-1] == "VERDICT: PASS" and "replay:" not in text


def test_table_columns_line_up(tmp_path: Path) -> None:
    lines = terminal.render(failing_run(tmp_path)).splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("check "))
    rows = lines[header : header + 3]
    verdict_column = {row.index(word) for row, word in zip(rows, ["verdict", "FAIL", "PASS"], strict=True)}
    assert len(verdict_column) == 1
    assert "in_erp=2, reported=1" in rows[1] and "p95_seconds=1, max_seconds=1" in rows[2]
    assert rows[1].split()[:4] == ["conservation", "FAIL", "3", "7"]


def test_failing_run_shows_the_first_five_discrepancies_and_how_to_replay(tmp_path: Path) -> None:
    text = terminal.render(failing_run(tmp_path, discrepancies=7))
    assert "conservation: 7 discrepancies (every sale reaches the erp once)" in text
    assert "[duplicate] NS-4: expected one ERP record; found 2 ERP records" in text
    assert "NS-5" not in text and "... and 2 more" in text
    assert '"journal_seqs":[1]' in text
    assert "note: the integration exited with code 3 during the run" in text
    assert text.splitlines()[-2:] == ["  replay: pos-harness run smoke --seed 42", "VERDICT: FAIL"]


def test_renders_the_same_from_the_report_dict(tmp_path: Path) -> None:
    run = failing_run(tmp_path)
    assert terminal.render(json_report.to_dict(run)) == terminal.render(run)


def test_unsettled_run_says_so(tmp_path: Path) -> None:
    run = passing_run(tmp_path)
    run.settle.settled = False
    text = terminal.render(run)
    assert "DID NOT SETTLE" in text and text.endswith("VERDICT: FAIL")


def test_discrepancies_a_check_did_not_keep_are_counted(tmp_path: Path) -> None:
    run = failing_run(tmp_path, discrepancies=3)
    run.checks[0].omitted = 10
    text = terminal.render(run)
    assert "conservation: 13 discrepancies" in text and "... and 10 more" in text
    assert json_report.to_dict(run)["checks"][0]["omitted"] == 10

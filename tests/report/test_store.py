"""run.sqlite: a run saved, queried with SQL, and re-rendered from the file alone."""

from __future__ import annotations

import argparse
import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from harness.report import html, json_report, junit, terminal
from harness.report.command import add_report_command, write_run_reports
from harness.report.series import compute
from harness.store import FILE_NAME, StoreError, load_run, save_run
from tests.report.fakes import evidence, failing_run, passing_run

TRAFFIC = [
    {
        "seq": 1,
        "at": 0.2,
        "system": "newstore",
        "action": "publish",
        "body": {"name": "order.completed", "payload": {"id": "o1"}},
    },
    {
        "seq": 2,
        "at": 1.5,
        "system": "newstore",
        "action": "publish",
        "body": {"name": "order.completed", "payload": {"id": "o2"}},
    },
    {"seq": 3, "at": 1.7, "system": "sitoo", "action": "orders", "body": {"orderid": 3}},
]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="pos-harness")
    add_report_command(root.add_subparsers(dest="command", required=True))
    return root


def report_command(*argv: str) -> int:
    args = parser().parse_args(["report", *argv])
    return int(args.func(args))


def test_saved_run_loads_back_to_the_same_report_and_series(tmp_path: Path) -> None:
    run = failing_run(tmp_path)
    path = save_run(run, traffic=TRAFFIC)
    assert path == run.artefacts_dir / FILE_NAME and not path.with_name(FILE_NAME + ".partial").exists()
    stored = load_run(run.artefacts_dir)
    assert json_report.dumps(stored.report) == json_report.dumps(json_report.to_dict(run))
    assert stored.series == compute(evidence())
    assert load_run(path).report == stored.report  # the run directory or the file itself


def test_every_renderer_gives_the_same_output_from_the_store(tmp_path: Path) -> None:
    run = failing_run(tmp_path)
    save_run(run, traffic=TRAFFIC)
    stored = load_run(run.artefacts_dir)
    assert terminal.render(stored.report) == terminal.render(run)
    assert junit.to_xml(stored.report) == junit.to_xml(run)
    assert html.render_html(stored.report, stored.series) == html.render_html(json_report.to_dict(run), compute(evidence()))


def test_the_evidence_is_queryable(tmp_path: Path) -> None:
    run = failing_run(tmp_path)
    db = sqlite3.connect(save_run(run, traffic=TRAFFIC))
    one = lambda sql: db.execute(sql).fetchall()  # noqa: E731
    assert one("SELECT scenario, seed, verdict, exit_code, replay FROM run") == [
        ("smoke", 42, "fail", 1, "pos-harness run smoke --seed 42")
    ]
    assert one("SELECT name, passed, discrepancies, omitted FROM checks ORDER BY position") == [
        ("conservation", 0, 7, 0),
        ("stock_latency", 1, 0, 0),
    ]
    assert one("SELECT count(*) FROM discrepancies WHERE check_name = 'conservation' AND kind = 'duplicate'") == [(7,)]
    assert one("SELECT seq, system, action, json_extract(body_json, '$.payload.id') FROM traffic WHERE seq = 1") == [
        (1, "newstore", "publish", "o1")
    ]
    assert one("SELECT seq FROM journal WHERE simulator = 'erp' AND status = 429") == [(2,)]
    assert one("SELECT notes FROM journal WHERE simulator = 'erp' AND status = 429") == [("rate limit: concurrency",)]
    assert one("SELECT type, id FROM erp_records WHERE external_id = 'NS-2'") == [("cashSale", "102")]
    assert one("SELECT kind, count(*) FROM truth GROUP BY kind ORDER BY kind") == [
        ("journal", 1),
        ("stock", 1),
        ("summary", 1),
        ("transaction", 4),
    ]
    assert one("SELECT source_id FROM truth WHERE kind = 'journal'") == [("Z-s1-2026-11-27",)]
    assert one("SELECT source_id, field, value FROM exceptions") == [("NS-3", "payment_method", "klarna")]
    assert one("SELECT count(*) FROM publish_times") == [(3,)]
    assert {name for (name,) in one("SELECT name FROM snapshots")} == {"erp_stock", "shop_inventory", "deliveries", "erp_config"}
    assert one("SELECT value FROM series WHERE name = 'erp_429' ORDER BY t") == [(1.0,), (0.0,), (0.0,)]


def test_a_run_without_evidence_still_saves_and_renders(tmp_path: Path) -> None:
    run = passing_run(tmp_path, with_evidence=False)
    stored = load_run(save_run(run, tmp_path / "elsewhere.sqlite"))
    assert stored.series is None and stored.report["verdict"] == "pass"
    assert "No time series were recorded" in html.render_html(stored.report, stored.series)


def test_saving_again_replaces_the_file(tmp_path: Path) -> None:
    run = failing_run(tmp_path)
    save_run(run, traffic=TRAFFIC)
    run.checks[0].discrepancies = []
    run.notes = []
    save_run(run)
    assert load_run(run.artefacts_dir).report["verdict"] == "pass"


def test_report_command_re_renders_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = failing_run(tmp_path)
    save_run(run, traffic=TRAFFIC)
    out = tmp_path / "rendered"
    code = report_command(
        str(run.artefacts_dir), "--json", str(out / "r.json"), "--junit", str(out / "j.xml"), "--html", str(out / "r.html")
    )
    assert code == 1  # the stored run's verdict
    assert capsys.readouterr().out == terminal.render(run) + "\n"
    assert json.loads((out / "r.json").read_text()) == json_report.to_dict(run)
    assert ET.parse(out / "j.xml").getroot().get("failures") == "1"
    assert "<svg" in (out / "r.html").read_text()


def test_report_command_on_a_missing_or_foreign_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report_command(str(tmp_path / "nothing-here")) == 2
    assert "no run store at" in capsys.readouterr().err
    foreign = tmp_path / "other.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert report_command(str(foreign)) == 2
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_text("not a database")
    with pytest.raises(StoreError):
        load_run(garbage)


def test_write_run_reports_from_a_live_result(tmp_path: Path) -> None:
    run = passing_run(tmp_path)
    report = write_run_reports(run, json_path=tmp_path / "r.json", html_path=tmp_path / "r.html")
    assert report == json_report.to_dict(run)
    assert "<svg" in (tmp_path / "r.html").read_text() and not (tmp_path / "j.xml").exists()

"""The HTML report: self-contained, escaped, with the verdict, discrepancies and charts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from harness.report import json_report
from harness.report.html import render_html
from harness.report.series import Series, compute
from tests.report.fakes import discrepancy, evidence, failing_run, passing_run

REMOTE = re.compile(r"""\b(?:src|href|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def tags(document: str) -> list[str]:
    parser = _Tags()
    parser.feed(document)
    return parser.tags


def test_passing_run(tmp_path: Path) -> None:
    document = render_html(json_report.to_dict(passing_run(tmp_path)), compute(evidence()))
    assert document.startswith("<!DOCTYPE html>")
    assert "<title>pos-harness smoke seed 42: PASS</title>" in document
    assert "None: every check passed." in document
    assert "pos-harness run smoke --seed 42" in document
    assert tags(document).count("svg") == 4  # traffic, ERP by status, 429s, stock latency
    assert "p50 1 s, p95 1.2 s, max 1.2 s" in document
    assert "p95 objective 5 s" in document  # from the stock_latency check's metrics


def test_failing_run_shows_each_failing_checks_discrepancies_as_tables(tmp_path: Path) -> None:
    document = render_html(json_report.to_dict(failing_run(tmp_path, discrepancies=25)), compute(evidence()))
    assert '<span class="verdict fail">FAIL</span>' in document
    assert 'id="check-conservation"' in document and 'href="#check-conservation"' in document
    assert document.count("<td>duplicate</td>") == 20 and "... and 5 more" in document
    assert "<th>journal_seqs</th>" in document  # a list of records in the evidence becomes a table
    assert "the integration exited with code 3 during the run" in document


def test_self_contained(tmp_path: Path) -> None:
    run = failing_run(tmp_path)
    run.checks[0].discrepancies[0]["evidence"]["location"] = "http://127.0.0.1:5000/services/rest/record/v1/cashSale/101"
    document = render_html(json_report.to_dict(run), compute(evidence()))
    assert not REMOTE.search(document)
    found = set(tags(document))
    assert not found & {"script", "link", "img", "iframe", "object", "embed"}
    assert "@import" not in document and "url(" not in document


def test_escapes_everything_from_the_run(tmp_path: Path) -> None:
    run = failing_run(tmp_path, discrepancies=1)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    bad = discrepancy(1)
    bad.update(source_id=evil, expected=evil, found=evil, evidence={evil: [{evil: evil}], "body": evil})
    run.checks[0].discrepancies = [bad]
    run.notes = [evil]
    run.scenario = evil
    document = render_html(json_report.to_dict(run), compute(evidence()))
    assert "<script" not in document and "<img" not in document
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in document
    assert "script" not in tags(document) and "img" not in tags(document)


def test_renders_without_series_or_evidence(tmp_path: Path) -> None:
    document = render_html(json_report.to_dict(passing_run(tmp_path, with_evidence=False)))
    assert "No time series were recorded" in document and "<svg" not in document
    empty = render_html(json_report.to_dict(passing_run(tmp_path)), Series(started=0.0))
    assert "no data recorded" in empty


def test_long_runs_are_bucketed(tmp_path: Path) -> None:
    series = Series(
        started=0.0, per_second={"published": [1] * 3600, "erp_2xx": [2] * 3600, "erp_429": [0] * 3600, "erp_other": [0] * 3600}
    )
    document = render_html(json_report.to_dict(passing_run(tmp_path)), series)
    assert "(mean over 6 s)" in document
    assert document.count("<rect") < 2 * 600 + 10

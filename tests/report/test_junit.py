"""JUnit XML: one test case per check per scenario, valid XML whatever the payloads hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from harness.report import junit
from tests.report.fakes import discrepancy, failing_run, passing_run


def test_one_testcase_per_check_with_the_scenario_as_classname(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    junit.write(passing_run(tmp_path), path)
    suite = ET.parse(path).getroot()
    assert suite.tag == "testsuite" and suite.get("failures") == "0" and suite.get("tests") == "3"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["settled", "conservation", "stock_latency"]
    assert {c.get("classname") for c in cases} == {"smoke"}
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["seed"] == "42" and properties["replay"] == "pos-harness run smoke --seed 42"


def test_failure_message_names_the_first_discrepancies(tmp_path: Path) -> None:
    suite = ET.fromstring(junit.to_xml(failing_run(tmp_path, discrepancies=60)))
    assert suite.get("failures") == "1"
    failure = suite.find("testcase[@name='conservation']/failure")
    assert failure is not None
    message = failure.get("message", "")
    assert message.startswith("60 discrepancies (Every sale reaches the ERP once): [duplicate] NS-0: expected one ERP record")
    assert "NS-2" in message and "NS-3" not in message
    text = failure.text or ""
    assert "journal_seqs" in text and "... and 10 more" in text
    assert suite.find("testcase[@name='stock_latency']/failure") is None


def test_control_characters_in_payloads_still_make_valid_xml(tmp_path: Path) -> None:
    run = failing_run(tmp_path, discrepancies=1)
    bad = discrepancy(1)
    bad["found"] = "a body with \x00 and \x1b[31m escapes & <tags>"
    run.checks[0].discrepancies = [bad]
    failure = ET.fromstring(junit.to_xml(run)).find("testcase[@name='conservation']/failure")
    assert failure is not None and "& <tags>" in failure.get("message", "") and "\x00" not in (failure.text or "")


def test_unsettled_run_fails_the_settled_case(tmp_path: Path) -> None:
    run = passing_run(tmp_path)
    run.settle.settled = False
    run.notes = ["did not settle within 60s"]
    failure = ET.fromstring(junit.to_xml(run)).find("testcase[@name='settled']/failure")
    assert failure is not None and failure.text == "did not settle within 60s"


def test_several_runs_in_one_document(tmp_path: Path) -> None:
    other = failing_run(tmp_path)
    other.scenario = "peak"
    root = ET.fromstring(junit.to_xml_many([passing_run(tmp_path), other]))
    assert root.tag == "testsuites" and root.get("tests") == "6" and root.get("failures") == "1"
    assert [s.get("name") for s in root] == ["pos-harness.smoke", "pos-harness.peak"]
    assert {c.get("classname") for c in root[1].iter("testcase")} == {"peak"}

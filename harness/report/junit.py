"""JUnit XML: one test case per check per scenario, so CI systems show each property as a test.

A single run is one ``<testsuite>`` (classname = the scenario name) with a ``settled``
case and one case per check; :func:`to_xml_many` puts several runs under
``<testsuites>``. A failing case's message names its first discrepancies. Text that XML
1.0 cannot carry (control characters in a payload) is replaced, so the file always parses.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .inputs import RunLike
from .json_report import as_report

MESSAGE_DISCREPANCIES = 3
TEXT_DISCREPANCIES = 50
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(d: Mapping[str, Any], evidence: bool) -> str:
    line = f"[{d['kind']}] {d['source_id']}: expected {d['expected']}; found {d['found']}"
    return f"{line}; evidence {json.dumps(d['evidence'], separators=(',', ':'))}" if evidence and d["evidence"] else line


def _failure(case: ET.Element, check: Mapping[str, Any]) -> None:
    shown = check["discrepancies"]
    message = f"{check['discrepancy_count']} discrepancies ({check['title']}): " + " | ".join(
        _line(d, evidence=False) for d in shown[:MESSAGE_DISCREPANCIES]
    )
    text = [_line(d, evidence=True) for d in shown[:TEXT_DISCREPANCIES]]
    hidden = check["discrepancy_count"] - min(TEXT_DISCREPANCIES, len(shown))
    if hidden > 0:
        text.append(f"... and {hidden} more (see the JSON report)")
    failure = ET.SubElement(case, "failure", message=xml_safe(message), type=check["name"])
    failure.text = xml_safe("\n".join(text))


def testsuite(report: Mapping[str, Any]) -> ET.Element:
    scenario = report["scenario"]
    checks = report["checks"]
    failures = sum(not c["passed"] for c in checks) + (0 if report["settled"] else 1)
    suite = ET.Element(
        "testsuite",
        name=xml_safe(f"pos-harness.{scenario}"),
        tests=str(len(checks) + 1),
        failures=str(failures),
        errors="0",
        skipped="0",
        time=f"{report['timing']['total_seconds']:.3f}",
    )
    if report["timing"]["started_at"]:
        suite.set("timestamp", report["timing"]["started_at"])
    properties = ET.SubElement(suite, "properties")
    for name in ("seed", "integration", "verdict", "replay", "artefacts_dir"):
        ET.SubElement(properties, "property", name=name, value=xml_safe(str(report[name])))
    classname = xml_safe(scenario)
    settled = ET.SubElement(
        suite, "testcase", classname=classname, name="settled", time=f"{report['settle']['waited_seconds']:.3f}"
    )
    if not report["settled"]:
        failure = ET.SubElement(settled, "failure", message="the integration did not settle", type="settled")
        failure.text = xml_safe("\n".join(report["notes"]))
    for check in checks:
        case = ET.SubElement(suite, "testcase", classname=classname, name=xml_safe(check["name"]), time="0.000")
        if not check["passed"]:
            _failure(case, check)
    return suite


def to_xml(result: RunLike | Mapping[str, Any]) -> str:
    return ET.tostring(testsuite(as_report(result)), encoding="unicode", xml_declaration=True)


def to_xml_many(results: Iterable[RunLike | Mapping[str, Any]]) -> str:
    """Several runs (e.g. every scenario of a CI job) in one ``<testsuites>`` document."""
    root = ET.Element("testsuites", name="pos-harness")
    suites = [testsuite(as_report(result)) for result in results]
    root.extend(suites)
    for total in ("tests", "failures", "errors"):
        root.set(total, str(sum(int(s.get(total, "0")) for s in suites)))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def write(result: RunLike | Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_xml(result) + "\n", encoding="utf-8")

"""JUnit XML: one test case per check, so CI systems show each property as a test."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from harness.run import RunResult


def to_xml(result: RunResult) -> str:
    suite_name = f"pos-harness.{result.scenario}"
    failures = sum(not c.passed for c in result.checks) + (0 if result.settle.settled else 1)
    suite = ET.Element(
        "testsuite",
        name=suite_name,
        tests=str(len(result.checks) + 1),
        failures=str(failures),
        errors="0",
        time=f"{result.total_seconds:.3f}",
    )
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="seed", value=str(result.seed))
    ET.SubElement(properties, "property", name="replay", value=result.replay_command)
    settled = ET.SubElement(suite, "testcase", classname=suite_name, name="settled", time=f"{result.settle.waited_seconds:.3f}")
    if not result.settle.settled:
        ET.SubElement(settled, "failure", message="the integration did not settle").text = "\n".join(result.notes)
    for check in result.checks:
        case = ET.SubElement(suite, "testcase", classname=suite_name, name=check.name)
        if not check.passed:
            failure = ET.SubElement(case, "failure", message=f"{len(check.discrepancies)} discrepancies: {check.title}")
            failure.text = "\n".join(
                f"[{d.kind}] {d.source_id}: expected {d.expected}; found {d.found}; evidence {json.dumps(d.evidence)}"
                for d in check.discrepancies
            )
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)


def write(result: RunResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_xml(result) + "\n", encoding="utf-8")

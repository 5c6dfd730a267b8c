"""Contract violations: every request the integration sent that a simulator rejected.

The simulators enforce the vendors' contracts (payload shapes, references, required
fields, permissions) and note each rejection in their request journal as ``rejected...``
(a Sitoo batch notes ``batch element N rejected...`` per element). Against the real
systems each of these is a failed call someone has to chase: a sale that bounced, a
report that never arrived. Listed per simulator with seq, method, path, status and the note.
"""

from __future__ import annotations

from harness.evidence import Evidence, eid_in_path

from .base import CheckResult, Findings, journal_ref

NAME = "contract_violations"
TITLE = "No request the integration sent broke a simulator's contract"


def is_violation(note: str) -> bool:
    return note.startswith("rejected") or (note.startswith("batch element ") and " rejected" in note)


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    checked = 0
    per_simulator: dict[str, int] = {}
    for simulator, journal in evidence.journals.items():
        checked += len(journal)
        for entry in evidence.noted(simulator):  # the few entries with notes, found at C speed
            for note in entry["notes"]:
                text = str(note)
                if not is_violation(text):
                    continue
                per_simulator[simulator] = per_simulator.get(simulator, 0) + 1
                named = eid_in_path(str(entry.get("path", "")))
                findings.add(
                    "rejected",
                    (evidence.owner_of(named[1]) or named[1]) if named else None,
                    f"{simulator} accepts {entry.get('method')} {entry.get('path')}",
                    f"{entry.get('status')}: {text}",
                    {"request": journal_ref(simulator, entry), "note": text},
                )
    return findings.result(NAME, TITLE, checked, counts={f"{name}_rejected": n for name, n in per_simulator.items()})

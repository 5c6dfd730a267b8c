"""What every check returns: a verdict, counts, and discrepancies with evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from harness.evidence import Evidence


@dataclass(frozen=True)
class Discrepancy:
    kind: str  # e.g. missing, duplicate, phantom, misrouted
    source_id: str | None
    expected: str
    found: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CheckResult:
    name: str
    title: str
    checked: int
    discrepancies: list[Discrepancy]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.discrepancies

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "passed": self.passed,
            "checked": self.checked,
            "counts": self.counts,
            "discrepancies": [d.to_dict() for d in self.discrepancies],
        }


Check = Callable[[Evidence], CheckResult]

"""What every check returns (a verdict, counts, metrics, discrepancies with evidence) and
the few helpers the checks share.

A run of a million transactions can fail a million ways: :class:`Findings` keeps the
first :data:`MAX_KEPT` discrepancies and counts every one by kind, so a catastrophic
run still reports in constant memory and says how many it left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, cast

from harness.evidence import Evidence

MAX_KEPT = 1000
CENT = Decimal("0.01")

Record = dict[str, Any]
EvidenceDict = dict[str, Any]


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
    metrics: dict[str, float] = field(default_factory=dict)
    omitted: int = 0  # discrepancies found beyond the ones kept (their kinds are in counts)

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
            "metrics": self.metrics,
            "omitted": self.omitted,
            "discrepancies": [d.to_dict() for d in self.discrepancies],
        }


Check = Callable[[Evidence], CheckResult]


class Findings:
    """Discrepancies as a check finds them: all counted by kind, the first ``cap`` kept."""

    def __init__(self, cap: int = MAX_KEPT) -> None:
        self.cap = cap
        self.kept: list[Discrepancy] = []
        self.by_kind: Counter[str] = Counter()

    @property
    def keeping(self) -> bool:
        """Whether the next discrepancy will be kept: build costly evidence only then."""
        return len(self.kept) < self.cap

    def add(
        self,
        kind: str,
        source_id: str | None,
        expected: str,
        found: str,
        evidence: EvidenceDict | Callable[[], EvidenceDict | None] | None = None,
    ) -> None:
        """Count one discrepancy; keep it while under the cap (calling ``evidence`` only then, if it is a function)."""
        self.by_kind[kind] += 1
        if len(self.kept) < self.cap:
            built = evidence() if callable(evidence) else evidence
            self.kept.append(Discrepancy(kind, source_id, expected, found, built or {}))

    def count_only(self, kind: str, n: int) -> None:
        """Count ``n`` discrepancies found beyond the cap without building them."""
        if n > 0:
            self.by_kind[kind] += n

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def result(
        self,
        name: str,
        title: str,
        checked: int,
        counts: dict[str, int] | None = None,
        metrics: dict[str, float] | None = None,
    ) -> CheckResult:
        return CheckResult(
            name,
            title,
            checked,
            self.kept,
            {**(counts or {}), **self.by_kind},
            metrics or {},
            self.total - len(self.kept),
        )


# -- values as the ERP stores them ---------------------------------------------------------


def money(value: Any) -> str | None:
    """A 2-decimal string for a number the ERP stored (float) or the truth wrote (string)."""
    if value is None:
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:.2f}"
    try:
        return str(Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        return str(value)


def cents(value: Any) -> int:
    """A money amount as whole cents (half-up), for sums that must balance exactly."""
    if value is None:
        return 0
    return int(Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP) * 100)


def ref_id(value: Any) -> str | None:
    """The id of an ERP reference ``{"id": "11"}`` (or a bare id), as a string."""
    if isinstance(value, dict):
        found = value.get("id")
        return None if found is None else str(found)
    return None if value is None else str(value)


def sale_lines(record: Record) -> list[Record]:
    """A sale's item lines (``item.items``); empty when absent."""
    sublist = record.get("item")
    if isinstance(sublist, dict):
        items = sublist.get("items")
        if isinstance(items, list):
            return items
    return []


def quantity(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def count_text(value: float) -> str:
    """A quantity as people write it: ``2`` rather than ``2.0``."""
    return str(int(value)) if float(value).is_integer() else str(value)


def record_ref(evidence: Evidence, record_type: str, record: Record) -> EvidenceDict:
    """How a discrepancy names an ERP record: type, ids, and the journal seqs that wrote it."""
    record_id = str(record.get("id"))
    return {
        "type": record_type,
        "id": record_id,
        "externalId": record.get("externalId"),
        "otherRefNum": record.get("otherRefNum"),
        "erp_journal_seqs": evidence.requests_for_record(record_type, record_id),
    }


def journal_ref(simulator: str, entry: Record) -> EvidenceDict:
    """How a discrepancy names one journalled request."""
    return {
        "simulator": simulator,
        "seq": entry.get("seq"),
        "method": entry.get("method"),
        "path": entry.get("path"),
        "status": entry.get("status"),
    }


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list (0.0 when empty)."""
    if not ordered:
        return 0.0
    rank = max(1, -(-int(round(fraction * 1_000_000)) * len(ordered) // 1_000_000))
    return ordered[min(len(ordered), rank) - 1]


def sublist_items(sublist: Any) -> Sequence[Record]:
    """The lines of a record's sublist (``{"items": [...]}``); none if it is no sublist."""
    try:  # by subscript: a sublist with its items (the usual one) costs less
        return cast("Sequence[Record]", sublist["items"])
    except (KeyError, TypeError):
        return cast("Sequence[Record]", sublist.get("items", ())) if isinstance(sublist, dict) else ()


def expected_record(evidence: Evidence, expected: Record) -> tuple[str, Record] | None:
    """The ERP record a truth ``ExpectedRecord`` names: of its type, else of any sale/credit type; None if absent."""
    found = evidence.record(expected["record_type"], expected["external_id"])
    if found is not None:
        return expected["record_type"], found
    others = evidence.main_records(expected["external_id"])
    return others[0] if others else None


class SameLines:
    """``compare(expected_lines, found_lines, *args)``, remembered per pair of line lists.

    Collected evidence holds equal line lists once (``harness.evidence.Compactor``), so a million
    records compare only the few distinct (truth lines, ERP lines) pairs. A pair is remembered by
    the lists' ids, and holds them (so no other list can take an id while it is remembered); at
    most ``cap`` pairs.
    """

    __slots__ = ("args", "cap", "compare", "known")

    def __init__(self, compare: Callable[..., bool], *args: Any, cap: int = 100_000) -> None:
        self.compare, self.args, self.cap = compare, args, cap
        self.known: dict[tuple[int, int], tuple[bool, object, object]] = {}

    def __call__(self, expected: Sequence[Record], lines: Sequence[Record]) -> bool:
        known = self.known.get((id(expected), id(lines)))
        if known is not None:
            return known[0]
        same = self.compare(expected, lines, *self.args)
        if len(self.known) < self.cap:
            self.known[(id(expected), id(lines))] = (same, expected, lines)
        return same


class LineSum:
    """An ERP record's lines for one item, summed: how the truth states them (one line per product)."""

    __slots__ = ("count", "locations", "quantity", "rates", "tax_codes")

    def __init__(self) -> None:
        self.count = 0
        self.quantity = 0.0
        self.rates: set[str | None] = set()
        self.tax_codes: set[str | None] = set()
        self.locations: set[str | None] = set()

    def add(self, line: Record) -> None:
        self.count += 1
        amount = quantity(line.get("quantity"))
        self.quantity += amount
        rate = line.get("rate")
        if rate is None and line.get("amount") is not None and amount:
            rate = quantity(line["amount"]) / amount
        self.rates.add(money(rate))
        self.tax_codes.add(ref_id(line.get("taxCode")))
        self.locations.add(ref_id(line.get("location")))


def lines_by_item(lines: list[Record]) -> dict[str | None, LineSum]:
    grouped: dict[str | None, LineSum] = {}
    for line in lines:
        item = ref_id(line.get("item"))
        summed = grouped.get(item)
        if summed is None:
            summed = grouped[item] = LineSum()
        summed.add(line)
    return grouped


def one(values: set[str | None]) -> str:
    """How a set of values found on an item's lines reads in a discrepancy."""
    shown = sorted("none" if v is None else v for v in values)
    return shown[0] if len(shown) == 1 else " and ".join(shown)

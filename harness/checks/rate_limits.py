"""Rate-limit behaviour: the integration respects governance and loses nothing to it.

At peak the ERP's concurrency limit and 429s are what back an integration up; one that
hammers on through ``Retry-After`` makes it worse, and one that drops a throttled write
loses a sale. Judged from the simulators' request journals, treating the integration as
one client (credentials are redacted there):

* ``retry-after``: a request started while a ``Retry-After`` the integration had been
  given was still running (any simulator; :data:`GRACE_SECONDS` at either end of the
  window are let off: a request may have been on its way as the 429 went out, and a
  client measures the wait from its side of the wire);
* ``concurrency``: more ERP requests in flight at once than the ERP's concurrency limit;
* ``budget``: more ERP 429s than the scenario's ``max_429s`` (injected faults excluded);
* ``lost-write``: an ERP write answered 429 for a record that never got written later.

:func:`per_second` gives the ERP requests and 429s per second for charts.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime
from functools import partial
from itertools import accumulate, compress, count, islice
from operator import methodcaller

from harness.evidence import RECORD_ROOT, WRITE_METHODS, Evidence, body_json, eid_in_path, record_type_in_path

from .base import CheckResult, Findings, Record, journal_ref

NAME = "rate_limits"
TITLE = "Retry-After honoured, ERP concurrency within its limit, 429s within budget, no throttled write lost"
GRACE_SECONDS = 0.1
OVERLAP_TOLERANCE_SECONDS = 0.001  # a request that starts as another ends is not concurrent with it
GOVERNED_PREFIXES = ("/services/rest/record/", "/services/rest/system/", "/services/rest/async/")
SHOWN = 20
SORTED_CHUNK = 65_536  # values :func:`_in_order` and :func:`_sort` hold as float objects at a time
INJECTED_429 = ("fault: status 429", "fault: outage 429")  # the fault injector's notes on a 429 it forced


def check(evidence: Evidence) -> CheckResult:
    findings = Findings()
    metrics: dict[str, float] = {}
    throttled_in = {simulator: _throttled(evidence, simulator) for simulator in evidence.journals}
    governed = _governed(evidence)
    for simulator in evidence.journals:
        # the token endpoint is not governed: re-authenticating while waiting is fine
        judged = governed.judged if simulator == "erp" else partial(_every, evidence, simulator)
        violations = _retry_after(findings, simulator, judged, throttled_in[simulator])
        if violations or simulator == "erp":
            metrics[f"{simulator}_retry_after_violations"] = float(violations)
    journal = evidence.journal("erp")
    throttled = throttled_in.get("erp") or _throttled(evidence, "erp")
    own = [e for e in throttled if not any(str(n).startswith(INJECTED_429) for n in e.get("notes") or ())]
    metrics.update(_concurrency(evidence, findings, governed))
    metrics["erp_requests"] = float(len(journal))
    metrics["erp_429s"] = float(len(throttled))
    metrics["erp_429s_not_injected"] = float(len(own))
    budget = evidence.truth.objectives().max_429s
    if budget is not None and len(own) > budget:
        findings.add(
            "budget",
            None,
            f"at most {budget} ERP 429s",
            f"{len(own)} 429s",
            {"first": [journal_ref("erp", e) for e in own[:SHOWN]]},
        )
    metrics["lost_writes"] = float(_lost_writes(evidence, findings, throttled))
    return findings.result(NAME, TITLE, len(journal), metrics=metrics)


def retry_after_seconds(entry: Record) -> float | None:
    """The Retry-After a response carried, in seconds (number or HTTP date), or None."""
    headers = entry.get("response_headers") or {}
    value = headers.get("Retry-After", headers.get("retry-after"))
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(str(value)).timestamp() - _ended(entry)
    except (TypeError, ValueError):
        return None


def _ended(entry: Record) -> float:
    return float(entry["started_at"]) + float(entry.get("duration_ms", 0.0)) / 1000


def _retry_after(findings: Findings, simulator: str, judged: Callable[[], Judged], throttled: list[Record]) -> int:
    """Requests among the ``judged()`` ones started inside a Retry-After window of an earlier 429 (one client: any
    window counts). Only the offending entries are built: a journal of millions, as a list of dicts, takes gigabytes."""
    windows = [(_ended(e), wait, e) for e in throttled for wait in (retry_after_seconds(e),) if wait]
    if not windows:
        return 0
    started, entry_at = judged()
    if _in_order(started):  # the usual case: a journal is in start order already
        starts, at = started, entry_at
    else:  # stable: as sorting the entries by start
        order = array("q", sorted(range(len(started)), key=started.__getitem__))
        starts, at = array("d", map(started.__getitem__, order)), _compose(entry_at, order.__getitem__)
    offending: dict[int, tuple[Record, Record, float]] = {}
    for ended, wait, told in windows:
        first = bisect_right(starts, ended + GRACE_SECONDS)
        last = bisect_left(starts, ended + wait - GRACE_SECONDS)
        for index in range(first, last):
            entry = at(index)
            offending.setdefault(int(entry["seq"]), (entry, told, ended + wait))
    for seq in sorted(offending):
        entry, told, until = offending[seq]
        findings.add(
            "retry-after",
            _source(entry),
            f"no {simulator} request before {until:.3f} (Retry-After {retry_after_seconds(told):g}s on seq {told.get('seq')})",
            f"seq {seq} {entry.get('method')} {entry.get('path')} at {float(entry['started_at']):.3f}",
            {"request": journal_ref(simulator, entry), "throttled": journal_ref(simulator, told)},
        )
    return len(offending)


Judged = tuple["array[float]", Callable[[int], Record]]  # start times of the judged entries, and the entry at an index


def _every(evidence: Evidence, simulator: str) -> Judged:
    """Every entry of a simulator's journal: their start times, and the entry at an index."""
    return array("d", map(float, evidence.started(simulator))), evidence.journal(simulator).__getitem__


def _compose(outer: Callable[[int], Record], inner: Callable[[int], int]) -> Callable[[int], Record]:
    return lambda index: outer(inner(index))


def _in_order(values: array[float]) -> bool:
    """Whether ``values`` never decrease (False with a NaN, or inf and -inf: no order to trust), at C speed:
    each chunk (and the first value of the next) as a list, compared with itself sorted (a sort of sorted
    floats is one pass of C comparisons, quicker than a Python-level comparison per pair)."""
    total = sum(values)
    if total != total:
        return False
    for start in range(0, len(values), SORTED_CHUNK):
        chunk = values[start : start + SORTED_CHUNK + 1].tolist()
        if sorted(chunk) != chunk:
            return False
    return True


def _sort(values: array[float]) -> None:
    """Sort ``values`` in place, as ``values[:] = array("d", sorted(values))`` would, without a float object per
    value at once (a list of a million floats takes 32 MB) nor a second array: nothing to do when in order
    already (a journal's start times, usually); else a chunk at a time, each value final (and written back
    over the values already read) once no value still to come is smaller: a journal is nearly in time order.
    With a NaN (no order), or an inf (inf - inf is NaN too), sorted whole."""
    if _in_order(values):
        return
    total = sum(values)
    if total != total:
        values[:] = array("d", sorted(values))
        return
    starts = range(0, len(values), SORTED_CHUNK)
    # the least value of each chunk on: least[n] = min(values[starts[n]:])
    least = list(accumulate(reversed([min(values[start : start + SORTED_CHUNK]) for start in starts]), min))[::-1]
    done, waiting = 0, list[float]()
    for n, start in enumerate(starts):
        waiting += values[start : start + SORTED_CHUNK].tolist()
        waiting.sort()  # stable, and every waiting value came before the chunk's: as one sort of them all
        cut = bisect_right(waiting, least[n + 1]) if n + 1 < len(least) else len(waiting)
        values[done : done + cut] = array("d", waiting[:cut])  # done + cut <= the values read so far
        done += cut
        del waiting[:cut]


def _column(values: Iterator[float], length: int) -> array[float]:
    """The array of the ``length`` floats ``values`` gives, made at its length up front (grown from an iterator,
    an array of millions is copied at each growth, and the heap keeps the copies' space)."""
    column = array("d", [0.0]) * length
    for start in range(0, length, SORTED_CHUNK):
        column[start : start + SORTED_CHUNK] = array("d", islice(values, SORTED_CHUNK))
    return column


def _throttled(evidence: Evidence, simulator: str) -> list[Record]:
    """The entries answered 429 (selected without a Python-level loop: journals run to millions)."""
    journal = evidence.journal(simulator)
    return list(map(journal.__getitem__, compress(count(), map((429).__eq__, evidence.statuses(simulator)))))


class _Governed:
    """The ERP entries that count against its governance (record, system and async API): which ones
    (a byte per entry, 1 for governed, from the journal's paths), their start and end times, and the entries
    themselves, one by one, only if asked for."""

    def __init__(self, evidence: Evidence) -> None:
        self.journal = evidence.journal("erp")
        self.mask = bytes(map(methodcaller("startswith", GOVERNED_PREFIXES), evidence.paths("erp")))  # not 8-byte pointers
        governed = self.mask.count(1)
        self.started = _column(map(float, compress(evidence.started("erp"), self.mask)), governed)  # no float objects
        # when each ends (as the concurrency check counts it), unsorted: the durations are not kept
        seconds = map((0.001).__mul__, map(float, compress(evidence.durations("erp"), self.mask)))
        ends = map((-OVERLAP_TOLERANCE_SECONDS).__add__, map(float.__add__, self.started, seconds))
        self.ends = _column(ends, governed)

    def judged(self) -> Judged:
        """The governed entries' start times, and the governed entry at an index among them."""
        positions = array("q", compress(count(), self.mask))
        return self.started, _compose(self.journal.__getitem__, positions.__getitem__)


def _governed(evidence: Evidence) -> _Governed:
    return _Governed(evidence)


def _source(entry: Record) -> str | None:
    named = eid_in_path(str(entry.get("path", "")))
    return named[1] if named else None


def _concurrency(evidence: Evidence, findings: Findings, governed: _Governed) -> dict[str, float]:
    """The most governed ERP requests in flight at once, from the sorted start and end times.

    With starts and ends sorted, the request at start ``i`` (0-based) finds at least ``k``
    in flight (itself included) exactly when ``ends[i + 1 - k] > starts[i]``: fewer than
    ``i + 2 - k`` requests ended by then. So each question "ever ``k`` at once?" is one
    pass of paired comparisons, and the peak a short search.
    """
    ends, starts = governed.ends, governed.started
    _sort(ends)  # in place: read only here
    if not _in_order(starts):  # nearly never: a sorted copy (the governed entries' own order is read below)
        starts = array("d", starts)
        _sort(starts)

    def reached(k: int) -> int:
        """How many requests started with ``k`` or more in flight."""
        return sum(map(float.__lt__, islice(starts, k - 1, None), ends)) if 0 < k <= len(starts) else 0

    def ever(k: int) -> bool:
        """Whether any request started with ``k`` or more in flight (stops at the first)."""
        return 0 < k <= len(starts) and any(map(float.__lt__, islice(starts, k - 1, None), ends))

    limit = int(evidence.erp_config.get("concurrency_limit") or 0)
    over = reached(limit + 1) if limit else 0
    # the peak: the most k reached (at least 1 with any request), searched from what the limit already tells
    low, high = (limit + 1, 2 * limit + 2) if over else (1, limit + 1) if limit else (1, 2)
    if over or not limit:
        while ever(high):  # the peak is below the first doubling never reached
            low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if ever(middle) else (low, middle)
    peak = low if starts else 0
    if over:
        k = limit + 1
        at = [s for s, e in zip(starts[k - 1 :], ends, strict=False) if e > s][:SHOWN]
        wanted = set(at)
        journal, positions = governed.journal, compress(count(), governed.mask)
        seqs = sorted(int(journal[p]["seq"]) for p, s in zip(positions, governed.started, strict=False) if s in wanted)[:SHOWN]
        findings.add(
            "concurrency",
            None,
            f"at most {limit} ERP requests in flight (accountConcurrencyLimit)",
            f"{peak} in flight at most; {over} request(s) started with more than {limit} in flight",
            {"erp_journal_seqs": seqs, "first_over_at": at[0]},
        )
    return {"erp_max_in_flight": float(peak), "erp_concurrency_limit": float(limit), "erp_requests_over_limit": float(over)}


def _written_key(entry: Record) -> tuple[str, str] | None:
    """(record type, eid) a write was for: from ``eid:`` in its path, else its body's externalId/otherRefNum."""
    path = str(entry.get("path", ""))
    named = eid_in_path(path)
    if named is not None:
        return named
    body = body_json(entry)
    if isinstance(body, dict):
        key = body.get("externalId") or body.get("otherRefNum")
        record_type = path.rsplit("/", 1)[-1] if "/!transform/" in path else record_type_in_path(path)
        if key and record_type:
            return record_type, str(key)
    return None


def _lost_writes(evidence: Evidence, findings: Findings, throttled: list[Record]) -> int:
    """Throttled writes whose record is not in the ERP and was never written successfully later."""
    wanted: dict[tuple[str, str], Record] = {}
    for entry in throttled:
        if entry.get("method") in WRITE_METHODS and RECORD_ROOT in str(entry.get("path", "")):
            key = _written_key(entry)
            if key is not None and not evidence.records(*key):
                wanted.setdefault(key, entry)
    if not wanted:
        return 0
    for entry in evidence.journal("erp"):
        if wanted and 200 <= int(entry.get("status", 0)) < 300 and entry.get("method") in WRITE_METHODS:
            key = _written_key(entry)
            if key in wanted and int(entry["seq"]) > int(wanted[key]["seq"]):
                del wanted[key]
    for (record_type, eid), entry in wanted.items():
        findings.add(
            "lost-write",
            evidence.owner_of(eid) or eid,
            f"{record_type} {eid} written after its 429",
            "no later successful write, and no such record",
            {"throttled": journal_ref("erp", entry), "erp_requests": evidence.requests_for_eid(eid)},
        )
    return len(wanted)


def per_second(evidence: Evidence) -> list[tuple[int, int, int]]:
    """(epoch second, ERP requests started in it, of which 429s), in time order, seconds with none left out."""
    requests: Counter[int] = Counter()
    throttled: Counter[int] = Counter()
    for entry in evidence.journal("erp"):
        second = int(float(entry["started_at"]))
        requests[second] += 1
        if entry.get("status") == 429:
            throttled[second] += 1
    return [(second, requests[second], throttled[second]) for second in sorted(requests)]

"""The web shop's stock change history held as columns, so a million transactions' evidence fits.

Every stock movement the integration applies to the web shop leaves a change on a stock level
(``{at, available, delta, via, request_id}``): a few per transaction, each a dict of five values
when held as given. :class:`StockHistory` keeps every level's changes in one set of arrays (times,
levels, deltas; the few distinct ``via`` strings once; the request ids, UUIDs, as numbers), and
each level's ``changes`` becomes a :class:`StockChanges`: a read-only sequence over its slice that
reads exactly like the list it was built from (same dicts, same key order, same types;
tests/checks/test_stock_history.py). A change of any other shape is held whole.
Checks that scan every change read whole columns (:func:`change_columns`) instead of dicts.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from harness.evidence_columns import RowsView, StringColumn

if TYPE_CHECKING:
    from harness.evidence import Compactor

Record = dict[str, Any]
# A plain change's keys, in order (simulators/shop/state.py StockChange).
CHANGE_FIELDS = ("at", "available", "delta", "via", "request_id")
_MAX_VIAS = 2**16 - 1  # distinct ``via`` strings held as columns at most (then changes are held whole)
_INT64 = (-(2**63), 2**63)
_NO_WHOLE: dict[int, Record] = {}  # a level with every change held as columns (shared, never written to)


class StockHistory:
    """Every level's changes in one set of columns; :meth:`add` files one level's and returns its view."""

    __slots__ = ("at", "available", "delta", "request_ids", "via_at", "via_of", "vias")

    def __init__(self) -> None:
        self.at = array("d")
        self.available = array("i")  # 4 bytes a value while every one fits (stock counts do): else widened
        self.delta = array("i")
        self.via_at = array("H")  # per change: its ``via`` in ``vias``
        self.vias: list[str] = []
        self.via_of: dict[str, int] = {}
        self.request_ids = StringColumn()  # the shop's request ids are UUIDs: held as numbers

    def __len__(self) -> int:
        return len(self.at)

    def add(self, changes: Iterable[Any], compactor: Compactor) -> StockChanges:
        """Hold one level's changes (in order) and return the sequence that reads as them."""
        start = len(self.at)
        whole: dict[int, Record] = {}
        for index, change in enumerate(changes):
            via = self._via(change)
            if via is None:
                whole[index] = compactor.value(change)
                self.at.append(0.0)
                self.available.append(0)
                self.delta.append(0)
                self.via_at.append(0)
                self.request_ids.skip()
                continue
            self.at.append(change["at"])
            available, delta = change["available"], change["delta"]
            try:
                self.available.append(available)
            except OverflowError:  # beyond int32: every value held in 8 bytes from here on
                self.available = array("q", self.available)
                self.available.append(available)
            try:
                self.delta.append(delta)
            except OverflowError:
                self.delta = array("q", self.delta)
                self.delta.append(delta)
            self.via_at.append(via)
            self.request_ids.append(change["request_id"], compactor._strings)
        return StockChanges(self, start, len(self.at), whole or _NO_WHOLE)

    def _via(self, change: Any) -> int | None:
        """The index of a plain change's ``via`` (added if new); None for a change held whole."""
        if type(change) is not dict or tuple(change) != CHANGE_FIELDS:
            return None
        at, available, delta, via, request_id = change.values()
        if type(at) is not float or at != at or type(via) is not str:  # NaN: held whole, so it stays that very float
            return None
        if type(available) is not int or type(delta) is not int or not _INT64[0] <= available < _INT64[1]:
            return None
        if not _INT64[0] <= delta < _INT64[1] or (request_id is not None and type(request_id) is not str):
            return None
        found = self.via_of.get(via)
        if found is None and len(self.vias) < _MAX_VIAS:
            found = self.via_of[via] = len(self.vias)
            self.vias.append(via)
        return found

    def change(self, index: int) -> Record:
        """The change at ``index`` of the whole history, rebuilt as its dict."""
        return {
            "at": self.at[index],
            "available": self.available[index],
            "delta": self.delta[index],
            "via": self.vias[self.via_at[index]],
            "request_id": self.request_ids[index],
        }


class StockChanges(RowsView):
    """One stock level's changes as the evidence keeps them: a read-only sequence equal to the list of
    changes it was built from, over its slice of a :class:`StockHistory` (a change held whole is read as
    that very dict; the rest are rebuilt as equal dicts on each read). :meth:`column` reads one field of
    every change without building any."""

    __slots__ = ("history", "start", "stop", "whole")

    def __init__(self, history: StockHistory, start: int, stop: int, whole: dict[int, Record]) -> None:
        self.history, self.start, self.stop, self.whole = history, start, stop, whole

    def __len__(self) -> int:
        return self.stop - self.start

    def __iter__(self) -> Iterator[Record]:
        if not self.whole:  # every change held as columns: built straight from the history
            return map(self.history.change, range(self.start, self.stop))
        return super().__iter__()

    def _row(self, index: int) -> Record:
        found = self.whole.get(index)
        return self.history.change(self.start + index) if found is None else found

    def column(self, key: str, default: Any = None) -> list[Any]:
        """Each change's ``key`` (one of :data:`CHANGE_FIELDS`; ``default`` for a change held whole that
        has none), in order."""
        history, start, stop = self.history, self.start, self.stop
        values: list[Any]
        if key == "via":
            values = list(map(history.vias.__getitem__, history.via_at[start:stop]))
        elif key == "request_id":
            values = list(history.request_ids.between(start, stop))
        else:
            numbers: dict[str, array[Any]] = {"at": history.at, "available": history.available, "delta": history.delta}
            values = numbers[key][start:stop].tolist()
        for index, change in self.whole.items():
            values[index] = change.get(key, default) if isinstance(change, dict) else default
        return values


def change_columns(changes: Sequence[Any], *keys: tuple[str, Any]) -> list[list[Any]]:
    """Columns of a level's changes, one per (key, default): each change's value (``change.get(key, default)``)
    in order. Of :class:`StockChanges`, read from its arrays; of a list, one pass over its dicts."""
    if isinstance(changes, StockChanges):
        return [changes.column(key, default) for key, default in keys]
    return [[change.get(key, default) for change in changes] for key, default in keys]


def hold_levels(levels: Iterable[Any], compactor: Compactor, history: StockHistory | None = None) -> list[Any]:
    """The shop's stock levels as the evidence keeps them: each compacted, its ``changes`` list (if it has
    one) held in ``history`` (a new one if None: one for every level of a run) as a :class:`StockChanges`."""
    held = StockHistory() if history is None else history
    kept: list[Any] = []
    value = compactor.value
    for level in levels:
        if type(level) is not dict or type(level.get("changes")) is not list:
            kept.append(value(level))
            continue
        kept.append({key: held.add(item, compactor) if key == "changes" else value(item) for key, item in level.items()})
    return kept

"""The truth's stock movements held as columns, so a million transactions' truth fits.

Every truth transaction lists the stock movements it makes (``scenarios.truth.StockMove``: SKU,
ERP item, store, ERP and shop location, signed quantity, adjustment eid): two or three per
transaction, each a dict of seven values when held as given, about 400 bytes a transaction with
their list. A :class:`MoveTable` holds every transaction's movements in one set of columns: each
distinct *place* (the five values that name an item at a store) once, a quantity and an eid
per movement. A transaction's ``stock`` becomes a :class:`StockMoves`, a read-only sequence over
its slice that reads, compares and prints exactly like the list it was built from (same dicts,
same key order, same types; tests/checks/test_truth_moves.py). A movement of any other shape
leaves its whole list as it was given.

The checks that read every movement of a million transactions read them through
:func:`adjustment_eid`, :func:`shop_quantities` and :func:`item_locations`, which take a list of
dicts (a hand-built truth) or a :class:`StockMoves` alike, without building a dict per movement.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from harness.evidence_columns import RowsView
from scenarios.traffic.records import stock_move

Record = dict[str, Any]
# A plain movement's keys, in order (scenarios/truth.py StockMove, as scenarios/traffic/records.py writes it).
MOVE_FIELDS = ("sku", "erp_item", "store_id", "erp_location", "shop_location", "quantity", "adjustment_external_id")
Place = tuple[Any, Any, Any, Any, Any]  # sku, erp_item, store_id, erp_location, shop_location
MIXED = object()  # :func:`adjustment_eid` of movements that name more than one eid
_MAX_PLACES = 2**32 - 1
_INT32 = (-(2**31), 2**31)
_PLACE = itemgetter(*MOVE_FIELDS[:5])
_ITEM_LOCATION = itemgetter("erp_item", "erp_location")


class MoveTable:
    """Every transaction's movements in one set of columns; :meth:`hold` files one transaction's."""

    __slots__ = ("eids", "item_locations", "place_at", "place_of", "places", "quantities", "shop_keys")

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.place_of: dict[Place, int] = {}
        self.item_locations: list[tuple[Any, Any]] = []  # per place: (erp_item, erp_location)
        self.shop_keys: list[tuple[Any, Any]] = []  # per place: (sku, shop_location)
        self.place_at = array("I")  # per movement: its place in ``places``
        self.quantities = array("i")
        self.eids: list[str | None] = []

    def __len__(self) -> int:
        return len(self.quantities)

    def hold(self, moves: list[Any], strings: Callable[[str], str]) -> StockMoves | None:
        """One transaction's movements as a :class:`StockMoves` over new rows of the table; None (and
        nothing filed) when one is not a plain movement. ``strings`` gives the one string equal to an
        eid (the compactor's ``joining_id``)."""
        found: list[tuple[int, int, str | None]] = []
        for move in moves:
            if type(move) is not dict or tuple(move) != MOVE_FIELDS:
                return None
            quantity, eid = move["quantity"], move["adjustment_external_id"]
            if type(quantity) is not int or not _INT32[0] <= quantity < _INT32[1] or (eid is not None and type(eid) is not str):
                return None
            place = self._place(_PLACE(move))
            if place is None:  # a value of another type (equal places must be the very same values)
                return None
            found.append((place, quantity, None if eid is None else strings(eid)))
        start = len(self.quantities)
        for place, quantity, eid in found:
            self.place_at.append(place)
            self.quantities.append(quantity)
            self.eids.append(eid)
        return StockMoves(self, start, len(found))

    def _place(self, place: Place) -> int | None:
        sku, erp_item, store_id, erp_location, shop_location = place
        if type(sku) is not str or type(erp_item) is not str or type(store_id) is not str:
            return None  # 1 and 1.0 (and True) are equal keys: only the schema's types are held as columns
        if (erp_location is not None and type(erp_location) is not str) or (
            shop_location is not None and type(shop_location) is not int
        ):
            return None
        found = self.place_of.get(place)
        if found is None and len(self.places) < _MAX_PLACES:
            found = self.place_of[place] = len(self.places)
            self.places.append(place)
            self.item_locations.append((place[1], place[3]))
            self.shop_keys.append((place[0], place[4]))
        return found

    def move(self, index: int) -> Record:
        """The movement at ``index`` of the whole table, rebuilt as its dict."""
        return stock_move(*self.places[self.place_at[index]], self.quantities[index], self.eids[index])


class StockMoves(RowsView):
    """One transaction's movements as the evidence keeps them: a read-only sequence equal to the list of
    movements it was built from, over its rows of a :class:`MoveTable` (rebuilt as equal dicts on each read)."""

    __slots__ = ("length", "start", "table")

    def __init__(self, table: MoveTable, start: int, length: int) -> None:
        self.table, self.start, self.length = table, start, length

    def __len__(self) -> int:
        return self.length

    def _row(self, index: int) -> Record:
        return self.table.move(self.start + index)

    def __iter__(self) -> Iterator[Record]:
        return map(self.table.move, range(self.start, self.start + self.length))

    def eids(self) -> list[str | None]:
        return self.table.eids[self.start : self.start + self.length]

    def scan(self) -> tuple[Any, list[tuple[tuple[Any, Any], int]]]:
        """(:func:`adjustment_eid`, :func:`shop_quantities`) in one call: what the evidence's one pass over
        the truth reads of every transaction's movements (a single movement, the usual case, without slicing)."""
        table, start = self.table, self.start
        if self.length == 1:
            return table.eids[start], [(table.shop_keys[table.place_at[start]], table.quantities[start])]
        stop = start + self.length
        eids = table.eids[start:stop]
        eid = eids[0] if eids.count(eids[0]) == len(eids) else MIXED
        keys = map(table.shop_keys.__getitem__, table.place_at[start:stop])
        return eid, list(zip(keys, table.quantities[start:stop], strict=True))


def adjustment_eid(moves: Sequence[Any]) -> Any:
    """The adjustment eid every movement names (None when none names one, or there are none), or :data:`MIXED`."""
    eids = moves.eids() if type(moves) is StockMoves else [move["adjustment_external_id"] for move in moves]
    if not eids:
        return None
    first = eids[0]
    return first if eids.count(first) == len(eids) else MIXED


def item_locations(moves: Sequence[Any]) -> tuple[tuple[Any, Any], ...]:
    """(erp_item, erp_location) of each movement, in order."""
    if type(moves) is StockMoves:
        table, start = moves.table, moves.start
        return tuple(map(table.item_locations.__getitem__, table.place_at[start : start + moves.length]))
    return tuple(map(_ITEM_LOCATION, moves))


def shop_quantities(moves: Sequence[Any]) -> list[tuple[tuple[Any, Any], Any]]:
    """((sku, shop_location), quantity) of each movement, in order."""
    if type(moves) is StockMoves:
        table, start, stop = moves.table, moves.start, moves.start + moves.length
        return list(zip(map(table.shop_keys.__getitem__, table.place_at[start:stop]), table.quantities[start:stop], strict=True))
    return [((move["sku"], move["shop_location"]), move["quantity"]) for move in moves]

"""ERP records of one type held as columns, so a million inventory adjustments fit beside the rest.

A run of a million transactions leaves about a million inventory adjustments in the ERP. As
dicts, each costs ~290 bytes beyond what it shares with the truth (the dict itself, its memo);
in a :class:`RecordTable` it costs ~50: its values sit in one column per field, where the
references, dates and sublists that repeat from record to record (``{"id": "100"}``, the one
``inventory`` sublist of a one-unit sale of an item at a store) are each held once with an index
per record, internal ids are held as numbers, external ids are the very strings the rest of the
evidence holds, and a memo is a shared head and its last word (``"NewStore sale "`` + a source id
held elsewhere).

A table reads exactly like the list it was built from: an equal dict, with the same keys in the
same order, is rebuilt whenever a record is read (tests/checks/test_record_table.py). Records of
shapes it does not take (more shapes than :data:`_MAX_SHAPES`, a non-string key or memo) are held
whole. A check that passes over every record reads a field of all of them at once instead
(:func:`record_column`), and the record index keeps positions (:class:`KeyedRows`), so that
no pass over a million records builds a million dicts.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import islice
from operator import lt
from typing import Any, cast

from .evidence_columns import RowsView

Record = dict[str, Any]
# Record types the evidence holds as a RecordTable, and the record index by position.
TABLED_TYPES = frozenset({"salesOrder", "cashSale", "invoice", "creditMemo", "inventoryAdjustment"})
# Fields whose values differ from record to record (ids): held by pointer, never looked up as repeats.
UNIQUE_FIELDS = frozenset({"id", "externalId", "otherRefNum"})
_MAX_SHAPES = 250  # distinct key orders one table holds as columns (then records are held whole)
_MAX_REPEATS = 50_000  # distinct values one column indexes (then it holds a pointer per record)
_MAX_HEADS = 1_000  # distinct memo heads one table shares
_WHOLE = 0  # the shape of a record held whole
_NO_NUMBER = -1  # a record without an id (a number column holds no negative number)


class _Pointers:
    """A column that holds each record's value itself (8 bytes a record)."""

    __slots__ = ("values",)

    def __init__(self, values: list[Any]) -> None:
        self.values = values

    def append(self, value: Any) -> None:
        self.values.append(value)

    def __getitem__(self, index: int) -> Any:
        return self.values[index]

    def all(self) -> list[Any]:
        return list(self.values)


class _Numbers:
    """A column of internal ids, which the ERP writes as decimal numbers (``"1004"``): held as 8-byte
    numbers rather than 50-byte strings, and written back as the same text. The first value that is not
    such a number ends it: :meth:`append` returns a :class:`_Pointers` to use instead."""

    __slots__ = ("values",)

    def __init__(self, rows: int) -> None:
        self.values = array("q", [_NO_NUMBER]) * rows

    def append(self, value: Any) -> _Pointers | None:
        if _is_decimal(value):
            self.values.append(int(value))
            return None
        pointers = _Pointers(self.all())
        pointers.append(value)
        return pointers

    def __getitem__(self, index: int) -> Any:
        number = self.values[index]
        return None if number == _NO_NUMBER else str(number)

    def all(self) -> list[Any]:
        return [None if number == _NO_NUMBER else str(number) for number in self.values]


def _is_decimal(value: Any) -> bool:
    """A string that ``str(int(value))`` writes back exactly, within 64 bits."""
    if type(value) is not str or not 0 < len(value) < 19 or not (value.isascii() and value.isdigit()):
        return False
    return value[0] != "0" or value == "0"


class _Repeats:
    """A column of values that repeat (references, dates, sublists): each distinct object held once and
    an index per record (4 bytes). Told apart by identity: the Compactor holds equal values once, and the
    column holds what it indexes, so no id is reused while it is known. Past :data:`_MAX_REPEATS`
    distinct objects it stops indexing: :meth:`append` returns a :class:`_Pointers` to use instead."""

    __slots__ = ("at", "index_of", "values")

    def __init__(self, rows: int) -> None:
        self.values: list[Any] = [None]
        self.index_of: dict[int, int] = {id(None): 0}
        self.at = array("I", bytes(4 * rows))  # the records before this column existed lacked the field

    def append(self, value: Any) -> _Pointers | None:
        found = self.index_of.get(id(value))
        if found is None:
            if len(self.values) >= _MAX_REPEATS:
                pointers = _Pointers(self.all())
                pointers.append(value)
                return pointers
            found = self.index_of[id(value)] = len(self.values)
            self.values.append(value)
        self.at.append(found)
        return None

    def __getitem__(self, index: int) -> Any:
        return self.values[self.at[index]]

    def all(self) -> list[Any]:
        return list(map(self.values.__getitem__, self.at))


class _Memos:
    """A column of memos held as a shared head (up to the last space) and the last word, which is most often
    a source id the truth holds (``"NewStore sale S00-T1-000000000"``): the word is the very string held there."""

    __slots__ = ("at", "head_of", "heads", "tails")

    def __init__(self, rows: int) -> None:
        self.heads: list[str] = [""]
        self.head_of: dict[str, int] = {"": 0}
        self.at = array("H", bytes(2 * rows))
        self.tails: list[str | None] = [None] * rows

    def append(self, memo: str, word: Callable[[str], str]) -> None:
        cut = memo.rfind(" ") + 1
        head = self.head_of.get(memo[:cut]) if cut else 0
        if head is None and len(self.heads) < _MAX_HEADS:
            head = self.head_of[memo[:cut]] = len(self.heads)
            self.heads.append(memo[:cut])
        if head:
            self.at.append(head)
            self.tails.append(word(memo[cut:]))
        else:
            self.at.append(0)
            self.tails.append(memo)

    def __getitem__(self, index: int) -> Any:
        tail = self.tails[index]
        return tail if tail is None else self.heads[self.at[index]] + tail

    def all(self) -> list[Any]:
        heads = map(self.heads.__getitem__, self.at)
        return [None if tail is None else head + tail for head, tail in zip(heads, self.tails, strict=True)]


_AnyColumn = _Pointers | _Numbers | _Repeats | _Memos
_BY_REPEAT, _BY_POINTER, _BY_NUMBER, _BY_MEMO = range(4)
_Read = tuple[str, int, Any, Any, Any]  # key, how, the column's values, its indexes, its memo heads


def _read(key: str, column: _AnyColumn) -> _Read:
    """How :meth:`RecordTable._row` reads one field: the column's own lists and arrays (appended to in place,
    so a plan stays true while its column does), not a method call per field."""
    if isinstance(column, _Repeats):
        return key, _BY_REPEAT, column.values, column.at, None
    if isinstance(column, _Pointers):
        return key, _BY_POINTER, column.values, None, None
    if isinstance(column, _Numbers):
        return key, _BY_NUMBER, column.values, None, None
    return key, _BY_MEMO, column.tails, column.at, column.heads


class RecordTable(RowsView):
    """One ERP record type's records as a read-only sequence equal to their list, held as columns.

    Built a record at a time (:meth:`append`), each value compacted by the function given (the
    :class:`~harness.evidence.Compactor`'s :meth:`~harness.evidence.Compactor.field`). A record is
    held as columns when its keys are strings in an order the table knows (or, while it knows fewer
    than :data:`_MAX_SHAPES`, learns) and its memo, if it has one, is a string; else whole.
    """

    __slots__ = ("columns", "kinds", "plans", "shape_of", "shapes", "size", "whole")

    def __init__(self, records: Iterable[Record] = (), field: Callable[[str, Any], Any] | None = None) -> None:
        self.size = 0
        self.kinds = array("B")  # per record: its shape in ``shapes``; 0: held whole
        self.shapes: list[tuple[tuple[str, _AnyColumn], ...]] = [()]
        self.plans: list[tuple[_Read, ...]] = [()]  # per shape, how :meth:`_row` reads each field (see _read)
        self.shape_of: dict[tuple[Any, ...], int] = {}
        self.columns: dict[str, _AnyColumn] = {}
        self.whole: dict[int, Record] = {}
        for record in records:
            self.append(record, field)

    def __len__(self) -> int:
        return self.size

    def append(self, record: Record, field: Callable[[str, Any], Any] | None = None) -> None:
        """Add a record (compacting its values with ``field(key, value)``, if given)."""
        keys = tuple(record)
        shape = self.shape_of.get(keys)
        if shape is None:
            shape = self._learn(keys, record)
        elif "memo" in record and type(record["memo"]) is not str:
            shape = _WHOLE
        index = self.size
        self.size += 1
        if shape == _WHOLE:
            self.kinds.append(_WHOLE)
            self.whole[index] = record if field is None else {key: field(key, value) for key, value in record.items()}
            self._pad(set())
            return
        self.kinds.append(shape)
        present = set(keys)
        word = _same if field is None else partial(field, "externalId")  # a memo's last word: an id, held once
        for key, value in record.items():
            column = self.columns[key]
            if field is not None and type(column) is not _Numbers:  # a number is held as such, never as a string
                value = field(key, value)
            if isinstance(column, _Memos):
                column.append(value, word)
            else:
                replaced = column.append(value)
                if replaced is not None:
                    self._replace(key, replaced)
        self._pad(present)

    def _learn(self, keys: tuple[Any, ...], record: Record) -> int:
        if len(self.shapes) > _MAX_SHAPES or not all(type(key) is str for key in keys):
            return _WHOLE
        if "memo" in record and type(record["memo"]) is not str:
            return _WHOLE
        for key in keys:
            if key not in self.columns:
                self.columns[key] = self._new_column(key)
        shape = self.shape_of[keys] = len(self.shapes)
        self.shapes.append(tuple((key, self.columns[key]) for key in keys))
        self.plans.append(tuple(_read(key, self.columns[key]) for key in keys))
        return shape

    def _new_column(self, key: str) -> _AnyColumn:
        if key == "memo":
            return _Memos(self.size)
        if key == "id":
            return _Numbers(self.size)
        if key in UNIQUE_FIELDS:
            return _Pointers([None] * self.size)
        return _Repeats(self.size)

    def _replace(self, key: str, column: _Pointers) -> None:
        """A column that stopped indexing repeats is held as pointers from now on, in every shape too."""
        self.columns[key] = column
        self.shapes = [tuple((k, column if k == key else c) for k, c in shape) for shape in self.shapes]
        self.plans = [tuple(_read(k, c) for k, c in shape) for shape in self.shapes]

    def _pad(self, present: set[str]) -> None:
        """Give every column the record lacks a placeholder, so that each column has a value per record."""
        for key, column in self.columns.items():
            if key not in present:
                if isinstance(column, _Memos):
                    column.at.append(0)
                    column.tails.append(None)
                elif isinstance(column, _Repeats):
                    column.at.append(0)
                elif isinstance(column, _Numbers):
                    column.values.append(_NO_NUMBER)
                else:
                    column.append(None)

    def _row(self, index: int) -> Record:
        shape = self.kinds[index]
        if shape == _WHOLE:
            return self.whole[index]
        row = {}
        for key, how, values, at, heads in self.plans[shape]:  # the columns' parts read in line: twice as fast
            if how == _BY_REPEAT:
                row[key] = values[at[index]]
            elif how == _BY_POINTER:
                row[key] = values[index]
            elif how == _BY_NUMBER:
                number = values[index]
                row[key] = None if number == _NO_NUMBER else str(number)
            else:
                tail = values[index]
                row[key] = tail if tail is None else heads[at[index]] + tail
        return row

    def ids_in_order(self) -> array[int] | None:
        """The records' internal ids as numbers, when every record's id is a number held as one and each is
        greater than the one before (the ERP numbers its records as it makes them); else None."""
        column = self.columns.get("id")
        if not isinstance(column, _Numbers) or self.whole:
            return None
        numbers = column.values
        return numbers if all(map(lt, numbers, islice(numbers, 1, None))) and (not numbers or numbers[0] >= 0) else None

    def cell(self, index: int, key: str) -> Any:
        """Record ``index``'s value of ``key`` (None if it has none), without building the record."""
        if not 0 <= index < self.size:
            raise IndexError(f"RecordTable index out of range: {index}")
        if self.kinds[index] == _WHOLE:
            return self.whole[index].get(key)
        column = self.columns.get(key)
        return None if column is None else column[index]

    def column(self, key: str) -> list[Any]:
        """Each record's value of ``key`` (None if it has none), in order, built without building the records."""
        column = self.columns.get(key)
        values = [None] * self.size if column is None else column.all()
        for index, record in self.whole.items():
            values[index] = record.get(key)
        return values


def _same(word: str) -> str:
    return word


def record_column(records: Sequence[Record], key: str) -> list[Any]:
    """Each record's value of ``key`` (None if it has none): a table's column, or read from a list of dicts."""
    if isinstance(records, RecordTable):
        return records.column(key)
    return [record.get(key) for record in records]


def record_cell(records: Sequence[Record], index: int, key: str) -> Any:
    """One record's value of ``key`` (None if it has none), read from a table's column without building the record."""
    if isinstance(records, RecordTable):
        return records.cell(index, key)
    return records[index].get(key)


class SortedIds(Mapping[str, Record]):
    """Internal id -> record, of a table whose ids ascend (:meth:`RecordTable.ids_in_order`): found by
    bisecting its column of ids, so no index of a million ids is held (read only)."""

    __slots__ = ("numbers", "records")

    def __init__(self, numbers: array[int], records: Sequence[Record]) -> None:
        self.numbers, self.records = numbers, records

    def _position(self, key: object) -> int | None:
        if not _is_decimal(key):
            return None
        number = int(cast("str", key))
        at = bisect_left(self.numbers, number)
        return at if at < len(self.numbers) and self.numbers[at] == number else None

    def __getitem__(self, key: str) -> Record:
        position = self._position(key)
        if position is None:
            raise KeyError(key)
        return self.records[position]

    def get(self, key: str, default: Any = None) -> Any:
        position = self._position(key)
        return default if position is None else self.records[position]

    def __contains__(self, key: object) -> bool:
        return self._position(key) is not None

    def __iter__(self) -> Iterator[str]:
        return map(str, self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)


class KeyedRows(Mapping[str, Record]):
    """Key -> record of one type, held as key -> position in its records (a list or a :class:`RecordTable`):
    what the record index keeps for :data:`TABLED_TYPES`, read like the dict of records it stands for."""

    __slots__ = ("positions", "records")

    def __init__(self, positions: dict[str, int], records: Sequence[Record]) -> None:
        self.positions, self.records = positions, records

    def __getitem__(self, key: str) -> Record:
        return self.records[self.positions[key]]

    def get(self, key: str, default: Any = None) -> Any:
        position = self.positions.get(key)
        return default if position is None else self.records[position]

    def __contains__(self, key: object) -> bool:
        return key in self.positions

    def __iter__(self) -> Iterator[str]:
        return iter(self.positions)

    def __len__(self) -> int:
        return len(self.positions)


class RecordFields:
    """Some fields of the ERP records, a column per field per record type (:func:`record_column`), built
    for a type when first asked: a check reads the fields of a record it found by position in C-speed lists."""

    __slots__ = ("columns", "keys", "records")

    def __init__(self, records: Mapping[str, Sequence[Record]], keys: tuple[str, ...]) -> None:
        self.records, self.keys = records, keys
        self.columns: dict[str, tuple[list[Any], ...]] = {}

    def of(self, record_type: str) -> tuple[list[Any], ...]:
        """The columns of ``keys``, in their order, of one type's records (empty if there are none)."""
        found = self.columns.get(record_type)
        if found is None:
            rows = self.records.get(record_type, ())
            found = self.columns[record_type] = tuple(record_column(rows, key) for key in self.keys)
        return found

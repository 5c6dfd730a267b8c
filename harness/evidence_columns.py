"""Request journals, publish times and webhook deliveries held as columns, so a million transactions' evidence fits.

A run's journals are its biggest evidence: an entry per request, a few per transaction. Almost
every entry has one plain shape (a successful write: seq, times, method, path, status, one
response header), so :class:`Journal` keeps such entries as arrays and shared strings and
rebuilds an equal dict when one is read; anything else is held whole. :class:`PublishTimes`
does the same for the driver's seq -> time map, and :class:`Deliveries` for NewStore's webhook
deliveries (nearly all went through at once). Each reads exactly like the list or dict it was
built from (tests/checks/test_journal.py, test_deliveries.py), so a check may treat them as such,
and reads whole columns (:meth:`Journal.column`, :attr:`Deliveries.held_whole`) when it wants speed.
(The web shop's stock change history is held the same way: harness/evidence_stock.py.)

A column costs as little as its values allow: numbers that count up (seqs, ids: :class:`SeqColumn`)
are held as a count, values few of which are distinct (queries, durations, path tails:
:class:`DistinctColumn`, :class:`FloatColumn`) as 2-byte indexes, each falling back to a plain
array or list at the first value that does not fit.
"""

from __future__ import annotations

from abc import abstractmethod
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from math import copysign
from operator import eq
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

if TYPE_CHECKING:
    from harness.evidence import Compactor

Record = dict[str, Any]
Text = TypeVar("Text", str, str | None)
# The fields a slim journal entry keeps (harness.evidence.slim_entry), in order.
SLIM_FIELDS = ("seq", "started_at", "duration_ms", "method", "path", "query", "status", "notes", "response_headers")
NOT_PUBLISHED = float("nan")
_EMPTY_TIMES: dict[int, float] = {}
# distinct values one column holds by a 2-byte index at most (a journal's queries; a Deliveries' labels, attempts lists)
_MAX_DISTINCT = 2**16 - 1
_MISSING = object()


class PublishTimes(Mapping[int, float]):
    """Traffic seq -> epoch seconds it went out, as the evidence keeps it (read only): equal to the mapping
    it was built from, but seqs that run without big gaps are held in an array of floats (a million
    transactions' seqs in 8 MB rather than a dict of a million ints and floats); any other key or value
    (a float key, an int time) is held as given. Iterates in seq order."""

    __slots__ = ("count", "first", "others", "times")

    def __init__(self, times: Mapping[int, float] = _EMPTY_TIMES) -> None:
        dense = [seq for seq, at in times.items() if type(seq) is int and type(at) is float and at == at]
        first, last = (min(dense), max(dense)) if dense else (0, -1)
        if last - first + 1 > 2 * len(dense) + 1024:  # too sparse: all held as given
            dense, first, last = [], 0, -1
        self.first, self.count = first, len(dense)
        self.times = array("d", [NOT_PUBLISHED]) * (last - first + 1)
        for seq in dense:
            self.times[seq - first] = times[seq]
        self.others = {  # the rest, as given
            seq: at for seq, at in times.items() if not (dense and type(seq) is int and type(at) is float and at == at)
        }

    def __getitem__(self, seq: int) -> float:
        found = self.get(seq, _MISSING)
        if found is _MISSING:
            raise KeyError(seq)
        return cast("float", found)

    def get(self, seq: int, default: Any = None) -> Any:
        if type(seq) is int:
            index = seq - self.first
            if 0 <= index < len(self.times):
                at = self.times[index]
                if at == at:  # not NaN: published
                    return at
        return self.others.get(seq, default)

    def __contains__(self, seq: object) -> bool:
        return self.get(cast("int", seq), _MISSING) is not _MISSING

    def __len__(self) -> int:
        return self.count + len(self.others)

    def __iter__(self) -> Iterator[int]:
        first = self.first
        yield from (first + index for index, at in enumerate(self.times) if at == at)
        yield from self.others

    def __repr__(self) -> str:
        return f"PublishTimes({dict(self)!r})"


class SeqColumn(Sequence[int]):
    """A column of 64-bit numbers that count up by one (a journal's seqs, deliveries' ids and event seqs, the
    web shop's request ids), held as no more than its first value while every value is its position plus that
    offset: the array of 8 bytes a value is built only at the first value that breaks the count (a gap, a
    repeat), and then held as given. ``typecode``: ``q`` (int64) or ``Q`` (uint64)."""

    __slots__ = ("length", "offset", "typecode", "values")

    def __init__(self, typecode: str = "q") -> None:
        self.typecode = typecode
        self.length = 0  # values held as ``offset + position`` (while ``values`` is None)
        self.offset: int | None = None  # set by the first value appended (values skipped before it read as anything)
        self.values: array[int] | None = None

    def append(self, value: int) -> None:
        """Add ``value`` (an int the typecode holds)."""
        if self.values is None:
            if self.offset is None and value - self.length >= _SEQ_BOUNDS[self.typecode][0]:
                self.offset = value - self.length
            if self.offset is not None and value == self.offset + self.length:
                self.length += 1
                return
        self._held().append(value)

    def skip(self, count: int = 1) -> None:
        """Add ``count`` values never read (their entries are held whole, and read from their dicts): kept in the
        count if they can be."""
        if self.values is None and (self.offset is None or self.offset + self.length + count <= _SEQ_BOUNDS[self.typecode][1]):
            self.length += count
        else:
            self._held().extend(repeat(0, count))

    def _held(self) -> array[int]:
        """The values as an array, built from the count the first time."""
        if self.values is None:
            offset = self.offset or 0
            self.values = array(self.typecode, range(offset, offset + self.length))
        return self.values

    def reader(self) -> Callable[[int], int]:
        """The value at an index (0 <= index < len), as a C-level callable (no Python frame per value)."""
        return self.values.__getitem__ if self.values is not None else (self.offset or 0).__add__

    def __len__(self) -> int:
        return self.length if self.values is None else len(self.values)

    def __getitem__(self, index: Any) -> Any:
        if self.values is not None:
            return self.values[index]
        offset = self.offset or 0
        return range(offset, offset + self.length)[index]  # an int, or a range for a slice

    def __iter__(self) -> Iterator[int]:
        if self.values is not None:
            return iter(self.values)
        offset = self.offset or 0
        return iter(range(offset, offset + self.length))


def _as_is(value: Any) -> Any:
    return value


def _distinct(
    index_of: dict[Any, int], values: list[Any], key: Any, value: Any, hold: Callable[[Any], Any] = _as_is
) -> int | None:
    """The index of ``value`` (known by ``key``) in a column's distinct ``values``, added (as ``hold`` keeps it)
    if new; None when the column already holds :data:`_MAX_DISTINCT` of them."""
    found = index_of.get(key)
    if found is None:
        if len(values) >= _MAX_DISTINCT:
            return None
        found = index_of[key] = len(values)
        values.append(hold(value))
    return found


class DistinctColumn(Generic[Text]):
    """A column of strings (or None) of which few are distinct (a journal's queries: one or two in a run; the
    tails of the web shop's paths): each distinct value held once and a 2-byte index per entry rather than an
    8-byte pointer; past :data:`_MAX_DISTINCT` distinct values, held as a plain list."""

    __slots__ = ("at", "index_of", "listed", "values")

    def __init__(self, values: Iterable[Text] = ()) -> None:
        self.at = array("H")
        self.values: list[Text] = []
        self.index_of: dict[Text, int] = {}
        self.listed: list[Text] | None = None  # the plain list, once there are too many distinct values
        for value in values:
            self.append(value)

    def __len__(self) -> int:
        return len(self.at) if self.listed is None else len(self.listed)

    def append(self, value: Text) -> None:
        if self.listed is None:
            found = _distinct(self.index_of, self.values, value, value)
            if found is not None:
                self.at.append(found)
                return
            self.listed = list(map(self.values.__getitem__, self.at))
            self.at, self.index_of = array("H"), {}
        self.listed.append(value)

    def __getitem__(self, index: Any) -> Any:
        if self.listed is not None:
            return self.listed[index]
        if isinstance(index, slice):
            return list(map(self.values.__getitem__, self.at[index]))
        return self.values[self.at[index]]

    def between(self, start: int, stop: int) -> Iterator[Text]:
        """The values from ``start`` to ``stop``, at C speed."""
        if self.listed is not None:
            return iter(self.listed[start:stop])
        return map(self.values.__getitem__, self.at[start:stop])


class FloatColumn(Sequence[float]):
    """A column of floats of which few are distinct (durations in ms, which a journal rounds to 3 decimals: a
    few thousand values in a run), held as a 2-byte index into its distinct values rather than 8 bytes a
    float; past :data:`_MAX_DISTINCT` distinct values, as an array of floats. 0.0 and -0.0 are told apart."""

    __slots__ = ("at", "floats", "index_of", "values")

    def __init__(self) -> None:
        self.at = array("H")
        self.values: list[float] = []
        self.index_of: dict[Any, int] = {}  # a value (a zero: its sign) -> its index in ``values``
        self.floats: array[float] | None = None  # the plain array, once there are too many distinct values

    def append(self, value: float) -> None:
        if self.floats is None:
            key = value if value else ("zero", copysign(1.0, value))  # -0.0 == 0.0: not one key
            found = _distinct(self.index_of, self.values, key, value)
            if found is not None:
                self.at.append(found)
                return
            self.floats = array("d", map(self.values.__getitem__, self.at))
            self.at, self.index_of = array("H"), {}
        self.floats.append(value)

    def __len__(self) -> int:
        return len(self.at) if self.floats is None else len(self.floats)

    def __getitem__(self, index: Any) -> Any:
        if self.floats is not None:
            return self.floats[index]
        if isinstance(index, slice):
            return list(map(self.values.__getitem__, self.at[index]))
        return self.values[self.at[index]]

    def __iter__(self) -> Iterator[float]:
        return iter(self.floats) if self.floats is not None else map(self.values.__getitem__, self.at)


_COLUMN_KEYS = ("seq", "started_at", "duration_ms", "method", "path", "status")  # a columnar entry has each
_MAX_HEADS = 100_000  # distinct string heads one column shares at most (then strings are held whole)
_MAX_TAILS = 10_000  # distinct tails one column shares at most (beyond the strings the Compactor holds)
_MAX_SHAPES = 60_000  # distinct entry shapes one journal holds as columns at most (then entries are held whole)


_UUID = 1  # the head of a string held as a UUID's number
_NONE = 2  # the head of a None
_WIDER = {"B": "H", "H": "I"}  # a column of head indexes grows from 1 byte an entry to 2, then 4, as heads are added
_SEQ_BOUNDS = {"q": (-(2**63), 2**63), "Q": (0, 2**64)}  # the values a SeqColumn of each typecode holds
_NO_STRINGS: dict[str, str] = {}
_LOW = 2**64 - 1


def _uuid_number(text: Any) -> int | None:
    """The 128-bit number of a UUID written as :func:`_uuid_text` writes it (lower case, dashed); else None."""
    if type(text) is not str or len(text) != 36 or text[8] != "-" or text[13] != "-" or text[18] != "-" or text[23] != "-":
        return None
    try:
        number = int(text.replace("-", ""), 16)
    except ValueError:
        return None
    return number if _uuid_text(number) == text else None  # only the canonical spelling: it is rebuilt exactly


def _uuid_text(number: int) -> str:
    """A UUID's canonical text (as ``str(uuid.UUID(int=number))``)."""
    digits = f"{number:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


class StringColumn:
    """A column of strings held as a shared head (up to the last ``/`` or ``:``) and a tail: paths and
    URLs differ only after their last separator, and the tail is often an id held elsewhere. A UUID (the
    web shop's request ids) is held as its number, 16 bytes rather than an 85-byte string (or less: the shop
    numbers its requests, so their ids count up from 0, their high 64 bits all 0); None as None. A column
    of nothing but UUIDs (so far) holds their numbers only: no head index, no tail, per string."""

    __slots__ = ("at", "count", "head_of", "heads", "highs", "lows", "tail_of", "tails", "uuids_only")

    def __init__(self) -> None:
        self.heads: list[str] = ["", "", ""]  # head 0: the whole string is the tail; 1, 2: a UUID, a None (no head)
        self.head_of: dict[str, int] = {"": 0}
        self.count = 0
        self.uuids_only = True  # every string so far a UUID: ``at`` and ``tails`` are empty until one is not
        self.at = array("B")  # per string, its head in ``heads``: 1 byte while there are few heads
        self.tails = DistinctColumn[str]()
        self.tail_of: dict[str, str] = {}  # the first distinct tails (a file name, a word), held once
        self.lows: SeqColumn | None = None  # per string, a UUID's low 64 bits, once one is held
        self.highs: array[int] | None = None  # per string, a UUID's high 64 bits, once one is not 0

    def __len__(self) -> int:
        return self.count

    def append(self, text: str | None, strings: Mapping[str, str]) -> None:
        number = _uuid_number(text)
        self.count += 1
        if number is not None and self.uuids_only:
            self._number(number)
            return
        if self.uuids_only:  # the first string that is not a UUID: every one before it was
            self.uuids_only = False
            self.at = array("B", [_UUID]) * (self.count - 1)
            self.tails = DistinctColumn(repeat("", self.count - 1))
        if number is not None or text is None:
            self._number(number)
            self.at.append(_NONE if number is None else _UUID)
            self.tails.append("")
            return
        head_index = 0
        held = strings.get(text)  # the very string held elsewhere (an id) is the tail
        if held is not None:
            text = held
        elif cut := max(text.rfind("/"), text.rfind(":")) + 1:
            head = text[:cut]
            found = self.head_of.get(head)
            if found is None and len(self.heads) < _MAX_HEADS:
                found = self.head_of[head] = len(self.heads)
                self.heads.append(head)
            if found is not None:
                head_index, text = found, text[cut:]
                text = strings.get(text) or self.tail_of.get(text) or text
                if len(self.tail_of) < _MAX_TAILS:
                    self.tail_of.setdefault(text, text)
        try:
            self.at.append(head_index)
        except OverflowError:  # one head more than the column's type holds: widened
            self.at = array(_WIDER[self.at.typecode], self.at)
            self.at.append(head_index)
        self.tails.append(text)
        if self.lows is not None:
            self._number(None)

    def _number(self, number: int | None) -> None:
        """File the number of the string just counted: a UUID's, or None for a string that has none."""
        if self.lows is None:
            self.lows = SeqColumn("Q")
            self.lows.skip(self.count - 1)
        high = 0
        if number is None:
            self.lows.skip()
        else:
            self.lows.append(number & _LOW)
            high = number >> 64
        if self.highs is None and high:
            self.highs = array("Q", [0]) * (self.count - 1)
        if self.highs is not None:
            self.highs.append(high)

    def skip(self) -> None:
        """Add a string never read (its entry is held whole, and read from its dict): as a UUID's number while
        the column holds nothing else, so a failure now and then does not cost the rest their savings."""
        if not self.uuids_only:
            self.append("", _NO_STRINGS)
            return
        self.count += 1
        self._number(None)

    def __getitem__(self, index: int) -> Any:
        head = _UUID if self.uuids_only else self.at[index]
        if head == _NONE:
            return None
        if head != _UUID:
            return self.heads[head] + self.tails[index]
        low = cast("SeqColumn", self.lows)[index]
        return _uuid_text(low if self.highs is None else self.highs[index] << 64 | low)

    def __iter__(self) -> Iterator[Any]:
        return self.between(0, self.count)

    def parts(self) -> Iterator[tuple[str, Any]]:
        """(head, tail) of each string, in order, not joined: the tail is the very string the column holds (an
        index keyed by tails makes no string of its own). A UUID or a None: ("", the value)."""
        if self.uuids_only:
            return zip(repeat(""), self)
        heads, at = self.heads, self.at
        tails = self.tails.between(0, self.count)
        return (
            ("", self[index]) if head == _UUID or head == _NONE else (heads[head], tail)
            for index, (head, tail) in enumerate(zip(at, tails, strict=True))
        )

    def between(self, start: int, stop: int) -> Iterator[Any]:
        """The strings from ``start`` to ``stop``, built at C speed (``"" + tail`` is the tail itself) when
        the column holds no UUID and no None."""
        if self.lows is not None:
            return map(self.__getitem__, range(start, stop))
        return map(str.__add__, map(self.heads.__getitem__, self.at[start:stop]), self.tails.between(start, stop))


class _Column(Sequence[Any]):
    """One field of every entry of a :class:`Journal`, in order: its column, with the entries held
    whole read from them instead (read only)."""

    __slots__ = ("key", "values", "whole")

    def __init__(self, key: str, values: Sequence[Any] | StringColumn, whole: Mapping[int, Record]) -> None:
        self.key, self.values, self.whole = key, values, whole

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        entry = self.whole.get(index)
        return self.values[index] if entry is None else entry.get(self.key)

    def __iter__(self) -> Iterator[Any]:
        if not self.whole:
            return iter(self.values)
        return self._patched()

    def _patched(self) -> Iterator[Any]:
        start, values, key = 0, self.values, self.key
        for index in sorted(self.whole):
            yield from self._between(start, index)
            yield self.whole[index].get(key)
            start = index + 1
        yield from self._between(start, len(values))

    def _between(self, start: int, stop: int) -> Iterator[Any]:
        values = self.values
        if isinstance(values, StringColumn):
            return values.between(start, stop)
        return iter(values[start:stop])


class RowsView(Sequence[Record]):
    """A read-only sequence of dicts rebuilt from columns that reads, compares and prints exactly like
    the list it was built from. A subclass says how many rows it has and how to build row ``index``."""

    __slots__ = ()

    @abstractmethod
    def _row(self, index: int) -> Record:
        """Row ``index`` (0 <= index < len(self)), as the dict it reads as."""

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._row(index)

    def __iter__(self) -> Iterator[Record]:
        return map(self._row, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowsView | list | tuple):
            return len(self) == len(other) and all(map(eq, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class Journal(RowsView):
    """A simulator's request journal as the evidence keeps it: a read-only sequence of entries, equal to
    the list of (slim) entries it was built from, held as columns.

    An entry of the plain shape (:func:`slim_entry`'s: an int seq and status, float times, method, path,
    query, no notes, at most one response header) takes a few dozen bytes in arrays instead of a dict
    and its values; it is rebuilt as an equal dict (same keys, same order) each time it is read. Any
    other entry (a failure, a noted one, one with a body) is held whole, as it was given, and read as that
    very dict. :meth:`column` reads one field of every entry without building any.
    """

    __slots__ = (
        "durations",
        "header_values",
        "kinds",
        "paths",
        "queries",
        "seqs",
        "shape_of",
        "shapes",
        "started",
        "statuses",
        "whole",
    )

    def __init__(self, entries: Iterator[Record] | Sequence[Record] = (), compactor: Compactor | None = None) -> None:
        self.kinds = array("H")  # per entry: its shape in ``shapes``; 0: held whole
        self.shapes: list[tuple[tuple[str, ...], str, str | None]] = [((), "", None)]  # (keys, method, header name)
        self.shape_of: dict[tuple[Any, ...], int] = {}
        self.seqs = SeqColumn()  # a journal numbers its entries 1, 2, 3...: held as a count while they do
        self.started = array("d")
        self.durations = FloatColumn()  # rounded to the microsecond: a few thousand distinct values
        self.statuses = array("h")
        self.queries = DistinctColumn[str | None]()  # "" or one of a few strings: 2 bytes an entry
        self.paths = StringColumn()
        self.header_values = StringColumn()
        self.whole: dict[int, Record] = {}
        self.extend(entries, compactor)

    def extend(self, entries: Iterator[Record] | Sequence[Record], compactor: Compactor | None = None) -> None:
        """Add entries (slimmed already, or not: they are kept as they are given), compacting the whole ones."""
        if compactor is None:  # imported here: harness.evidence imports this module
            from harness.evidence import Compactor

            compactor = Compactor()
        compact = compactor
        strings = compact._strings
        for entry in entries:
            shape = self._shape(entry)
            kind = 0 if shape is None else self.shape_of.get(shape)
            if kind is None:
                kind = 0
                if len(self.shapes) < _MAX_SHAPES:
                    kind = self.shape_of[shape] = len(self.shapes)  # type: ignore[index]
                    self.shapes.append(shape)  # type: ignore[arg-type]
            index = len(self.kinds)
            self.kinds.append(kind)
            if not kind:
                self.whole[index] = compact.value(entry)
                self.seqs.skip()
                self.started.append(0.0)
                self.durations.append(0.0)
                self.statuses.append(0)
                self.queries.append(None)
                self.paths.skip()  # not read: the entry is
                self.header_values.skip()
                continue
            self.seqs.append(entry["seq"])
            self.started.append(entry["started_at"])
            self.durations.append(entry["duration_ms"])
            self.statuses.append(entry["status"])
            query = entry.get("query")
            self.queries.append(None if query is None else strings.get(query) or compact.value(query))
            self.paths.append(entry["path"], strings)
            headers = entry.get("response_headers")
            self.header_values.append(next(iter(headers.values())) if headers else "", strings)

    @staticmethod
    def _shape(entry: Record) -> tuple[Any, ...] | None:
        """(keys, method, header name) of an entry that can be held as columns; None for one held whole."""
        if type(entry) is not dict:
            return None
        get = entry.get
        seq, status = get("seq"), get("status")
        if type(seq) is not int or type(status) is not int or not 0 <= status < 2**15 or not -(2**63) <= seq < 2**63:
            return None
        if type(get("started_at")) is not float or type(get("duration_ms")) is not float:
            return None
        method, path, query = get("method"), get("path"), get("query", "")
        if type(method) is not str or type(path) is not str or type(query) is not str:
            return None
        notes = get("notes", [])
        if type(notes) is not list or notes:
            return None
        header = None
        if "response_headers" in entry:
            headers = entry["response_headers"]
            if type(headers) is not dict or len(headers) > 1:
                return None
            for name, value in headers.items():
                if type(value) is not str:
                    return None
                header = name
        keys = tuple(entry)
        if not set(_COLUMN_KEYS).issubset(keys) or not set(keys).issubset(SLIM_FIELDS):
            return None
        return keys, method, header

    def __len__(self) -> int:
        return len(self.kinds)

    def _row(self, index: int) -> Record:
        kind = self.kinds[index]
        if not kind:
            return self.whole[index]
        keys, method, header = self.shapes[kind]
        value = {
            "seq": self.seqs[index],
            "started_at": self.started[index],
            "duration_ms": self.durations[index],
            "method": method,
            "path": self.paths[index],
            "query": self.queries[index],
            "status": self.statuses[index],
            "notes": [],
            "response_headers": {} if header is None else {header: self.header_values[index]},
        }
        return {key: value[key] for key in keys}  # the entry's own keys, in its own order

    def column(self, key: str) -> Sequence[Any]:
        """Each entry's ``key`` (one of seq, started_at, duration_ms, path, status; None if it has none), in order."""
        values: dict[str, Sequence[Any] | StringColumn] = {"seq": self.seqs, "started_at": self.started, "path": self.paths}
        values.update(duration_ms=self.durations, status=self.statuses)
        return _Column(key, values[key], self.whole)

    def headers(self, name: str) -> Iterator[tuple[Any, str]]:
        """(seq, value) of each entry with a response header ``name`` (as the entry spells it), in order."""
        shapes, seq_at = self.shapes, self.seqs.reader()
        named = [header == name for _, _, header in shapes]
        for index, kind in enumerate(self.kinds):
            if not kind:
                entry = self.whole[index]
                value = (entry.get("response_headers") or {}).get(name)
                if value:
                    yield entry.get("seq", 0), value
            elif named[kind]:
                value = self.header_values[index]
                if value:
                    yield seq_at(index), value

    def request_parts(self, header: str) -> Iterator[tuple[int, tuple[str, Any], tuple[str, Any] | None]]:
        """(seq, (head, tail) of its path, (head, tail) of its response header ``header`` or None) of each
        entry, in order (:meth:`StringColumn.parts`; an entry held whole: ("", the value))."""
        shapes, seq_at, whole = self.shapes, self.seqs.reader(), self.whole
        named = [name == header for _, _, name in shapes]
        paths, values = self.paths.parts(), self.header_values.parts()
        for index, (kind, path, value) in enumerate(zip(self.kinds, paths, values, strict=True)):
            if not kind:
                entry = whole[index]
                found = (entry.get("response_headers") or {}).get(header)
                yield entry.get("seq", 0), ("", entry.get("path")), None if found is None else ("", found)
            else:
                yield seq_at(index), path, value if named[kind] else None

    @property
    def noted(self) -> list[Record]:
        """The entries with notes (all held whole), in order."""
        whole = self.whole
        return [whole[i] for i in sorted(whole) if whole[i].get("notes")]


# The fields of a delivery held as columns (harness.evidence.slim_delivery's, all of them), in order.
DELIVERY_COLUMNS = ("id", "event_seq", "label", "outcome", "attempts")


class Deliveries(RowsView):
    """NewStore's webhook deliveries as the evidence keeps them: a read-only sequence equal to the list of
    (slim) deliveries it was built from.

    Nearly every delivery went through at once: its slim form (:func:`slim_delivery`'s) is an int id and
    event seq, a label, the outcome ``delivered`` and one attempt equal to every other's. Such a delivery
    takes a few bytes in arrays (its label and attempts list held once, shared) and is rebuilt as an equal
    dict (same keys, same order) each time it is read. Any other one (retried, failed, of another shape)
    is held whole and read as that very dict: :attr:`held_whole` lists them (all the checks need: the rest
    each went through at its one attempt).
    """

    __slots__ = ("attempts", "attempts_at", "attempts_of", "event_seqs", "ids", "label_at", "label_of", "labels", "whole")

    def __init__(self, deliveries: Iterable[Record] = (), compactor: Compactor | None = None) -> None:
        self.ids = SeqColumn()  # both count up from 1 while every delivery is held as columns
        self.event_seqs = SeqColumn()
        self.label_at = array("H")
        self.labels: list[str] = []
        self.label_of: dict[str, int] = {}
        self.attempts_at = array("H")
        self.attempts: list[list[Any]] = []  # distinct attempts lists, each held once
        self.attempts_of: dict[str, int] = {}  # repr of an attempts list -> its index
        self.whole: dict[int, Record] = {}
        self.extend(deliveries, compactor)

    def extend(self, deliveries: Iterable[Record], compactor: Compactor | None = None) -> None:
        """Add deliveries (slimmed already, or not: they are kept as they are given), compacting the whole ones."""
        if compactor is None:  # imported here: harness.evidence imports this module
            from harness.evidence import Compactor

            compactor = Compactor()
        for delivery in deliveries:
            held = self._columns(delivery, compactor)
            if held is None:
                self.whole[len(self.ids)] = compactor.value(delivery)
                self.ids.skip()
                self.event_seqs.skip()
                self.label_at.append(0)
                self.attempts_at.append(0)
                continue
            self.ids.append(held[0])
            self.event_seqs.append(held[1])
            self.label_at.append(held[2])
            self.attempts_at.append(held[3])

    def _columns(self, delivery: Any, compactor: Compactor) -> tuple[int, int, int, int] | None:
        """(id, event seq, label index, attempts index) of a plain delivery; None for one held whole."""
        if type(delivery) is not dict or tuple(delivery) != DELIVERY_COLUMNS:
            return None
        delivery_id, seq, label, outcome, attempts = delivery.values()
        if outcome != "delivered" or type(outcome) is not str or type(label) is not str:
            return None
        if type(delivery_id) is not int or type(seq) is not int or not _in_int64(delivery_id) or not _in_int64(seq):
            return None
        if type(attempts) is not list or len(attempts) != 1 or type(attempts[0]) is not dict:
            return None
        label_index = _distinct(self.label_of, self.labels, label, label, compactor.value)
        if label_index is None:
            return None
        # the attempts lists are told apart by their repr: exact (types, key order, float digits)
        attempts_index = _distinct(self.attempts_of, self.attempts, repr(attempts), attempts, compactor.value)
        if attempts_index is None:
            return None
        return delivery_id, seq, label_index, attempts_index

    def __len__(self) -> int:
        return len(self.ids)

    def _row(self, index: int) -> Record:
        found = self.whole.get(index)
        if found is not None:
            return found
        return {
            "id": self.ids[index],
            "event_seq": self.event_seqs[index],
            "label": self.labels[self.label_at[index]],
            "outcome": "delivered",
            "attempts": self.attempts[self.attempts_at[index]],
        }

    @property
    def held_whole(self) -> list[Record]:
        """The deliveries held whole (every one retried, failed or of another shape), in order: the others
        each went through at its one attempt."""
        whole = self.whole
        return [whole[i] for i in sorted(whole)]


def _in_int64(number: int) -> bool:
    return -(2**63) <= number < 2**63

"""What the checks judge: the ground truth beside everything the simulators saw.

Collected once, after the integration settled, over the simulators' ``/_sim/`` admin
surface; the checks read this object and nothing else, so they are pure functions and
easy to test with a hand-built one. The lookups every check needs (ERP records by the
source id they belong to, by internal id, by the record they were created from; reports
by source id; the journal requests behind a record) are indexes built once, on first use,
so a check over a million transactions stays linear.

How an ERP record is attributed to a source id (its *key*): its ``externalId``; else its
``otherRefNum``, unless the record was made by a transformation that copied that value
from the record it was created from (then it belongs to that record's chain, not to a
source of its own: a *derived* record, found through :meth:`Evidence.derived_from`); else
a word of its ``memo`` that is a source id or a source system's own id.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property, partial
from itertools import compress, count
from operator import itemgetter
from typing import Any, Protocol, cast
from urllib.parse import urlsplit

from scenarios.truth import GroundTruth

from .evidence_columns import NOT_PUBLISHED, SLIM_FIELDS, Deliveries, Journal, PublishTimes
from .evidence_records import TABLED_TYPES, KeyedRows, RecordFields, RecordTable, SortedIds, record_cell, record_column
from .evidence_stock import hold_levels
from .evidence_truth import MIXED, MoveTable, StockMoves, adjustment_eid, shop_quantities

Record = dict[str, Any]

# The ERP record types a source transaction's main record can take.
MAIN_TYPES = ("salesOrder", "cashSale", "invoice", "creditMemo")
# The record types a return or refund can be created from.
SALE_TYPES = ("salesOrder", "cashSale", "invoice")
RECORD_ROOT = "/services/rest/record/v1/"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The suspense account the scenarios' ERP master data marks, if the master data is not at hand.
DEFAULT_SUSPENSE_ACCOUNTS = ("9999",)
JOURNAL_PAGE = 20_000
_NO_ROWS = KeyedRows({}, ())  # no records of a type (shared, never written to)
_NO_TIMES = array("d")
_NO_POSITIONS: dict[str, int] = {}


class AdminClient(Protocol):
    """What collecting needs of a simulator: its admin surface (``harness.simulator_set.SimClient``)."""

    def admin(self, method: str, path: str, **kwargs: Any) -> Any: ...


@dataclass
class Evidence:
    truth: GroundTruth
    started_wall: float = 0.0  # epoch seconds when driving began
    publish_times: Mapping[int, float] = field(default_factory=dict)  # traffic seq -> epoch seconds it went out
    erp_records: dict[str, Sequence[Record]] = field(default_factory=dict)  # by record type (some a RecordTable, collected)
    erp_stock: list[Record] = field(default_factory=list)  # {"item", "location", "quantityOnHand"}
    erp_prices: dict[str, Any] = field(default_factory=dict)  # {"prices": {item: price}, "changes": [...]}
    erp_config: dict[str, Any] = field(default_factory=dict)  # ErpConfig: concurrency_limit, ...
    erp_master: dict[str, list[Record]] = field(default_factory=dict)  # master data by type (accounts, items, ...)
    exceptions: list[Record] = field(default_factory=list)  # exception reports, in arrival order
    shop_inventory: list[Record] = field(default_factory=list)  # levels: sku, location_id, available, changes
    sitoo_products: list[Record] = field(default_factory=list)
    journals: dict[str, Sequence[Record]] = field(default_factory=dict)  # simulator -> request journal (a Journal, collected)
    deliveries: Sequence[Record] = field(default_factory=list)  # NewStore webhook deliveries (a Deliveries, collected)

    @property
    def erp_journal(self) -> list[Record]:
        """The ERP's request journal as a list of its entries (a copy, when it is held as a :class:`Journal`:
        the checks read :meth:`journal` instead)."""
        journal = self.journals.get("erp", [])
        return journal if isinstance(journal, list) else list(journal)

    def journal(self, simulator: str) -> Journal:
        """A simulator's request journal as columns (empty if it has none). ``collect`` holds journals this
        way; a list given by hand (a test's evidence) is read into a :class:`Journal` once, when first asked."""
        held = self.journals.get(simulator, ())
        if isinstance(held, Journal):
            return held
        found = self._journals_read.get(simulator)
        if found is None:
            found = self._journals_read[simulator] = Journal(held)
        return found

    @cached_property
    def _journals_read(self) -> dict[str, Journal]:
        return {}

    def index(self) -> Evidence:
        """Build the indexes every check shares now (else the first check that needs them does); returns self."""
        self._records  # noqa: B018 - building the cached index is the point
        self._scan  # noqa: B018
        return self

    def statuses(self, simulator: str) -> Sequence[Any]:
        """Each entry's ``status`` (None if it has none), in the order of a simulator's journal."""
        return self._journal_scan(simulator).statuses

    def paths(self, simulator: str) -> Sequence[Any]:
        """Each entry's ``path`` (None if it has none), in the order of a simulator's journal."""
        return self._journal_scan(simulator).paths

    def started(self, simulator: str) -> Sequence[Any]:
        """Each entry's ``started_at`` (None if it has none), in the order of a simulator's journal."""
        return self._journal_scan(simulator).started

    def durations(self, simulator: str) -> Sequence[Any]:
        """Each entry's ``duration_ms`` (None if it has none), in the order of a simulator's journal."""
        return self._journal_scan(simulator).durations

    def noted(self, simulator: str) -> list[Record]:
        """The entries of a simulator's journal that carry notes, in order."""
        return self._journal_scan(simulator).noted

    def _journal_scan(self, simulator: str) -> JournalScan:
        found = self._journal_scans.get(simulator)
        if found is None:
            found = self._journal_scans[simulator] = JournalScan(self.journal(simulator))
        return found

    @cached_property
    def _journal_scans(self) -> dict[str, JournalScan]:
        return {}

    # -- the truth, read once: a pass over a million transactions' dicts costs about a second ----
    @cached_property
    def _scan(self) -> TransactionScan:
        positions = {record_type: keyed.positions for record_type, keyed in self._records.first.items()}
        return TransactionScan(self.truth.transactions, positions, self.publish_times, self.started_wall)

    @property
    def source_ids(self) -> list[str]:
        """Per truth transaction, in order: its source id."""
        return self._scan.source_ids

    @property
    def outcomes(self) -> list[str]:
        """Per truth transaction, in order: its outcome (erp, exception, none)."""
        return self._scan.outcomes

    @property
    def transaction_kinds(self) -> list[str]:
        """Per truth transaction, in order: its kind (store_sale, web_order, return, ...)."""
        return self._scan.kinds

    @property
    def expected_records(self) -> list[int | None]:
        """Per truth transaction, in order: the position in ``erp_records[<its record's record_type>]`` of the
        first ERP record of its expected type and eid, or None. Read their fields with :meth:`record_fields`."""
        return self._scan.expected_records

    @property
    def single_adjustments(self) -> list[int | None]:
        """Per truth transaction, in order: when all its stock movements name one adjustment eid, the position
        in ``erp_records["inventoryAdjustment"]`` of the first inventory adjustment with that key; else None
        (no movements, several eids or none, no such record). Read its fields with :meth:`record_column`."""
        return self._scan.single_adjustments

    @property
    def shop_moves(self) -> dict[tuple[str, Any], ShopMoves]:
        """(sku, shop location) -> the movements the truth expects there (as :func:`expected_shop_moves`)."""
        return self._scan.shop_moves

    @property
    def with_fulfilments(self) -> list[Mapping[str, Any]]:
        """The truth transactions with fulfilments (web orders' parcels), in order."""
        return self._scan.with_fulfilments

    def transactions_where(self, column: Sequence[Any], values: Collection[Any]) -> list[Record]:
        """The truth transactions whose value in ``column`` (one of the lists above) is one of ``values``, in order.
        (Found by position: iterating the transactions themselves would touch every one of them.)"""
        return list(map(self.truth.transactions.__getitem__, compress(count(), map(values.__contains__, column))))

    @cached_property
    def transactions_by_id(self) -> dict[str, Record]:
        transactions = self.truth.transactions
        scan = self.__dict__.get("_scan")  # its column if it is built (the record index may need this before)
        source_ids = map(itemgetter("source_id"), transactions) if scan is None else scan.source_ids
        return dict(zip(source_ids, transactions, strict=True))

    @cached_property
    def fulfilment_owners(self) -> dict[str, str]:
        """Fulfilment invoice eid (``INV-...``) -> the source id of its web order."""
        return {f["external_id"]: t["source_id"] for t in self.with_fulfilments for f in t["fulfilments"]}

    @cached_property
    def journal_ids(self) -> dict[str, Record]:
        """Journal entry eid (``Z-<store>-<day>``) -> its truth line."""
        return {journal_eid(j): j for j in self.truth.journals}

    def owner_of(self, external_id: str | None) -> str | None:
        """The truth source id an expected eid belongs to (itself, ``INV-``, ``STOCK-``, ``Z-``); None if none."""
        if not external_id:
            return None
        if external_id.startswith("STOCK-"):
            external_id = external_id[6:]
        if external_id in self.transactions_by_id or external_id in self.journal_ids:
            return external_id
        return self.fulfilment_owners.get(external_id)

    @cached_property
    def _memo_words(self) -> dict[str, str]:
        """Source ids and source systems' own ids -> source id, for attributing a record by its memo."""
        words = {t["order_id"]: t["source_id"] for t in self.truth.transactions if t.get("order_id")}
        words.update({sid: sid for sid in self.transactions_by_id})
        return words

    # -- ERP records, indexed ------------------------------------------------------------
    @cached_property
    def _records(self) -> _RecordIndex:
        return _RecordIndex(self)

    def records(self, record_type: str, key: str) -> list[Record]:
        """ERP records of ``record_type`` attributed to ``key`` (an eid / source id), oldest first."""
        return self._records.find(record_type, key)

    def record_positions(self, record_type: str, key: str) -> list[int]:
        """Positions in ``erp_records[record_type]`` of the records attributed to ``key``, oldest first
        (read their fields with :meth:`record_cell`: no record is built)."""
        return self._records.positions(record_type, key)

    def record_cell(self, record_type: str, position: int, key: str) -> Any:
        """The value of ``key`` (None if it has none) of the record at ``position`` in ``erp_records[record_type]``."""
        return record_cell(self.erp_records[record_type], position, key)

    def record(self, record_type: str, key: str) -> Record | None:
        """The first ERP record of ``record_type`` attributed to ``key``, or None."""
        found: Record | None = self._records.first.get(record_type, _NO_ROWS).get(key)
        return found

    def by_key(self, record_type: str) -> KeyedRows:
        """key -> first record of one type: the index itself, for loops over many keys (read only; each
        record read is built, if the type is held as a table: loops over many read :meth:`positions`)."""
        return self._records.first.get(record_type, _NO_ROWS)

    def positions(self, record_type: str) -> Mapping[str, int]:
        """key -> position of the first record of one type among ``erp_records[record_type]`` (read only)."""
        return self._records.first.get(record_type, _NO_ROWS).positions

    def main_records(self, key: str) -> list[tuple[str, Record]]:
        """(type, record) of every sale, invoice or credit memo attributed to ``key``."""
        index = self._records
        first_type = index.main_first.get(key)
        if first_type is None:
            return []
        first = (first_type, index.first[first_type][key])
        more = index.main_more.get(key)
        records = self.erp_records
        return [first, *((t, records[t][position]) for t, position in more)] if more else [first]

    def main_count(self, key: str) -> int:
        """How many sales, invoices and credit memos are attributed to ``key``."""
        index = self._records
        if key not in index.main_first:
            return 0
        more = index.main_more.get(key)
        return 1 + len(more) if more else 1

    def main_keys(self) -> Mapping[str, str]:
        """key -> the type of the first sale, invoice or credit memo attributed to it, for every such key (read only)."""
        return self._records.main_first

    def repeated_main_keys(self) -> Mapping[str, list[tuple[str, int]]]:
        """key -> (type, position) of the second and later sales, invoices and credit memos attributed to it (read only)."""
        return self._records.main_more

    def any_records(self, key: str) -> list[tuple[str, Record]]:
        """(type, record) of every ERP record of any type attributed to ``key``."""
        return [(t, r) for t in self.erp_records for r in self._records.find(t, key)]

    def duplicates(self) -> Iterator[tuple[str, str, list[Record]]]:
        """(type, key, records) for every key with more than one record of one type."""
        index = self._records
        for record_type, key in index.more:
            yield record_type, key, index.find(record_type, key)

    def keyed(self, record_type: str) -> int:
        """How many distinct keys the records of one type have."""
        return len(self._records.first.get(record_type, _NO_ROWS))

    def record_by_id(self, internal_id: str | None) -> tuple[str, Record] | None:
        return self._records.by_id(internal_id)

    def derived_positions(self, internal_id: str) -> list[tuple[str, int]]:
        """(type, position) of every record whose ``createdFrom`` is ``internal_id`` (read only)."""
        return self._records.children.get(internal_id, [])

    def derived_from(self, internal_id: str) -> list[tuple[str, Record]]:
        """(type, record) of every record whose ``createdFrom`` is ``internal_id``."""
        records = self.erp_records
        return [(t, records[t][position]) for t, position in self._records.children.get(internal_id, ())]

    def record_fields(self, *keys: str) -> RecordFields:
        """Some fields of every ERP record, as a column per field per type (each type's built when first asked)."""
        return RecordFields(self.erp_records, keys)

    def record_column(self, record_type: str, key: str) -> list[Any]:
        """Each ERP record of one type's value of ``key`` (None if it has none), in order, without building
        the records of a :class:`RecordTable`: for passes over a million records."""
        return record_column(self.erp_records.get(record_type, ()), key)

    def record_key(self, record: Record) -> str | None:
        """The source id / eid a record is attributed to (see the module docstring), or None."""
        return self._records.key_of(record)

    def orphans(self) -> list[tuple[str, Record]]:
        """(type, record) of records with no key of their own created from a record the ERP does not hold."""
        index = self._records
        return [(t, r) for t, r in index.derived if index.by_id(_parent_id(r)) is None]

    def unattributed(self) -> list[tuple[str, Record]]:
        """(type, record) of records with no key of their own that were not created from another record."""
        return self._records.unkeyed

    @cached_property
    def unowned_adjustment_positions(self) -> list[int]:
        """Positions in ``erp_records["inventoryAdjustment"]`` of the adjustments whose key is no expected eid
        (no ``STOCK-<eid>`` of a transaction), or that have none; in order."""
        records = self.erp_records.get("inventoryAdjustment", ())
        found = []
        for position, external_id in enumerate(record_column(records, "externalId")):
            key = external_id or self.record_key(records[position])
            if key is None:
                if _parent_id(records[position]) is None:  # unattributed (a derived one is the orphans' business)
                    found.append(position)
            elif self.owner_of(str(key)) is None:
                found.append(position)
        return found

    @property
    def unowned_adjustments(self) -> list[Record]:
        """The inventory adjustments of :attr:`unowned_adjustment_positions`, in order."""
        records = self.erp_records.get("inventoryAdjustment", ())
        return [records[position] for position in self.unowned_adjustment_positions]

    # -- exception reports ---------------------------------------------------------------
    @cached_property
    def reports_by_source(self) -> dict[str, list[Record]]:
        found: dict[str, list[Record]] = {}
        for report in self.exceptions:
            found.setdefault(str(report.get("source_id")), []).append(report)
        return found

    def reports(self, source_id: str) -> list[Record]:
        return self.reports_by_source.get(source_id, [])

    # -- ERP master data -----------------------------------------------------------------
    @cached_property
    def suspense_accounts(self) -> frozenset[str]:
        accounts = self.erp_master.get("account")
        if not accounts:
            return frozenset(DEFAULT_SUSPENSE_ACCOUNTS)
        return frozenset(str(a["id"]) for a in accounts if a.get("suspense"))

    # -- journals: which request did it ------------------------------------------------------
    @cached_property
    def _erp_request_index(self) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """(internal id -> seq(s) of the requests whose Location named it, record type -> eid -> seq(s) of the
        requests whose path named it), a seq as an int, or a list of them once there are more. Read from the
        journal's parts (:meth:`Journal.request_parts`): a key is the very tail the journal holds, and each
        request's seq one int, so a million requests cost a few hundred bytes each, not a list and a string."""
        by_id: dict[str, Any] = {}
        by_eid: dict[str, dict[str, Any]] = {}
        location_head: dict[str, bool] = {}  # head -> whether a Location with it names a record by its tail
        path_head: dict[str, str | None] = {}  # head -> the record type a path with it names by ``eid:<tail>``
        for seq_given, (head, tail), location in self.journal("erp").request_parts("Location"):
            seq = int(seq_given or 0)
            record_type = path_head.get(head, _UNKNOWN)
            if record_type is _UNKNOWN:
                record_type = path_head[head] = _eid_head_type(head)
            if record_type is not None:
                _file(by_eid.setdefault(record_type, {}), tail, seq)
            elif head and "/eid:" in f"{head}{tail}":  # the eid is not the path's last part (a sub-resource)
                named = eid_in_path(f"{head}{tail}")
                if named is not None:
                    _file(by_eid.setdefault(named[0], {}), named[1], seq)
            elif not head and type(tail) is str and "/eid:" in tail:  # an entry held whole
                named = eid_in_path(tail)
                if named is not None:
                    _file(by_eid.setdefault(named[0], {}), named[1], seq)
            if location is not None:
                head, tail = location
                names = location_head.get(head)
                if names is None:
                    names = location_head[head] = bool(head) and _names_by_tail(head)
                if names and "?" not in tail and "#" not in tail:
                    _file(by_id, tail, seq)
                elif tail and RECORD_ROOT in f"{head}{tail}":
                    _file(by_id, _location_id(f"{head}{tail}"), seq)
        return by_id, by_eid

    def requests_for_record(self, record_type: str, record_id: str) -> list[int]:
        """ERP journal seqs of the requests that created or changed a record (or tried to, by its eid)."""
        seqs = _filed(self._erp_request_index[0].get(str(record_id)))
        found = self.record_by_id(str(record_id))
        if found is not None and found[1].get("externalId"):
            seqs += self.requests_for_eid(str(found[1]["externalId"]), record_type)
        return sorted(set(seqs))

    def requests_for_eid(self, external_id: str, record_type: str | None = None) -> list[int]:
        """ERP journal seqs of requests whose path named ``eid:<external_id>`` (of ``record_type``, or any type)."""
        by_type = self._erp_request_index[1]
        if record_type is not None:
            return _filed(by_type.get(record_type, _NO_FILED).get(external_id))
        return sorted(seq for filed in by_type.values() for seq in _filed(filed.get(external_id)))

    @cached_property
    def _shop_request_seqs(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for seq, request_id in self.journal("shop").headers("X-Request-Id"):
            if request_id:
                found[str(request_id)] = int(seq)
        return found

    def shop_seq(self, request_id: str | None) -> int | None:
        """The shop journal seq of the request a stock change names (its ``X-Request-Id``)."""
        return None if request_id is None else self._shop_request_seqs.get(str(request_id))

    def traffic_ref(self, truth_line: Mapping[str, Any]) -> dict[str, Any]:
        """How a discrepancy names the traffic event that completed a truth line (and when it went out)."""
        seq = truth_line.get("event_seq")
        return {"traffic_seq": seq, "published_at": self.publish_times.get(int(seq)) if seq is not None else None}


_FIELDS = frozenset(f.name for f in fields(Evidence))


class _RecordIndex:
    """ERP records by key per type (first, then the rest), sales by key across types, by parent and by id.

    The first record of each key, and each record by id or parent, is held as its position among its
    type's records (:class:`KeyedRows`), so a table's records are built only when one is read. The
    positions are one list of int objects shared by every type (a million positions cost ~30 MiB once).
    """

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.numbers = list(range(max(map(len, evidence.erp_records.values()), default=0)))
        self._ids: dict[str, Mapping[str, Record]] = {}
        self.first: dict[str, KeyedRows] = {}
        self.more: dict[tuple[str, str], list[int]] = {}  # (type, key) -> positions of the second and later
        self.main_first: dict[str, str] = {}  # key -> the type of its first sale, invoice or credit memo
        self.main_more: dict[str, list[tuple[str, int]]] = {}
        self.children: dict[str, list[tuple[str, int]]] = {}  # parent's internal id -> (type, position)
        self.unkeyed: list[tuple[str, Record]] = []
        self.derived: list[tuple[str, Record]] = []  # no key of their own, created from another record
        if not self._index_keyed(evidence.erp_records):
            self._index_each(evidence.erp_records)

    def _index_keyed(self, records: Mapping[str, Sequence[Record]]) -> bool:
        """The usual case, from the records' columns (no record is built): every record has an ``externalId``,
        none twice in one type nor across the sale and credit types. False (and nothing indexed) otherwise."""
        first_of: dict[str, KeyedRows] = {}
        main_first: dict[str, str] = {}
        children: dict[str, list[tuple[str, int]]] = {}
        numbers = self.numbers
        for record_type, rows in records.items():
            keys = record_column(rows, "externalId")
            if not all(keys):
                return False
            positions = dict(zip(keys, numbers, strict=False))  # numbers: as many as the longest type's
            if len(positions) < len(rows):
                return False  # a key twice
            if record_type in MAIN_TYPES:
                if not main_first.keys().isdisjoint(positions):
                    return False
                main_first.update(dict.fromkeys(positions, record_type))
            for position, parent in enumerate(record_column(rows, "createdFrom")):
                if parent:
                    parent_id = parent.get("id") if isinstance(parent, dict) else parent
                    children.setdefault(str(parent_id), []).append((record_type, numbers[position]))
            first_of[record_type] = KeyedRows(positions, rows)
        self.first, self.main_first, self.children = first_of, main_first, children
        return True

    def _index_each(self, records: Mapping[str, Sequence[Record]]) -> None:
        """Record by record, from the columns (a record without an ``externalId`` is built, to find its key from
        its ``otherRefNum`` or memo): keys twice, derived and unattributed records."""
        numbers = self.numbers
        for record_type in records:  # every type is there before any key_of asks by id
            self.first[record_type] = KeyedRows({}, records[record_type])
        for record_type, rows in records.items():
            first = self.first[record_type].positions
            main = record_type in MAIN_TYPES
            external_ids, parents = record_column(rows, "externalId"), record_column(rows, "createdFrom")
            for position, (key, parent) in enumerate(zip(external_ids, parents, strict=True)):
                if parent:
                    parent_id = parent.get("id") if isinstance(parent, dict) else parent
                    self.children.setdefault(str(parent_id), []).append((record_type, numbers[position]))
                if not key:
                    record = rows[position]
                    key = self.key_of(record)
                    if key is None:
                        (self.derived if parent else self.unkeyed).append((record_type, record))
                        continue
                if key in first:
                    self.more.setdefault((record_type, key), []).append(numbers[position])
                else:
                    first[key] = numbers[position]
                if main:
                    if key in self.main_first:
                        self.main_more.setdefault(key, []).append((record_type, numbers[position]))
                    else:
                        self.main_first[key] = record_type

    def ids(self, record_type: str) -> Mapping[str, Record]:
        """Internal id -> record, of one type (built when first asked: a lookup stops at the type that holds
        the id). A table whose ids ascend is bisected (:class:`SortedIds`); else its ids are indexed."""
        found = self._ids.get(record_type)
        if found is None:
            rows = self.evidence.erp_records[record_type]
            in_order = rows.ids_in_order() if isinstance(rows, RecordTable) else None
            if in_order is not None:
                found = SortedIds(in_order, rows)
            else:
                ids = map(str, record_column(rows, "id"))
                found = KeyedRows(dict(zip(ids, self.numbers, strict=False)), rows)
            self._ids[record_type] = found
        return found

    def by_id(self, internal_id: str | None) -> tuple[str, Record] | None:
        if internal_id is None:
            return None
        for record_type in self.evidence.erp_records:
            record = self.ids(record_type).get(internal_id)
            if record is not None:
                return record_type, record
        return None

    def positions(self, record_type: str, key: str) -> list[int]:
        """Positions of the records of ``record_type`` attributed to ``key``, oldest first."""
        first = self.first.get(record_type, _NO_ROWS).positions.get(key)
        if first is None:
            return []
        extra = self.more.get((record_type, key))
        return [first, *extra] if extra else [first]

    def find(self, record_type: str, key: str) -> list[Record]:
        rows = self.evidence.erp_records.get(record_type, ())
        return [rows[position] for position in self.positions(record_type, key)]

    def key_of(self, record: Record) -> str | None:
        external_id = record.get("externalId")
        if external_id:
            return str(external_id)
        ref = record.get("otherRefNum")
        parent = record.get("createdFrom")
        if ref and parent:
            found = self.by_id(str(parent.get("id") if isinstance(parent, dict) else parent))
            if found is not None and ref in (found[1].get("otherRefNum"), found[1].get("externalId")):
                return None  # copied from the record it was created from: derived
        if ref:
            return str(ref)
        memo = record.get("memo")
        if memo:
            words = self.evidence._memo_words
            for word in str(memo).replace(",", " ").split():
                if word in words:
                    return words[word]
        return None


class ShopMoves:
    """The movements the truth expects at one SKU and shop location, in publish order, as three columns
    (a million transactions move stock a few million times: no object per movement)."""

    __slots__ = ("published", "quantities", "sources")

    def __init__(self) -> None:
        self.published = array("d")  # epoch seconds when the transaction that moved it was published
        self.quantities: list[int] = []  # signed units
        self.sources: list[str] = []  # the transaction's source id

    def __len__(self) -> int:
        return len(self.quantities)

    def __iter__(self) -> Iterator[tuple[float, int, str]]:
        """(published, quantity, source id) of each movement, in publish order."""
        return zip(self.published, self.quantities, self.sources, strict=True)

    def sort(self) -> None:
        """Into publish order (stable: movements published at once keep the truth's order)."""
        order = sorted(range(len(self.quantities)), key=self.published.__getitem__)
        self.published = array("d", map(self.published.__getitem__, order))
        self.quantities = list(map(self.quantities.__getitem__, order))
        self.sources = list(map(self.sources.__getitem__, order))


class JournalScan:
    """What the checks read of every entry of one journal: its status, path, start and duration columns
    (as the :class:`Journal` holds them: no pass, no copy) and the entries with notes."""

    __slots__ = ("durations", "noted", "paths", "started", "statuses")

    def __init__(self, journal: Journal) -> None:
        self.statuses: Sequence[Any] = journal.column("status")
        self.paths: Sequence[Any] = journal.column("path")
        self.started: Sequence[Any] = journal.column("started_at")
        self.durations: Sequence[Any] = journal.column("duration_ms")
        self.noted: list[Record] = journal.noted


class TransactionScan:
    """What the checks read of every truth transaction, gathered in one pass over the truth: columns
    (source ids, outcomes, kinds), the joins to the ERP (the record each expects, the one adjustment of its
    stock movements, as positions among the ERP records of their types: ``positions`` is type -> key ->
    position) and the web-shop movements expected per SKU and location. Truth lines have every key of
    their model (``scenarios.truth``), so they are read by subscript."""

    __slots__ = ("expected_records", "kinds", "outcomes", "shop_moves", "single_adjustments", "source_ids", "with_fulfilments")

    def __init__(
        self,
        transactions: Sequence[Mapping[str, Any]],
        positions: Mapping[str, Mapping[str, int]],
        publish_times: Mapping[int, float],
        started_wall: float,
    ) -> None:
        self.source_ids: list[str] = []
        self.outcomes: list[str] = []
        self.kinds: list[str] = []
        self.expected_records: list[int | None] = []
        self.single_adjustments: list[int | None] = []
        self.with_fulfilments: list[Mapping[str, Any]] = []
        self.shop_moves: dict[tuple[str, Any], ShopMoves] = {}
        source_ids, outcomes, kinds = self.source_ids.append, self.outcomes.append, self.kinds.append
        expected_records, single_adjustments = self.expected_records.append, self.single_adjustments.append
        adjustments = positions.get("inventoryAdjustment", _NO_POSITIONS)
        published_at, shop_moves = publish_times.get, self.shop_moves
        # a PublishTimes' array read in line (a method call per transaction costs more than the rest of a lookup)
        times, offset = (publish_times.times, publish_times.first) if isinstance(publish_times, PublishTimes) else (_NO_TIMES, 0)
        span = len(times)
        last = float("-inf")
        in_order = True
        for truth in transactions:
            source_id = truth["source_id"]
            source_ids(source_id)
            outcomes(truth["outcome"])
            kinds(truth["transaction"])
            expected = truth["record"]
            if expected:
                expected_records(positions.get(expected["record_type"], _NO_POSITIONS).get(expected["external_id"]))
            else:
                expected_records(None)
            if truth["fulfilments"]:
                self.with_fulfilments.append(truth)
            moves = truth["stock"]
            if type(moves) is StockMoves and moves.length:  # asked first: its len() is a Python call
                eid, reaching = moves.scan()
            elif moves:
                eid, reaching = adjustment_eid(moves), shop_quantities(moves)
            else:
                single_adjustments(None)
                continue
            single_adjustments(None if eid is None or eid is MIXED else adjustments.get(eid))
            seq = truth["event_seq"]
            index = seq - offset if type(seq) is int else -1
            published: float | None = times[index] if 0 <= index < span else NOT_PUBLISHED
            if published != published:  # NaN: not in the array
                published = published_at(seq)
            if published is None:
                published = started_wall + float(truth["at"])
            if published < last:
                in_order = False
            last = published
            _add_shop_moves(shop_moves, reaching, published, source_id)
        if not in_order:
            for listed in shop_moves.values():
                listed.sort()


def expected_shop_moves(
    transactions: Sequence[Mapping[str, Any]], publish_times: Mapping[int, float], started_wall: float
) -> dict[tuple[str, Any], ShopMoves]:
    """(sku, shop location) -> the movements the truth expects there, in publish order (published: when the
    driver sent the transaction's completing event; its planned time if the driver did not log it).
    Reads only each transaction's ``stock``, ``event_seq``, ``at`` and ``source_id`` (a report calls it)."""
    found: dict[tuple[str, Any], ShopMoves] = {}
    in_order, last = True, float("-inf")
    for truth in transactions:
        moves = truth.get("stock")
        if not moves:
            continue
        published = publish_times.get(truth["event_seq"])
        if published is None:
            published = started_wall + float(truth.get("at", 0.0))
        if published < last:
            in_order = False
        last = published
        _add_shop_moves(found, shop_quantities(moves), published, truth["source_id"])
    if not in_order:
        for listed in found.values():
            listed.sort()
    return found


def _add_shop_moves(
    found: dict[tuple[str, Any], ShopMoves], moves: list[tuple[tuple[Any, Any], int]], published: float, source_id: str
) -> None:
    """File a transaction's movements (:func:`shop_quantities`) that reach the web shop under their SKU and shop location."""
    for key, quantity in moves:
        if key[1] is not None and quantity:
            listed = found.get(key)
            if listed is None:
                listed = found[key] = ShopMoves()
            listed.published.append(published)
            listed.quantities.append(quantity)
            listed.sources.append(source_id)


def _parent_id(record: Record) -> str | None:
    parent = record.get("createdFrom")
    found = parent.get("id") if isinstance(parent, dict) else parent
    return None if found is None else str(found)


def journal_eid(journal: Mapping[str, Any]) -> str:
    """The eid of a store day's journal entry: the truth's record eid, else ``Z-<store>-<day>``."""
    record = journal.get("record")
    if record and record.get("external_id"):
        return str(record["external_id"])
    return f"Z-{journal['store_id']}-{journal['business_day']}"


_UNKNOWN = "?"  # a head not yet looked at (no record type is spelt so)
_NO_FILED: dict[str, Any] = {}


def _eid_head_type(head: str) -> str | None:
    """The record type of a path whose head (up to its last ``/`` or ``:``) is ``.../record/v1/<type>/eid:``, so
    that its tail is the eid; else None."""
    at = head.find(RECORD_ROOT)
    if at < 0 or not head.endswith("/eid:"):
        return None
    record_type, _, rest = head[at + len(RECORD_ROOT) :].partition("/")
    return record_type if record_type and rest == "eid:" else None


def _names_by_tail(head: str) -> bool:
    """Whether a Location whose head is ``head`` names a record by its tail: a record URL, no query or fragment."""
    return RECORD_ROOT in head and head.endswith("/") and "?" not in head and "#" not in head


def _location_id(location: str) -> str:
    """The record id a Location names (its path's last part)."""
    path = location.split("#", 1)[0].split("?", 1)[0]  # ends as urlsplit(location).path, 10x faster
    if RECORD_ROOT not in path:
        path = urlsplit(location).path
    return path.rsplit("/", 1)[-1]


def _file(index: dict[str, Any], key: str, seq: int) -> None:
    """File a seq under a key: the int alone, or a list once there are more."""
    found = index.get(key)
    if found is None:
        index[key] = seq
    elif type(found) is list:
        found.append(seq)
    else:
        index[key] = [found, seq]


def _filed(found: Any) -> list[int]:
    """The seqs :func:`_file` filed under a key (a copy)."""
    if found is None:
        return []
    return list(found) if type(found) is list else [int(found)]


def eid_in_path(path: str) -> tuple[str, str] | None:
    """(record type, eid) for a record path ``.../record/v1/<type>/eid:<eid>[/...]``, else None."""
    at = path.find(RECORD_ROOT)
    if at < 0 or "/eid:" not in path:
        return None
    parts = path[at + len(RECORD_ROOT) :].split("/")
    if len(parts) >= 2 and parts[1].startswith("eid:"):
        return parts[0], parts[1][4:]
    return None


def record_type_in_path(path: str) -> str | None:
    at = path.find(RECORD_ROOT)
    if at < 0:
        return None
    return path[at + len(RECORD_ROOT) :].split("/", 1)[0] or None


def body_json(entry: Mapping[str, Any]) -> Any:
    """A journalled request's body as JSON, or None."""
    try:
        return json.loads(entry.get("request_body") or "null")
    except ValueError:
        return None


# -- compact evidence ------------------------------------------------------------------------
# Response headers a slim journal entry keeps (lower case): the only ones the checks read.
KEPT_HEADERS = frozenset({"location", "retry-after", "x-request-id"})
# Keys whose lists are held once when equal: lines (a truth record's, an ERP sublist's), a webhook's attempts.
LINE_LISTS = frozenset({"lines", "items", "attempts"})
# Keys whose values join the truth to the ERP, and the journals to both (a record's id ends its Location, a stock
# change names its request, a sale's memo ends with its order id): always held once, so each lookup across finds
# the very same string.
ID_KEYS = frozenset(
    {
        "source_id",
        "order_id",
        "external_id",
        "created_from",
        "adjustment_external_id",
        "externalId",
        "otherRefNum",
        "request_id",
        "id",
    }
)
SHARED_CAP = 200_000  # other distinct strings, and distinct lines and references, one Compactor shares at most
_MAX_SHARED_KEYS = 30  # CPython shares at most this many keys between the instance dicts of one class


def slim_entry(entry: Record) -> Record:
    """A journal entry as the evidence keeps it: whole when it is evidence of something (not 2xx, or
    noted, or a record write not named by ``eid:`` in its path, whose body names the record), else
    only what the checks read: seq, times, method, path, query, status, notes and the
    Location / Retry-After / X-Request-Id response headers (no bodies, no other headers)."""
    status = entry.get("status")
    if entry.get("notes") or type(status) is not int or not 200 <= status < 300:
        return entry
    path = entry.get("path")
    if entry.get("method") in WRITE_METHODS and isinstance(path, str) and RECORD_ROOT in path and "/eid:" not in path:
        return entry
    slim = {key: entry[key] for key in SLIM_FIELDS if key in entry}
    headers = slim.get("response_headers")
    if headers:
        slim["response_headers"] = {name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS}
    return slim


DELIVERY_FIELDS = ("id", "event_seq", "label", "outcome", "attempts")
ATTEMPT_FIELDS = ("attempt", "status", "error")  # what a slim delivery keeps of its one attempt


def slim_delivery(delivery: Record) -> Record:
    """A webhook delivery as the evidence keeps it: whole when it took more than one attempt or was
    not delivered, else its id, event seq, label, outcome and its one attempt's number, status and
    error, not when it was made (nothing reads when a delivery that went through at once was made:
    so the attempts of a million such deliveries are equal, and held once)."""
    attempts = delivery.get("attempts")
    if delivery.get("outcome") != "delivered" or type(attempts) is not list or len(attempts) != 1:
        return delivery
    slim = {key: delivery[key] for key in DELIVERY_FIELDS if key in delivery}
    attempt = attempts[0]
    if type(attempt) is dict:
        slim["attempts"] = [{key: attempt[key] for key in ATTEMPT_FIELDS if key in attempt}]
    return slim


class Compactor:
    """Rebuilds JSON values (dicts, lists, strings, numbers) into equal ones that take far less memory.

    A million transactions' truth and evidence as Python dicts would not fit in a few GiB, so
    what :func:`collect` keeps goes through one of these (and the benchmark's synthetic evidence
    through the same one). Nothing changes value, type, key order or JSON form; but:

    * equal values are one object: references (``{"id": "12"}``), lines (the items of a truth
      record's ``lines``, of an ERP sublist's ``items``, of a delivery's ``attempts``), whole line
      lists and sublists, empty
      dicts and lists, every id that joins the truth to the ERP (:data:`ID_KEYS`), and the first
      :data:`SHARED_CAP` distinct other strings (so dates, locations, SKUs and paths are held
      once); so the values must be treated as read only;
    * every other dict is rebuilt as a *key-sharing* dict (PEP 412): dicts of one shape (the
      same keys in the same order) share one table of keys, as the attribute dicts of one
      class's instances do, which halves a dict's size. They are plain ``dict`` objects; should
      an interpreter not share their keys, they are only as large as any other dict;
    * one exception to "same type": a truth transaction's ``stock`` list of plain movements becomes a
      :class:`~harness.evidence_truth.StockMoves` over :attr:`stock_moves` (a read-only sequence equal
      to that list: its movements as columns, rebuilt as equal dicts when read).
    """

    def __init__(self, cap: int = SHARED_CAP) -> None:
        self.cap = cap
        self._strings: dict[str, str] = {}
        self._others = 0  # strings interned that are not ids
        self._shared: dict[str, Any] = {}  # repr of a shared value -> the value
        self._holders: dict[tuple[Any, ...], type | None] = {}  # dict shape -> class whose instances' dicts share its keys
        self._empty_dict: dict[str, Any] = {}
        self._empty_list: list[Any] = []
        self.stock_moves = MoveTable()  # every truth transaction's ``stock`` movements, as columns

    def value(self, value: Any) -> Any:
        """An equal value, compacted."""
        kind = type(value)
        if kind is str:
            return self._strings.get(value) or self._string(value)
        if kind is dict:
            return self._dict(value)
        if kind is list:
            return self._list(None, value)
        return value

    def field(self, key: str, value: Any) -> Any:
        """An equal value of a record's field ``key``, compacted (an id of :data:`ID_KEYS` always held once)."""
        kind = type(value)
        if kind is str:
            return self._strings.get(value) or (self._id(value) if key in ID_KEYS else self._string(value))
        if kind is dict:
            return self._dict(value)
        if kind is list:
            return self._list(key, value)
        return value

    def records(self, record_type: str, records: list[Any] | Iterator[Record]) -> Sequence[Record]:
        """One ERP record type's records, compacted: for :data:`TABLED_TYPES` a
        :class:`~harness.evidence_records.RecordTable` (a list given is emptied as it is read, so no second
        copy is ever held), else the list, compacted in place. (A list holding other than dicts stays a list.)"""
        if isinstance(records, list):
            if record_type not in TABLED_TYPES or not all(type(record) is dict for record in records):
                self.replace_all(records)
                return records
            table = RecordTable()
            for index, record in enumerate(records):
                table.append(record, self.field)
                records[index] = None
            records.clear()
            return table
        if record_type not in TABLED_TYPES:
            return list(map(self.value, records))
        return RecordTable(records, self.field)

    def joining_id(self, text: str) -> str:
        """The one string equal to an id that joins two parts of the evidence (:data:`ID_KEYS`): always held once."""
        return self._strings.get(text) or self._id(text)

    def replace_all(self, values: list[Any]) -> None:
        """Compact a list's items in place, one at a time (never two copies of the list's contents)."""
        value = self.value
        for index, item in enumerate(values):
            values[index] = value(item)

    def _string(self, text: str) -> str:
        if self._others < self.cap:
            self._strings[text] = text
            self._others += 1
        return text

    def _id(self, text: str) -> str:
        self._strings[text] = text
        return text

    def _dict(self, source: dict[Any, Any]) -> Any:
        if len(source) == 1 and ("id" in source or "items" in source):  # a reference, or a sublist
            return self._shared_value(source)
        return self._build(source)

    def _build(self, source: dict[Any, Any]) -> Any:
        if not source:
            return self._empty_dict
        shape = tuple(source)
        try:
            holder_type = self._holders[shape]
        except KeyError:
            holder_type = self._holders[shape] = self._holder_type(shape)
        made: Any = {} if holder_type is None else holder_type()
        store = made.__setitem__ if holder_type is None else partial(setattr, made)
        strings = self._strings
        for key, item in source.items():
            kind = type(item)
            if kind is str:
                item = strings.get(item) or (self._id(item) if key in ID_KEYS else self._string(item))
            elif kind is dict:
                item = self._dict(item)
            elif kind is list:
                item = (key == "stock" and item and self.stock_moves.hold(item, self.joining_id)) or self._list(key, item)
            store(key, item)
        return made if holder_type is None else made.__dict__

    def _holder_type(self, shape: tuple[Any, ...]) -> type | None:
        """A class of its own for dicts of this shape: its instances' attribute dicts share one table of keys.
        None when the keys cannot be attribute names, or are too many to share."""
        if len(shape) > _MAX_SHARED_KEYS or len(self._holders) >= self.cap:
            return None
        if not all(type(key) is str and not key.startswith("__") for key in shape):
            return None
        return type("_SharedKeys", (), {})

    def _list(self, key: Any, items: list[Any]) -> list[Any]:
        if not items:
            return self._empty_list
        if key in LINE_LISTS:
            return cast("list[Any]", self._shared_value(items))
        value = self.value
        return [value(item) for item in items]

    def _shared_value(self, value: dict[Any, Any] | list[Any]) -> Any:
        """The one compacted object equal to ``value`` (its repr is exact: types, key order, float digits)."""
        key = repr(value)
        found = self._shared.get(key)
        if found is not None:
            return found
        if type(value) is dict:
            found = self._build(value)
        else:
            found = [self._shared_value(line) if type(line) is dict else self.value(line) for line in value]
        if len(self._shared) < self.cap:
            self._shared[key] = found
        return found


def compact_evidence(evidence: Evidence, compactor: Compactor | None = None) -> Evidence:
    """Compact what ``evidence`` holds (truth included) in place, as :func:`collect` keeps it (journals as
    :class:`Journal`, publish times as :class:`PublishTimes`, stock levels' changes as :class:`StockChanges`,
    deliveries as :class:`Deliveries`), and drop its indexes; returns it."""
    compact = compactor or Compactor()
    truth = evidence.truth
    for lines in (truth.transactions, truth.journals, truth.stock):
        compact.replace_all(lines)
    evidence.erp_records = {  # a table is built from a copy: the lists given stay as they were (a test's, say)
        t: compact.records(t, list(records) if t in TABLED_TYPES or type(records) is not list else records)
        for t, records in evidence.erp_records.items()
    }
    for rows in (evidence.erp_stock, evidence.exceptions):
        compact.replace_all(rows)
    evidence.shop_inventory = hold_levels(evidence.shop_inventory, compact)
    evidence.deliveries = Deliveries(map(slim_delivery, evidence.deliveries), compact)
    for name, entries in evidence.journals.items():
        evidence.journals[name] = Journal(map(slim_entry, entries), compact)
    evidence.publish_times = PublishTimes(evidence.publish_times)
    for name in [name for name in vars(evidence) if name not in _FIELDS]:
        delattr(evidence, name)  # cached indexes of the values just replaced
    return evidence


def _journal(client: AdminClient, compact: Compactor) -> Journal:
    """A simulator's whole request journal, read a page at a time, each entry slimmed and held as columns."""
    entries = Journal()
    while True:
        page = client.admin("GET", "journal", params={"since": len(entries), "limit": JOURNAL_PAGE})["entries"]
        entries.extend(map(slim_entry, page), compact)
        if len(page) < JOURNAL_PAGE:
            return entries


def collect(
    simulators: Mapping[str, AdminClient], truth: GroundTruth, publish_times: Mapping[int, float], started_wall: float
) -> Evidence:
    """Read everything the checks need from the simulators' admin surfaces (simulators missing from the map are skipped).

    Everything kept is compacted (:class:`Compactor`), the truth in place too (its lines are
    replaced by equal ones), journal entries are slimmed (:func:`slim_entry`) and held as columns
    (:class:`Journal`), deliveries slimmed (:func:`slim_delivery`) and held as columns (:class:`Deliveries`),
    stock levels' changes held as columns (:class:`StockChanges`), publish times held in an array
    (:class:`PublishTimes`): so a run of a million transactions can be checked in a few GiB. The
    evidence is read only from here on.
    """
    compact = Compactor()
    evidence = Evidence(truth=truth, started_wall=started_wall, publish_times=PublishTimes(publish_times))
    for lines in (truth.transactions, truth.journals, truth.stock):
        compact.replace_all(lines)
    erp = simulators.get("erp")
    if erp is not None:
        state = erp.admin("GET", "state")
        evidence.erp_records = {t: compact.records(t, records) for t, records in state.get("records", {}).items()}
        evidence.erp_config = state.get("config", {})
        evidence.erp_master = state.get("master", {})
        evidence.erp_stock = compact.value(erp.admin("GET", "stock").get("on_hand", []))
        evidence.erp_prices = erp.admin("GET", "prices")
    if "exceptions" in simulators:
        evidence.exceptions = compact.value(simulators["exceptions"].admin("GET", "state").get("reports", []))
    if "shop" in simulators:
        evidence.shop_inventory = hold_levels(simulators["shop"].admin("GET", "state").get("inventory", []), compact)
    if "sitoo" in simulators:
        evidence.sitoo_products = simulators["sitoo"].admin("GET", "state").get("products", [])
    if "newstore" in simulators:
        deliveries = simulators["newstore"].admin("GET", "deliveries").get("deliveries", [])
        evidence.deliveries = Deliveries(map(slim_delivery, deliveries), compact)
    evidence.journals = {name: _journal(client, compact) for name, client in simulators.items()}
    return evidence

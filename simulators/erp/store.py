"""Transaction records by type and internal id, with external ids and write bookkeeping.

Flavour-neutral: it knows nothing of NetSuite's payloads, only records (dicts with an
``id``), their optional ``externalId`` and when they were written or deleted. Internal
ids come from one counter across all types, as NetSuite's transaction ids do, so an id
alone names one record. Not thread-safe on its own: :class:`~simulators.erp.state.ErpState`
holds the lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class RecordMeta:
    record_type: str
    created_at: float
    writes: int = 1
    updated_at: float | None = None


@dataclass(frozen=True)
class DeletedRecord:
    type: str
    id: str
    externalId: str | None
    deleted_at: float


class RecordStore:
    def __init__(self, record_types: Iterable[str], clock: Callable[[], float], first_id: int = 1001) -> None:
        self._clock = clock
        self.tables: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in record_types}
        self.meta: dict[tuple[str, str], RecordMeta] = {}
        self.deleted: list[DeletedRecord] = []
        self.writes = 0
        self._external_ids: dict[tuple[str, str], str] = {}
        self._types_by_id: dict[str, str] = {}
        self._next_id = first_id - 1

    # -- reading -------------------------------------------------------------------
    def resolve(self, record_type: str, key: str) -> str | None:
        """The internal id for ``key``: an internal id or ``eid:<externalId>``."""
        if key.startswith("eid:"):
            return self._external_ids.get((record_type, key[4:]))
        return key if key in self.tables[record_type] else None

    def get(self, record_type: str, internal_id: str) -> dict[str, Any]:
        return dict(self.tables[record_type][internal_id])

    def type_of(self, internal_id: str) -> str | None:
        return self._types_by_id.get(internal_id)

    def ids(self, record_type: str) -> list[str]:
        return list(self.tables[record_type])

    def records(self, record_type: str) -> list[dict[str, Any]]:
        return list(self.tables[record_type].values())

    def has_external_id(self, record_type: str, external_id: str) -> bool:
        return (record_type, external_id) in self._external_ids

    # -- writing -------------------------------------------------------------------
    def insert(self, record_type: str, values: dict[str, Any]) -> str:
        self._next_id += 1
        internal_id = str(self._next_id)
        self.tables[record_type][internal_id] = {"id": internal_id, **values}
        if values.get("externalId") is not None:
            self._external_ids[(record_type, values["externalId"])] = internal_id
        self._types_by_id[internal_id] = record_type
        self.meta[(record_type, internal_id)] = RecordMeta(record_type, self._clock())
        self.writes += 1
        return internal_id

    def replace(self, record_type: str, internal_id: str, record: dict[str, Any]) -> None:
        """Store ``record`` (the whole new version) under ``internal_id``, re-keying its externalId."""
        old_external_id = self.tables[record_type][internal_id].get("externalId")
        new_external_id = record.get("externalId")
        if old_external_id != new_external_id:
            self._external_ids.pop((record_type, old_external_id or ""), None)
            if new_external_id is not None:
                self._external_ids[(record_type, new_external_id)] = internal_id
        self.tables[record_type][internal_id] = {**record, "id": internal_id}
        meta = self.meta[(record_type, internal_id)]
        meta.writes += 1
        meta.updated_at = self._clock()
        self.writes += 1

    def delete(self, record_type: str, internal_id: str) -> None:
        record = self.tables[record_type].pop(internal_id)
        if record.get("externalId") is not None:
            self._external_ids.pop((record_type, record["externalId"]), None)
        self._types_by_id.pop(internal_id, None)
        self.meta.pop((record_type, internal_id), None)
        self.deleted.append(DeletedRecord(record_type, internal_id, record.get("externalId"), self._clock()))
        self.writes += 1

    # -- inspecting ----------------------------------------------------------------
    def meta_rows(self) -> list[dict[str, Any]]:
        return [
            {"type": t, "id": i, **{k: v for k, v in asdict(m).items() if k != "record_type"}} for (t, i), m in self.meta.items()
        ]

    def deleted_rows(self) -> list[dict[str, Any]]:
        return [asdict(d) for d in self.deleted]

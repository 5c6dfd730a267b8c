"""The ERP simulator's state: master data, transaction records, tokens, governance.

One explicit object per simulator instance (no module globals). Every method takes the
lock, so the state is safe under the threaded server; validation raises
:class:`~simulators.erp.errors.NetSuiteError` with the body NetSuite would send.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from pydantic import ValidationError

from simulators.common.concurrency import ConcurrencyLimiter
from simulators.common.tokens import TokenStore

from . import errors
from .models import HEADER_REFERENCES, LINE_REFERENCES, MASTER_TYPES, REQUIRED_HEADER_FIELDS, WRITABLE_TYPES, MasterRecord


@dataclass
class ErpConfig:
    """Behaviour a scenario can dial. Defaults follow a NetSuite shared-tier account."""

    account_id: str = "TSTDRV0000001"
    clients: dict[str, str] = field(default_factory=lambda: {"pos-harness-erp": "erp-secret"})
    concurrency_limit: int = 5
    # 429 is what REST web services answer; some accounts show 400 or 401 under overload.
    concurrency_status: int = 429
    # NetSuite documents no Retry-After on concurrency errors; None omits the header.
    retry_after_seconds: int | None = 1
    latency_ms: float = 0.0
    token_ttl_seconds: int = 3600

    def update(self, values: dict[str, Any]) -> None:
        known = {f.name for f in fields(self)}
        for name, value in values.items():
            if name not in known:
                raise KeyError(f"unknown ERP config key {name!r}")
            setattr(self, name, value)


@dataclass
class RecordMeta:
    record_type: str
    created_at: float
    writes: int = 1


class ErpState:
    def __init__(self, config: ErpConfig | None = None) -> None:
        self._initial_config = asdict(config or ErpConfig())
        self._lock = threading.RLock()
        self.reset()

    # -- admin ---------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.config = ErpConfig(**self._initial_config)
            self.tokens = TokenStore(seed=self.config.account_id, ttl_seconds=self.config.token_ttl_seconds)
            self.limiter = ConcurrencyLimiter(self.config.concurrency_limit)
            self.master: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in MASTER_TYPES}
            self.records: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in WRITABLE_TYPES}
            self.meta: dict[tuple[str, str], RecordMeta] = {}
            self._external_ids: dict[tuple[str, str], str] = {}
            self._next_id = 1000
            self.writes = 0
            self.throttled_until = 0.0

    def seed(self, world: dict[str, Any]) -> None:
        with self._lock:
            self.config.update(world.get("config", {}))
            if "clients" in world:
                self.config.clients = dict(world["clients"])
            self.tokens.ttl_seconds = self.config.token_ttl_seconds
            self.limiter.reset(self.config.concurrency_limit)
            for record_type, rows in world.get("master", {}).items():
                if record_type not in MASTER_TYPES:
                    raise ValueError(f"unknown master record type {record_type!r}")
                for row in rows:
                    record = MasterRecord.model_validate(row).model_dump(exclude_none=True)
                    self.master[record_type][record["id"]] = record

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "config": asdict(self.config),
                "master": {t: list(rows.values()) for t, rows in self.master.items()},
                "records": {t: list(rows.values()) for t, rows in self.records.items()},
                "record_meta": [
                    {"type": t, "id": i, "created_at": m.created_at, "writes": m.writes} for (t, i), m in self.meta.items()
                ],
                "governance": asdict(self.limiter.stats()),
                "tokens_issued": len(self.tokens),
            }

    def activity(self) -> dict[str, Any]:
        stats = self.limiter.stats()
        with self._lock:
            return {
                "writes": self.writes,
                "in_flight": stats.in_flight,
                "rejected": stats.rejected,
                "throttled_until": self.throttled_until,
            }

    def note_throttled(self, retry_after: int | None) -> None:
        with self._lock:
            self.throttled_until = max(self.throttled_until, time.time() + (retry_after or 0))

    # -- reading -------------------------------------------------------------------
    def is_known_type(self, record_type: str) -> bool:
        return record_type in WRITABLE_TYPES or record_type in MASTER_TYPES

    def _table(self, record_type: str) -> dict[str, dict[str, Any]]:
        if record_type in WRITABLE_TYPES:
            return self.records[record_type]
        if record_type in MASTER_TYPES:
            return self.master[record_type]
        raise errors.unsupported_record_type(record_type)

    def resolve_id(self, record_type: str, key: str) -> str | None:
        """The internal id for ``key``, which is an internal id or ``eid:<externalId>``."""
        with self._lock:
            table = self._table(record_type)
            if key.startswith("eid:"):
                external_id = key[4:]
                if record_type in WRITABLE_TYPES:
                    return self._external_ids.get((record_type, external_id))
                return next((i for i, r in table.items() if r.get("externalId") == external_id), None)
            return key if key in table else None

    def get(self, record_type: str, key: str) -> dict[str, Any]:
        with self._lock:
            internal_id = self.resolve_id(record_type, key)
            if internal_id is None:
                raise errors.record_not_found()
            return dict(self._table(record_type)[internal_id])

    def list_ids(self, record_type: str) -> list[str]:
        with self._lock:
            return list(self._table(record_type).keys())

    def ref_name(self, record_type: str, internal_id: str) -> str | None:
        with self._lock:
            record = self.master.get(record_type, {}).get(internal_id)
            return None if record is None else str(record.get("name") or internal_id)

    # -- writing -------------------------------------------------------------------
    def validate(self, record_type: str, body: Any) -> dict[str, Any]:
        """Parse and check a write; returns the record fields to store."""
        model = WRITABLE_TYPES.get(record_type)
        if model is None:
            raise errors.unsupported_record_type(record_type)
        if not isinstance(body, dict):
            raise errors.invalid_content("The request body must be a JSON object.")
        try:
            parsed = model.model_validate(body)
        except ValidationError as exc:
            first = exc.errors()[0]
            path = ".".join(str(p) for p in first["loc"]) or None
            raise errors.invalid_content(f"Invalid content in the request body: {first['msg']}", path) from None
        values = parsed.model_dump(exclude_none=True)
        self._check_references(values)
        return values

    def _check_references(self, values: dict[str, Any]) -> None:
        with self._lock:
            for field_name, (master_type, _label) in HEADER_REFERENCES.items():
                ref = values.get(field_name)
                if ref is not None:
                    self._check_reference(field_name, master_type, ref)
            for index, line in enumerate(values.get("item", {}).get("items", [])):
                for field_name, master_type in LINE_REFERENCES.items():
                    if field_name in line:
                        self._check_reference(f"item.items[{index}].{field_name}", master_type, line[field_name])

    def _check_reference(self, path: str, master_type: str, ref: dict[str, Any]) -> None:
        table = self.master[master_type]
        if "id" in ref:
            if ref["id"] not in table:
                raise errors.invalid_reference(path, ref["id"])
            return
        if "externalId" in ref:
            match = next((i for i, r in table.items() if r.get("externalId") == ref["externalId"]), None)
            if match is None:
                raise errors.invalid_reference(path, ref["externalId"])
            ref["id"] = match
            return
        raise errors.invalid_reference(path, "{}")

    def _check_required(self, record_type: str, values: dict[str, Any]) -> None:
        for name in REQUIRED_HEADER_FIELDS.get(record_type, ()):
            if name not in values:
                raise errors.missing_value(name, HEADER_REFERENCES[name][1])
        if not values.get("item", {}).get("items"):
            raise errors.missing_value("item", "Items")

    def create(self, record_type: str, values: dict[str, Any]) -> str:
        self._check_required(record_type, values)
        with self._lock:
            external_id = values.get("externalId")
            if external_id is not None and (record_type, external_id) in self._external_ids:
                raise errors.already_exists()
            return self._insert(record_type, values)

    def upsert(self, record_type: str, external_id: str, values: dict[str, Any], replace: set[str]) -> tuple[str, bool]:
        """PUT ``eid:``: create when new, else update. Returns (internal id, created)."""
        if values.get("externalId", external_id) != external_id:
            raise errors.invalid_content("The externalId in the body does not match the one in the URL.", "externalId")
        with self._lock:
            internal_id = self._external_ids.get((record_type, external_id))
            if internal_id is None:
                values = {**values, "externalId": external_id}
                self._check_required(record_type, values)
                return self._insert(record_type, values), True
            self._update(record_type, internal_id, values, replace)
            return internal_id, False

    def patch(self, record_type: str, internal_id: str, values: dict[str, Any], replace: set[str]) -> None:
        with self._lock:
            current = self.records[record_type][internal_id]
            new_external_id = values.get("externalId")
            if new_external_id and new_external_id != current.get("externalId"):
                if (record_type, new_external_id) in self._external_ids:
                    raise errors.already_exists()
                self._external_ids.pop((record_type, current.get("externalId", "")), None)
                self._external_ids[(record_type, new_external_id)] = internal_id
            self._update(record_type, internal_id, values, replace)

    def _insert(self, record_type: str, values: dict[str, Any]) -> str:
        self._next_id += 1
        internal_id = str(self._next_id)
        self.records[record_type][internal_id] = {"id": internal_id, **values}
        if values.get("externalId") is not None:
            self._external_ids[(record_type, values["externalId"])] = internal_id
        self.meta[(record_type, internal_id)] = RecordMeta(record_type, time.time())
        self.writes += 1
        return internal_id

    def _update(self, record_type: str, internal_id: str, values: dict[str, Any], replace: set[str]) -> None:
        """Body fields overwrite; sublist lines are added unless ``?replace=`` names the sublist.

        This is NetSuite's rule for non-keyed sublists such as a transaction's ``item``:
        an upsert retried without ``replace=item`` doubles the lines.
        """
        record = self.records[record_type][internal_id]
        for name, value in values.items():
            if name == "item" and "item" not in replace and "item" in record:
                record["item"] = {"items": [*record["item"]["items"], *value.get("items", [])]}
            else:
                record[name] = value
        self.meta[(record_type, internal_id)].writes += 1
        self.writes += 1

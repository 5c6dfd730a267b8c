"""The record operations: create, upsert, patch, delete, transform.

Each parses and checks the request (see :mod:`simulators.erp.validation`), builds the
record as it would be stored, runs the type's business rules on it
(:mod:`simulators.erp.rules`), and only then commits it, so a refused write changes
nothing. Writes to master data are refused with ``403 INSUFFICIENT_PERMISSION``: the
ERP, not the integration, owns items, prices, locations and the rest.
"""

from __future__ import annotations

import re
from typing import Any

from . import errors, rules, transform, validation
from .models import MASTER_PERMISSIONS, MASTER_TYPES, RECORD_SPECS, TRANSFORMS, RecordSpec
from .state import ErpState

KEY = re.compile(r"[0-9]+|eid:.+")  # an internal id or eid:<externalId>


def writable_spec(state: ErpState, record_type: str) -> RecordSpec:
    """The spec of a type integrations may write; 403 for master data, 404 for anything else."""
    if record_type in MASTER_TYPES:
        with state.lock:
            state.master.refused_writes += 1
        raise errors.permission_denied(record_type, MASTER_PERMISSIONS[record_type])
    spec = RECORD_SPECS.get(record_type)
    if spec is None:
        raise errors.unsupported_record_type(record_type)
    return spec


def check_request(
    state: ErpState, record_type: str, key: str | None = None, body: Any = None, target_type: str | None = None
) -> None:
    """What the request alone decides, so an async write is refused at once rather than queued as a job.

    The record type (``403`` for master data, ``404`` unknown), the key's shape (an internal
    id or ``eid:X``), the transformation pair and the body's shape, with the errors the
    operation itself would raise. What needs the ERP's records (references, the record
    named, business rules) is checked in the job.
    """
    spec = writable_spec(state, record_type)
    if key is not None and not KEY.fullmatch(key):
        raise errors.record_not_found()
    if target_type is not None:
        if (record_type, target_type) not in TRANSFORMS:
            raise errors.invalid_transform(record_type, target_type)
        spec = RECORD_SPECS[target_type]
    if body is not None:
        validation.parse(spec, body)


def create(state: ErpState, record_type: str, body: Any) -> str:
    spec = writable_spec(state, record_type)
    values = validation.parse(spec, body)
    with state.lock:
        validation.check_references(state.master, spec, values)
        return _insert(state, record_type, spec, values)


def upsert(state: ErpState, record_type: str, external_id: str, body: Any, replace: set[str]) -> tuple[str, bool]:
    """PUT ``eid:``: create when new, else update. Returns (internal id, created)."""
    spec = writable_spec(state, record_type)
    values = validation.parse(spec, body)
    if values.get("externalId", external_id) != external_id:
        raise errors.invalid_content("The externalId in the body does not match the one in the URL.", "externalId")
    with state.lock:
        validation.check_references(state.master, spec, values)
        internal_id = state.store.resolve(record_type, f"eid:{external_id}")
        if internal_id is None:
            return _insert(state, record_type, spec, {**values, "externalId": external_id}), True
        _update(state, record_type, spec, internal_id, values, replace)
        return internal_id, False


def patch(state: ErpState, record_type: str, key: str, body: Any, replace: set[str]) -> str:
    spec = writable_spec(state, record_type)
    with state.lock:
        internal_id = _existing(state, record_type, key)
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k != "id"}  # a GET body sent back names its own id
        values = validation.parse(spec, body)
        validation.check_references(state.master, spec, values)
        new_external_id = values.get("externalId")
        current_external_id = state.store.get(record_type, internal_id).get("externalId")
        if (
            new_external_id
            and new_external_id != current_external_id
            and state.store.has_external_id(record_type, new_external_id)
        ):
            raise errors.already_exists()
        _update(state, record_type, spec, internal_id, values, replace)
        return internal_id


def delete(state: ErpState, record_type: str, key: str) -> None:
    writable_spec(state, record_type)
    with state.lock:
        internal_id = _existing(state, record_type, key)
        for other_type in RECORD_SPECS:
            for record in state.store.records(other_type):
                if record.get("createdFrom", {}).get("id") == internal_id:
                    raise errors.has_dependent_records()
        state.store.delete(record_type, internal_id)
        state.stock.drop(internal_id)


def transform_record(state: ErpState, source_type: str, key: str, target_type: str, body: Any) -> str:
    """``POST .../{source}/{id}/!transform/{target}``: a new target record created from the source."""
    if source_type not in RECORD_SPECS:
        raise errors.unsupported_record_type(source_type)
    with state.lock:
        source_id = _existing(state, source_type, key)
        if (source_type, target_type) not in TRANSFORMS:
            raise errors.invalid_transform(source_type, target_type)
        spec = RECORD_SPECS[target_type]
        overrides = validation.parse(spec, body if body is not None else {})
        validation.check_references(state.master, spec, overrides)
        values = {**transform.initial_values(source_type, state.store.get(source_type, source_id), target_type), **overrides}
        return _insert(state, target_type, spec, values)


def _existing(state: ErpState, record_type: str, key: str) -> str:
    internal_id = state.store.resolve(record_type, key)
    if internal_id is None:
        raise errors.record_not_found()
    return internal_id


def _insert(state: ErpState, record_type: str, spec: RecordSpec, values: dict[str, Any]) -> str:
    validation.check_required(spec, values)
    rules.check(state.store, record_type, values)
    external_id = values.get("externalId")
    if external_id is not None and state.store.has_external_id(record_type, external_id):
        raise errors.already_exists()
    internal_id = state.store.insert(record_type, values)
    state.stock.post(internal_id, rules.movements(record_type, values))
    return internal_id


def _update(
    state: ErpState, record_type: str, spec: RecordSpec, internal_id: str, values: dict[str, Any], replace: set[str]
) -> None:
    record = validation.merge(spec, state.store.get(record_type, internal_id), values, replace)
    validation.check_required(spec, record)
    rules.check(state.store, record_type, record)
    state.store.replace(record_type, internal_id, record)
    state.stock.post(internal_id, rules.movements(record_type, record))

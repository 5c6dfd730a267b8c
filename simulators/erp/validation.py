"""Check a write the way NetSuite does, in NetSuite's order and with its error codes.

1. :func:`parse`: the body is a JSON object of known fields (``400 INVALID_CONTENT``);
2. :func:`check_references`: every ``{"id"}``/``{"externalId"}`` names a master record
   (``400 INVALID_FLD_VALUE``, ``o:errorPath`` names the field); externalIds become ids;
3. :func:`check_required`: required fields and sublists are present (``400 USER_ERROR``);
4. :mod:`simulators.erp.rules`: per-type business rules on the record as it would be stored.

:func:`merge` applies an update to a stored record with NetSuite's sublist rule.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from . import errors
from .masterdata import MasterData
from .models import RecordSpec


def parse(spec: RecordSpec, body: Any) -> dict[str, Any]:
    """The record fields a request body sets (nulls dropped), or ``INVALID_CONTENT``."""
    if not isinstance(body, dict):
        raise errors.invalid_content("The request body must be a JSON object.")
    try:
        parsed = spec.model.model_validate(body, strict=True)  # JSON types as the schema says: no "2" for 2
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"]) or None
        raise errors.invalid_content(f"Invalid content in the request body: {first['msg']}", path) from None
    return parsed.model_dump(exclude_none=True)


def check_references(master: MasterData, spec: RecordSpec, values: dict[str, Any]) -> None:
    """Every reference in ``values`` names a master record; ``{"externalId"}`` gains its ``id``."""
    for field_name, (master_type, _label) in spec.header_refs.items():
        if field_name in values:
            _check_reference(master, field_name, master_type, values[field_name])
    for sublist, line_refs in spec.sublists.items():
        for index, line in enumerate(values.get(sublist, {}).get("items", [])):
            for field_name, master_type in line_refs.items():
                if field_name in line:
                    _check_reference(master, f"{sublist}.items[{index}].{field_name}", master_type, line[field_name])


def _check_reference(master: MasterData, path: str, master_type: str, ref: dict[str, Any]) -> None:
    found = master.find(master_type, ref)
    if found is None:
        raise errors.invalid_reference(path, ref.get("id", ref.get("externalId", "{}")))
    ref["id"] = found


def check_required(spec: RecordSpec, record: dict[str, Any]) -> None:
    for name, label in spec.required:
        value = record.get(name)
        missing = not value.get("items") if name in spec.sublists and isinstance(value, dict) else value in (None, "")
        if missing:
            raise errors.missing_value(name, label)


def merge(spec: RecordSpec, current: dict[str, Any], values: dict[str, Any], replace: set[str]) -> dict[str, Any]:
    """The record after an update: body fields overwrite; sublist lines are added unless ``?replace=`` names the sublist.

    This is NetSuite's rule for non-keyed sublists such as a transaction's ``item``:
    an upsert retried without ``replace=item`` doubles the lines.
    """
    record = copy.deepcopy(current)
    for name, value in values.items():
        if name in spec.sublists and name not in replace and isinstance(record.get(name), dict):
            record[name] = {"items": [*record[name].get("items", []), *value.get("items", [])]}
        else:
            record[name] = value
    return record

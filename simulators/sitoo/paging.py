"""Sitoo list envelopes: ``start``/``num`` paging, ``sort`` and ``fields`` projection.

Every list answers ``{"totalcount": N, "items": [...]}`` where ``totalcount`` counts the
whole filtered set, not the page. ``num`` above the page cap is clamped (inferred).
Integer query parameters are plain ASCII decimals (``-?[0-9]+``), lists of them comma
separated; anything else, the empty string included, is a 400.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import errors

DEFAULT_NUM = 10
_INTEGER = re.compile(r"-?[0-9]+")


def integer(raw: str, name: str) -> int:
    if not _INTEGER.fullmatch(raw):
        raise errors.bad_request(f"Invalid value for {name}: {raw!r}")
    return int(raw)


def integers(raw: str, name: str) -> set[int]:
    """A comma-separated list of integers: ``1,2,-1``."""
    if not all(_INTEGER.fullmatch(part) for part in raw.split(",")):
        raise errors.bad_request(f"Invalid value for {name}: {raw!r}")
    return {int(part) for part in raw.split(",")}


def _int_arg(args: Mapping[str, str], name: str, default: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    value = integer(raw, name)
    if value < 0:
        raise errors.bad_request(f"{name} must not be negative")
    return value


def envelope(rows: list[dict[str, Any]], args: Mapping[str, str], default_sort: str, max_num: int) -> dict[str, Any]:
    """One page of ``rows`` as Sitoo's list envelope, after sort and before projection."""
    start = _int_arg(args, "start", 0)
    num = min(_int_arg(args, "num", DEFAULT_NUM), max_num)
    sort = args.get("sort") or default_sort
    descending = sort.startswith("-")
    key = sort.lstrip("-+")
    if rows and not any(key in row for row in rows):
        raise errors.bad_request(f"Invalid sort field: {key}")
    ordered = sorted(rows, key=lambda row: (row.get(key) is None, _sortable(row.get(key))), reverse=descending)
    page = ordered[start : start + num]
    fields = [f.strip() for f in args.get("fields", "").split(",") if f.strip()]
    if fields:
        page = [{f: row[f] for f in fields if f in row} for row in page]
    return {"totalcount": len(rows), "items": page}


def _sortable(value: Any) -> tuple[int, Any]:
    """Numbers before strings, so mixed columns never raise."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    return (1, "" if value is None else str(value))

"""Apply a scenario's config to a simulator's config dataclass, all or nothing.

Every simulator takes ``{"config": {...}}`` in ``/_sim/seed``. An unknown key or a value
its check refuses must leave the config exactly as it was, so the change is made on a
copy, checked, and only then copied over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any, TypeVar

Config = TypeVar("Config")


def apply_config(config: Config, values: Any, label: str, check: Callable[[Config], None] | None = None) -> None:
    if not isinstance(values, dict):
        raise ValueError(f"{label} config must be a JSON object")
    known = {f.name for f in fields(config)}  # type: ignore[arg-type]
    unknown = sorted(set(values) - known)
    if unknown:
        raise KeyError(f"unknown {label} config key {unknown[0]!r}")
    candidate = replace(config, **values)  # type: ignore[type-var]
    if check is not None:
        check(candidate)
    for name in values:
        setattr(config, name, getattr(candidate, name))

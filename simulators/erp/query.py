"""The ``q`` filter of a record collection: ``GET .../salesOrder?q=externalId IS "S-1"``.

A small subset of NetSuite's record-collection filtering: conditions ``field OPERATOR
value`` joined by ``AND`` / ``OR`` (``AND`` binds tighter; no parentheses). A reference
field compares its ``id``; ``location.id`` style paths also work. Values may be quoted.
String comparison is exact (*inferred*). Anything else is ``400 INVALID_PARAMETER``.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import errors


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _compare(test: Callable[[float, float], bool]) -> Callable[[Any, list[str]], bool]:
    def check(actual: Any, values: list[str]) -> bool:
        left, right = _number(actual), _number(values[0])
        return left is not None and right is not None and test(left, right)

    return check


OPERATORS: dict[str, tuple[int, Callable[[Any, list[str]], bool]]] = {
    "EMPTY": (0, lambda actual, _v: actual in (None, "")),
    "EMPTY_NOT": (0, lambda actual, _v: actual not in (None, "")),
    "IS": (1, lambda actual, v: actual is not None and str(actual) == v[0]),
    "IS_NOT": (1, lambda actual, v: actual is None or str(actual) != v[0]),
    "START_WITH": (1, lambda actual, v: actual is not None and str(actual).startswith(v[0])),
    "CONTAIN": (1, lambda actual, v: actual is not None and v[0] in str(actual)),
    "EQUAL": (1, _compare(lambda a, b: a == b)),
    "GREATER": (1, _compare(lambda a, b: a > b)),
    "LESS": (1, _compare(lambda a, b: a < b)),
    "ON": (1, lambda actual, v: actual is not None and str(actual) == v[0]),
    "AFTER": (1, lambda actual, v: actual is not None and str(actual) > v[0]),
    "BEFORE": (1, lambda actual, v: actual is not None and str(actual) < v[0]),
}


@dataclass(frozen=True)
class Condition:
    path: tuple[str, ...]
    operator: str
    values: list[str]

    def matches(self, record: dict[str, Any]) -> bool:
        value: Any = record
        for part in self.path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict):
            value = value.get("id")
        return OPERATORS[self.operator][1](value, self.values)


Query = list[list[Condition]]  # OR of ANDs


def parse(text: str) -> Query:
    try:
        tokens = shlex.split(text)
    except ValueError as exc:
        raise errors.invalid_query(str(exc)) from None
    query: Query = [[]]
    while tokens:
        if len(tokens) < 2 or tokens[1] not in OPERATORS:
            raise errors.invalid_query(f"Expected 'field OPERATOR value' near: {' '.join(tokens[:3])}")
        arity = OPERATORS[tokens[1]][0]
        if len(tokens) < 2 + arity:
            raise errors.invalid_query(f"The operator {tokens[1]} needs a value.")
        query[-1].append(Condition(tuple(tokens[0].split(".")), tokens[1], tokens[2 : 2 + arity]))
        tokens = tokens[2 + arity :]
        if tokens:
            joiner = tokens.pop(0)
            if joiner not in ("AND", "OR") or not tokens:
                raise errors.invalid_query(f"Expected AND or OR followed by a condition, got {joiner!r}.")
            if joiner == "OR":
                query.append([])
    if not query[0]:
        raise errors.invalid_query("The query is empty.")
    return query


def matches(query: Query, record: dict[str, Any]) -> bool:
    return any(all(condition.matches(record) for condition in group) for group in query)

"""Keep a simulator's declared operations and its Flask routes in step.

``drift(app, spec)`` lists the vendor routes the app serves that the spec does not
declare, and the declared operations the app does not serve. Admin routes (``/_sim/``)
and Flask's static route are not part of the vendor contract.
"""

from __future__ import annotations

import re

from flask import Flask

from .openapi import ApiSpec

_CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-zA-Z_][a-zA-Z0-9_]*)>")
_PARAM = re.compile(r"\{[^}]+\}")


def _shape(path: str) -> str:
    """A path with every parameter replaced by ``{}``, so names need not match."""
    return _PARAM.sub("{}", path)


def flask_operations(app: Flask) -> set[tuple[str, str]]:
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/_sim/") or rule.endpoint == "static":
            continue
        path = _CONVERTER.sub(r"{\1}", rule.rule)
        for method in rule.methods or ():
            if method not in {"HEAD", "OPTIONS"}:
                served.add((method, _shape(path)))
    return served


def drift(app: Flask, spec: ApiSpec) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(served but undeclared, declared but not served)."""
    declared = {(op.method.upper(), _shape(op.path)) for op in spec.operations}
    served = flask_operations(app)
    return served - declared, declared - served

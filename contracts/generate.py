"""Generate the committed JSON Schemas and OpenAPI documents from the pydantic models.

``python -m contracts`` rewrites ``contracts/schemas/`` (webhook and report payloads) and
``contracts/openapi/`` (one document per simulator, from its ``spec.py``);
``tests/contracts`` fails when the committed files differ from what the models produce
(drift). The models are the source of truth: edit them, regenerate, commit both.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from pathlib import Path

from pydantic import BaseModel

from simulators.erp.models import SalesTransaction
from simulators.exceptions.models import ExceptionReport
from simulators.newstore.models import EventEnvelope, EventStreamRegistration, OrderPayload

from .openapi import ApiSpec, build_document

CONTRACTS_DIR = Path(__file__).parent
SCHEMAS_DIR = CONTRACTS_DIR / "schemas"
OPENAPI_DIR = CONTRACTS_DIR / "openapi"

MODELS: dict[str, type[BaseModel]] = {
    "newstore/event-envelope.json": EventEnvelope,
    "newstore/order.json": OrderPayload,
    "newstore/eventstream-registration.json": EventStreamRegistration,
    "erp/sales-transaction.json": SalesTransaction,
    "exceptions/exception-report.json": ExceptionReport,
}


def _dump(document: dict[str, object]) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def simulator_spec(name: str) -> ApiSpec:
    """The ``SPEC`` a simulator declares in ``simulators/<name>/spec.py``."""
    spec: ApiSpec = importlib.import_module(f"simulators.{name}.spec").SPEC
    return spec


def openapi_document(name: str) -> dict[str, object]:
    return build_document(simulator_spec(name))


def expected_files() -> dict[str, str]:
    """Every committed contract file, relative to ``contracts/``, with its content."""
    from simulators.registry import SIMULATORS

    files = {f"schemas/{path}": _dump(model.model_json_schema()) for path, model in MODELS.items()}
    for name in SIMULATORS:
        if importlib.util.find_spec(f"simulators.{name}.spec") is not None:
            files[f"openapi/{name}.json"] = _dump(openapi_document(name))
    return files


def write(directory: Path = CONTRACTS_DIR) -> list[Path]:
    written = []
    for relative, text in expected_files().items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

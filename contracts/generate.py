"""Generate the committed JSON Schemas from the pydantic models.

``python -m contracts`` rewrites ``contracts/schemas/``; ``tests/contracts`` fails when
the committed files differ from what the models produce (drift). The models are the
source of truth: edit them, regenerate, commit both.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from simulators.erp.models import SalesTransaction
from simulators.exceptions.models import ExceptionReport
from simulators.newstore.models import EventEnvelope, EventStreamRegistration, OrderPayload

SCHEMAS_DIR = Path(__file__).parent / "schemas"

MODELS: dict[str, type[BaseModel]] = {
    "newstore/event-envelope.json": EventEnvelope,
    "newstore/order.json": OrderPayload,
    "newstore/eventstream-registration.json": EventStreamRegistration,
    "erp/sales-transaction.json": SalesTransaction,
    "exceptions/exception-report.json": ExceptionReport,
}


def render(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"


def expected_files() -> dict[str, str]:
    return {path: render(model) for path, model in MODELS.items()}


def write(directory: Path = SCHEMAS_DIR) -> list[Path]:
    written = []
    for relative, text in expected_files().items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

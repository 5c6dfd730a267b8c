"""Generate the committed JSON Schemas and OpenAPI documents from the pydantic models.

``python -m contracts`` rewrites ``contracts/schemas/`` (webhook and report payloads, and the
ground truth's ``truth.jsonl`` lines) and
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

from harness.report.model import RunReport
from scenarios.truth import TRUTH_MODELS
from simulators.erp.models import CreditMemo, DerivedTransaction, InventoryAdjustment, JournalEntry, SalesTransaction
from simulators.exceptions.models import ExceptionReport
from simulators.newstore.models import (
    EVENT_PAYLOADS,
    EventEnvelope,
    EventStreamRegistration,
    FulfillOrderRequest,
    OrderPayload,
    RefundRequest,
    Rejection,
    ReturnRequest,
    Shipment,
)

from .openapi import ApiSpec, build_document

CONTRACTS_DIR = Path(__file__).parent
SCHEMAS_DIR = CONTRACTS_DIR / "schemas"
OPENAPI_DIR = CONTRACTS_DIR / "openapi"

MODELS: dict[str, type[BaseModel]] = {
    "report/run-report.json": RunReport,
    "newstore/event-envelope.json": EventEnvelope,
    "newstore/order.json": OrderPayload,
    "newstore/eventstream-registration.json": EventStreamRegistration,
    **{f"newstore/events/{name}.json": model for name, model in EVENT_PAYLOADS.items()},
    "newstore/fulfill-order-request.json": FulfillOrderRequest,
    "newstore/return-request.json": ReturnRequest,
    "newstore/refund-request.json": RefundRequest,
    "newstore/rejection.json": Rejection,
    "newstore/shipment.json": Shipment,
    "erp/sales-transaction.json": SalesTransaction,
    "erp/derived-transaction.json": DerivedTransaction,
    "erp/credit-memo.json": CreditMemo,
    "erp/journal-entry.json": JournalEntry,
    "erp/inventory-adjustment.json": InventoryAdjustment,
    "exceptions/exception-report.json": ExceptionReport,
    # The ground truth a scenario writes next to its traffic (truth.jsonl), one schema per line kind.
    **{f"truth/{kind}.json": model for kind, model in TRUTH_MODELS.items()},
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

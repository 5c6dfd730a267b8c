"""Schemathesis against a simulator on a real socket: shared set-up for the contract tests.

Checks: no server errors, declared status codes and content types, bodies conforming to
the document, and invalid input rejected. Not checked: that schema-valid input is always
accepted, because the simulators validate references against seeded master data (a
random id is rightly refused with the vendor's 400), and stateful resource checks.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from contracts.generate import openapi_document

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]

FUZZ_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck), database=None)


def load_schema(name: str) -> Any:
    return schemathesis.openapi.from_dict(openapi_document(name))

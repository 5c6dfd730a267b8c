"""Schemathesis against the exception queue."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.exceptions import create_app
from tests.contracts.fuzzing import CHECKS, FUZZ_SETTINGS, load_schema

pytestmark = pytest.mark.slow  # Schemathesis runs take tens of seconds; CI runs them all

schema = load_schema("exceptions")


@pytest.fixture(scope="module")
def base_url(served_module: Any) -> str:
    return str(served_module(create_app()).url)


@schema.parametrize()
@FUZZ_SETTINGS
def test_exception_queue_conforms(case: Any, base_url: str) -> None:
    case.call_and_validate(base_url=base_url, checks=CHECKS)

"""The reconciliation checks, one module per property, listed once here.

A check is ``check(evidence) -> CheckResult``; ``ALL_CHECKS`` is the registry a run
uses (a test keeps it in step with the modules in this package).
"""

from __future__ import annotations

from . import conservation
from .base import Check, CheckResult, Discrepancy

ALL_CHECKS: dict[str, Check] = {
    conservation.NAME: conservation.check,
}

__all__ = ["ALL_CHECKS", "Check", "CheckResult", "Discrepancy"]

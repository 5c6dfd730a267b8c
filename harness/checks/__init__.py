"""The reconciliation checks, one module per property, listed once here.

A check is ``check(evidence) -> CheckResult``; ``ALL_CHECKS`` is the registry a run
uses, in the order reports show them (a test keeps it in step with the modules in this
package). Each module's docstring says which bug it exists to catch.
"""

from __future__ import annotations

from . import (
    amounts,
    conservation,
    contract_violations,
    daily_journal,
    exactly_once,
    fulfilment,
    ghost_orders,
    mapping,
    master_direction,
    rate_limits,
    returns,
    stock,
    stock_latency,
)
from .base import Check, CheckResult, Discrepancy

ALL_CHECKS: dict[str, Check] = {
    module.NAME: module.check
    for module in (
        conservation,
        exactly_once,
        amounts,
        mapping,
        returns,
        ghost_orders,
        fulfilment,
        daily_journal,
        stock,
        stock_latency,
        rate_limits,
        master_direction,
        contract_violations,
    )
}

__all__ = ["ALL_CHECKS", "Check", "CheckResult", "Discrepancy"]

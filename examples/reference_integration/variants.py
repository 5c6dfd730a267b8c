"""Faulty variants: the reference integration with one realistic bug switched on.

Each variant is a :class:`Behaviour` that differs from the reference in one respect; the
service consults the behaviour at the point where the bug would live. The harness's
test suite runs them to prove that each bug is caught.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Behaviour:
    # Drop a delivery whose (payload id, event name) was already processed.
    dedupe: bool = True
    # The events that cause an ERP write.
    post_on: frozenset[str] = field(default_factory=lambda: frozenset({"order.completed"}))
    # PUT .../eid:<external id>?replace=item (idempotent) rather than POST without an external id.
    idempotent_writes: bool = True
    # Report records that cannot be mapped to the exception queue (rather than dropping them).
    report_unmapped: bool = True
    # Wait for Retry-After on 429 (rather than a fixed short backoff).
    honour_retry_after: bool = True


REFERENCE = Behaviour()

VARIANTS: dict[str, tuple[str, Behaviour]] = {
    "reference": ("the correct integration", REFERENCE),
    "double-post": (
        "treats order.created and order.completed as two sales and creates each with POST and no external id",
        replace(REFERENCE, post_on=frozenset({"order.created", "order.completed"}), idempotent_writes=False),
    ),
    "drop-unmapped": (
        "silently drops sales it cannot map instead of reporting them to the exception queue",
        replace(REFERENCE, report_unmapped=False),
    ),
}

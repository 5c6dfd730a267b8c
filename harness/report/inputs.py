"""What the reports read from a run, as protocols rather than imports.

The reports, the run store and the pytest plugin must not import ``harness.run`` at
module level: the engine imports them (a cycle), and a report has to be renderable from
a SQLite file long after the run, with no engine at all. So they describe the few
attributes they read from a ``RunResult``, a ``CheckResult`` and an ``Evidence`` here,
and mypy checks the real classes against these shapes where the engine hands them over.
Every property is read-only, so the real classes may hold narrower types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol


class TruthLike(Protocol):
    """``scenarios.truth.GroundTruth``: the expected outcomes, as plain dicts by kind."""

    @property
    def transactions(self) -> Sequence[Mapping[str, Any]]: ...

    @property
    def journals(self) -> Sequence[Mapping[str, Any]]: ...

    @property
    def stock(self) -> Sequence[Mapping[str, Any]]: ...

    @property
    def summary(self) -> Mapping[str, Any]: ...


class EvidenceLike(Protocol):
    """``harness.evidence.Evidence``: everything the simulators saw, beside the truth."""

    @property
    def truth(self) -> TruthLike: ...

    @property
    def started_wall(self) -> float: ...

    @property
    def publish_times(self) -> Mapping[int, float]: ...

    @property
    def erp_records(self) -> Mapping[str, Sequence[Mapping[str, Any]]]: ...

    @property
    def exceptions(self) -> Sequence[Mapping[str, Any]]: ...

    @property
    def journals(self) -> Mapping[str, Sequence[Mapping[str, Any]]]: ...

    @property
    def erp_stock(self) -> Any: ...

    @property
    def shop_inventory(self) -> Any: ...

    @property
    def deliveries(self) -> Sequence[Mapping[str, Any]]: ...


class CheckLike(Protocol):
    """``harness.checks.CheckResult``; its ``to_dict()`` is the one serialisation."""

    def to_dict(self) -> dict[str, Any]: ...


class SettleLike(Protocol):
    @property
    def settled(self) -> bool: ...

    @property
    def waited_seconds(self) -> float: ...

    @property
    def last_activity(self) -> Mapping[str, Any]: ...


class RunLike(Protocol):
    """``harness.run.RunResult``."""

    @property
    def scenario(self) -> str: ...

    @property
    def seed(self) -> int: ...

    @property
    def integration(self) -> str: ...

    @property
    def checks(self) -> Sequence[CheckLike]: ...

    @property
    def settle(self) -> SettleLike: ...

    @property
    def drive_seconds(self) -> float: ...

    @property
    def total_seconds(self) -> float: ...

    @property
    def artefacts_dir(self) -> Path: ...

    @property
    def traffic_events(self) -> int: ...

    @property
    def integration_exit_code(self) -> int | None: ...

    @property
    def notes(self) -> Sequence[str]: ...

    @property
    def passed(self) -> bool: ...

    @property
    def exit_code(self) -> int: ...

    @property
    def replay_command(self) -> str: ...

    @property
    def evidence(self) -> EvidenceLike | None: ...

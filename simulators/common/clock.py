"""The simulated clock: business time that can run faster than the wall, or stand still.

A scenario that replays a trading day (tills open at 09:00, the lunchtime peak, the day
close at 17:30) cannot wait eight hours, and a test of "the journal posts after the day
close" cannot wait for one. Simulators read business time (order timestamps, Z-report
dates, "today") from a :class:`SimClock` instead of ``datetime.now()``, so a scenario can
start the day at a chosen instant and compress it by a factor. Several simulators in one
process may share one clock, so their timestamps agree.

Business time is ``epoch + (monotonic_now - started) * factor``. Transport concerns
(token expiry, webhook retry backoff, fault windows) stay on the wall clock: an
integration retries and times out in real seconds whatever the scenario pretends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Monotonic = Callable[[], float]


def parse_instant(value: str | datetime) -> datetime:
    """An aware UTC datetime from ISO 8601 (``Z`` or an offset); a naive instant means UTC."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_instant(moment: datetime) -> str:
    """``2026-11-27T09:00:00.000Z``: UTC, milliseconds, ``Z`` (what the vendors' APIs print)."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def _checked_factor(factor: float) -> float:
    if not factor > 0:
        raise ValueError("a clock factor must be greater than 0 (freeze the clock to stop time)")
    return float(factor)


class SimClock:
    """Business time for simulators; thread-safe. Defaults to the wall clock at factor 1."""

    def __init__(self, epoch: str | datetime | None = None, factor: float = 1.0, monotonic: Monotonic = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._monotonic = monotonic
        self._epoch = parse_instant(epoch) if epoch is not None else datetime.now(UTC)
        self._factor = _checked_factor(factor)
        self._started = monotonic()
        self._frozen = False

    def _now_locked(self) -> datetime:
        if self._frozen:
            return self._epoch
        return self._epoch + timedelta(seconds=(self._monotonic() - self._started) * self._factor)

    def now(self) -> datetime:
        """The current business time, an aware UTC datetime."""
        with self._lock:
            return self._now_locked()

    def now_iso(self) -> str:
        return format_instant(self.now())

    def timestamp(self) -> float:
        """Business time as POSIX seconds, for code written against ``time.time()``."""
        return self.now().timestamp()

    @property
    def factor(self) -> float:
        with self._lock:
            return self._factor

    @property
    def frozen(self) -> bool:
        with self._lock:
            return self._frozen

    def set(self, epoch: str | datetime | None = None, factor: float | None = None) -> None:
        """Restart business time at ``epoch`` (default: now, so only the speed changes)."""
        new_factor = _checked_factor(factor) if factor is not None else None
        with self._lock:
            self._epoch = parse_instant(epoch) if epoch is not None else self._now_locked()
            self._started = self._monotonic()
            if new_factor is not None:
                self._factor = new_factor

    def freeze(self) -> None:
        """Stop business time where it is; :meth:`advance` still moves it."""
        with self._lock:
            if not self._frozen:
                self._epoch = self._now_locked()
                self._frozen = True

    def unfreeze(self) -> None:
        """Let business time run again from where it stood."""
        with self._lock:
            if self._frozen:
                self._started = self._monotonic()
                self._frozen = False

    def advance(self, seconds: float) -> None:
        """Jump business time forward (frozen or running); time never runs backwards here."""
        if seconds < 0:
            raise ValueError("a clock only advances; use set() to move it back")
        with self._lock:
            self._epoch += timedelta(seconds=seconds)

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {"now": format_instant(self._now_locked()), "factor": self._factor, "frozen": self._frozen}


class ClockUpdate(BaseModel):
    """The body of ``POST /_sim/clock``; applied as set, then freeze/unfreeze, then advance."""

    model_config = ConfigDict(extra="forbid")
    epoch: str | None = None
    factor: float | None = Field(None, gt=0)
    frozen: bool | None = None
    advance_seconds: float | None = Field(None, ge=0)

    @field_validator("epoch")
    @classmethod
    def _epoch_is_iso(cls, value: str | None) -> str | None:
        if value is not None:
            parse_instant(value)
        return value

    @model_validator(mode="after")
    def _says_something(self) -> ClockUpdate:
        if all(value is None for value in (self.epoch, self.factor, self.frozen, self.advance_seconds)):
            raise ValueError("give at least one of epoch, factor, frozen, advance_seconds")
        return self

    def apply(self, clock: SimClock) -> None:
        if self.epoch is not None or self.factor is not None:
            clock.set(self.epoch, self.factor)
        if self.frozen is True:
            clock.freeze()
        elif self.frozen is False:
            clock.unfreeze()
        if self.advance_seconds:
            clock.advance(self.advance_seconds)

"""Business time of a run: seconds after its epoch, and the ISO strings payloads carry.

A run's epoch is the first business day at the opening hour (:func:`opening_time`); the
harness sets the simulators' shared clock to it and compresses it by the time factor.
Payload timestamps are formatted here without ``datetime`` in the hot path (a few hundred
thousand per second): the day's date prefix is computed once per day and cached.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DAY = 86_400.0


def opening_time(business_day: str, opening_hour: int) -> datetime:
    """When the first trading day opens: the business clock's epoch for a run."""
    return datetime.fromisoformat(business_day).replace(hour=opening_hour, tzinfo=UTC)


def clock_seconds(at: str) -> float:
    """``"13:30"`` as seconds after midnight."""
    hours, _, minutes = at.partition(":")
    return int(hours) * 3600.0 + int(minutes or 0) * 60.0


class BusinessClock:
    """Converts run offsets (business seconds after the epoch) to days and timestamps."""

    def __init__(self, business_day: str, opening_hour: int, time_factor: float) -> None:
        self.epoch = opening_time(business_day, opening_hour)
        self.midnight = self.epoch.replace(hour=0)
        self.opening = opening_hour * 3600.0  # the epoch's offset after midnight
        self.time_factor = time_factor
        self._prefixes: dict[int, tuple[str, str]] = {}
        self._minutes: dict[int, str] = {}  # "2026-11-27T13:05:" by minute, at most a day's worth
        self._seconds = [f"{n:02d}." for n in range(60)]
        self._millis = [f"{n:03d}Z" for n in range(1000)]
        self._unix_midnight = int(self.midnight.timestamp())

    def offset(self, day: int, clock: float) -> float:
        """Run offset of ``clock`` seconds after midnight on trading day ``day`` (1-based)."""
        return (day - 1) * DAY + clock - self.opening

    def _day(self, index: int) -> tuple[str, str]:
        found = self._prefixes.get(index)
        if found is None:
            date = (self.midnight + timedelta(days=index)).date().isoformat()
            found = self._prefixes[index] = (date, f"{date}T")
        return found

    def day_index(self, offset: float) -> int:
        """0 for the first day (the day the run opens on)."""
        return int((offset + self.opening) // DAY)

    def date(self, offset: float) -> str:
        """``YYYY-MM-DD`` of a run offset: the business day."""
        return self._day(self.day_index(offset))[0]

    def iso(self, offset: float) -> str:
        """``2026-11-27T13:05:09.250Z`` for a run offset, assembled from cached pieces."""
        millis = int((offset + self.opening) * 1000.0 + 0.5)
        minute, rest = divmod(millis, 60_000)
        prefix = self._minutes.get(minute)
        if prefix is None:
            if len(self._minutes) >= 1440:
                self._minutes.clear()  # bounded whatever the run's length
            day, minute_of_day = divmod(minute, 1440)
            prefix = self._minutes[minute] = f"{self._day(day)[1]}{minute_of_day // 60:02d}:{minute_of_day % 60:02d}:"
        seconds, millis = divmod(rest, 1000)
        return prefix + self._seconds[seconds] + self._millis[millis]

    def unix(self, offset: float) -> int:
        """Unix seconds of a run offset (Sitoo's dates)."""
        return self._unix_midnight + int(offset + self.opening)

    def wall(self, offset: float) -> float:
        """Wall seconds after driving starts: what traffic events carry as ``at``."""
        return round(offset / self.time_factor, 6)

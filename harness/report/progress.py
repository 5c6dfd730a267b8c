"""Progress while a scenario runs: one updating line on a terminal, plain lines in CI logs.

The engine takes any :class:`Progress` callable and calls it with a message
(``progress("waiting for the integration to settle")``) or with a message and a count
(``progress("driving traffic", done, total)``). :class:`TerminalProgress` draws counts
as a bar redrawn in place on a TTY; elsewhere it prints a line at most every 10% so a
CI log stays short. Messages always get their own line.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Protocol, TextIO

BAR_WIDTH = 24
LOG_STEPS = 10  # a plain log prints a count line every 1/LOG_STEPS of the total


class Progress(Protocol):
    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None: ...


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = width * min(done, total) // total if total > 0 else width
    return "[" + "#" * filled + "." * (width - filled) + "]"


class TerminalProgress:
    """A :class:`Progress` that writes to ``stream`` (stderr by default)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        tty: bool | None = None,
        min_interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.min_interval = min_interval
        self.clock = clock
        self._open_line = False  # a count line is drawn and not yet ended (TTY)
        self._last_draw = float("-inf")
        self._last_step: tuple[str, int] | None = None  # (message, step) last logged (plain)

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        if done is None or total is None:
            self._end_line()
            self._write(f"... {message}\n")
        elif self.tty:
            self._draw(message, done, total)
        else:
            self._log(message, done, total)

    def counting(self, message: str) -> Callable[[int, int], None]:
        """A ``(done, total)`` callback that reports under ``message``, e.g. for ``RunOptions.on_drive_progress``."""
        return lambda done, total: self(message, done, total)

    def close(self) -> None:
        """End a count line left open on the terminal."""
        self._end_line()

    def _draw(self, message: str, done: int, total: int) -> None:
        now = self.clock()
        if done < total and now - self._last_draw < self.min_interval:
            return
        self._last_draw = now
        percent = 100 * done // total if total > 0 else 100
        self._write(f"\r\x1b[2K... {message} {bar(done, total)} {done}/{total} ({percent}%)")
        self._open_line = True
        if done >= total:
            self._end_line()

    def _log(self, message: str, done: int, total: int) -> None:
        step = LOG_STEPS * min(done, total) // total if total > 0 else LOG_STEPS
        if (message, step) == self._last_step:
            return
        self._last_step = (message, step)
        self._write(f"... {message}: {done}/{total}\n")

    def _end_line(self) -> None:
        if self._open_line:
            self._write("\n")
            self._open_line = False

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

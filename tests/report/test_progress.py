"""Progress while a run happens: one redrawn line on a terminal, short plain lines in a log."""

from __future__ import annotations

import io

from harness.report.progress import TerminalProgress, bar


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_plain_log_prints_messages_and_every_tenth_of_a_count() -> None:
    out = io.StringIO()
    progress = TerminalProgress(out, tty=False)
    progress("starting integration")
    for done in range(0, 101):
        progress("driving traffic", done, 100)
    progress("settling")
    lines = out.getvalue().splitlines()
    assert lines[0] == "... starting integration"
    counts = [line for line in lines if line.startswith("... driving traffic:")]
    assert counts[0] == "... driving traffic: 0/100" and counts[-1] == "... driving traffic: 100/100"
    assert len(counts) == 11
    assert lines[-1] == "... settling" and "\r" not in out.getvalue()


def test_tty_redraws_one_line_and_throttles() -> None:
    out, clock = io.StringIO(), Clock()
    progress = TerminalProgress(out, tty=True, min_interval=0.1, clock=clock)
    progress("driving traffic", 1, 4)
    progress("driving traffic", 2, 4)  # too soon: skipped
    clock.now = 0.5
    progress("driving traffic", 3, 4)
    progress("driving traffic", 4, 4)  # the last count is always drawn, and ends the line
    progress("settling")
    text = out.getvalue()
    assert text.count("\r") == 3 and "2/4" not in text
    assert "\r\x1b[2K... driving traffic [##################......] 3/4 (75%)" in text
    assert text.endswith("4/4 (100%)\n... settling\n")


def test_a_message_ends_an_open_count_line() -> None:
    out = io.StringIO()
    progress = TerminalProgress(out, tty=True, min_interval=0)
    progress("driving traffic", 1, 10)
    progress("integration exited")
    progress.close()
    assert out.getvalue().endswith("(10%)\n... integration exited\n")


def test_bar() -> None:
    assert bar(0, 4, width=4) == "[....]"
    assert bar(2, 4, width=4) == "[##..]"
    assert bar(9, 4, width=4) == "[####]"
    assert bar(0, 0, width=4) == "[####]"


def test_counting_gives_a_done_total_callback() -> None:
    out = io.StringIO()
    on_progress = TerminalProgress(out, tty=False).counting("driving traffic")
    on_progress(3, 3)
    assert out.getvalue() == "... driving traffic: 3/3\n"

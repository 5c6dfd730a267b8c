"""Optional sampling profiles of a server under load (``python -m benchmarks --profile``).

Uses py-spy (``pip install py-spy``; not a project dependency) to sample the server process
for the measured window, then folds the samples into two top-N lists: frames where the
time is spent (self) and frames the time is spent under (inclusive).

These are wall-clock samples of every thread. py-spy does not reliably tell a thread
blocked in ``recv`` on an idle keep-alive connection from one doing work, so samples whose
innermost frame is a known wait (``IDLE_LEAVES``) are dropped. A thread waiting to take
the GIL back after ``send``/``recv`` still shows at the line that called them, so in a
busy threaded server those lines soak up most samples: read these for the *shape* of the
time (which layers appear at all), and the table's CPU column for *how much*.
``app_profile`` is the deterministic alternative for the app alone: cProfile of requests
called in-process, CPU time only.
"""

from __future__ import annotations

import collections
import cProfile
import io
import pstats
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def py_spy() -> str | None:
    """The py-spy executable next to this interpreter or on PATH, if installed."""
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def record(pid: int, delay: float, seconds: float, raw_path: Path) -> subprocess.Popen[bytes] | None:
    """Start sampling ``pid`` after ``delay`` seconds, for ``seconds``; None without py-spy."""
    executable = py_spy()
    if executable is None:
        return None
    command = [
        executable,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(max(1, round(seconds))),
        "--rate",
        "200",
        "--format",
        "raw",
        "--nonblocking",
        "--output",
        str(raw_path),
    ]
    script = f"import subprocess, sys, time; time.sleep({delay}); sys.exit(subprocess.call({command!r}))"
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


IDLE_LEAVES = ("select (selectors", "Condition.wait (", "accept (socket", "_wait_for_tstate_lock", "SocketIO.readinto")


def summarize(raw_path: Path, top: int = 25) -> str:
    """The top ``top`` frames by self and by inclusive share of the samples in ``raw_path``."""
    own: collections.Counter[str] = collections.Counter()
    under: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw_path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        if frames[-1].startswith(IDLE_LEAVES):
            continue
        total += int(count)
        own[frames[-1]] += int(count)
        for frame in set(frames):
            under[frame] += int(count)
    if not total:
        return "no samples\n"
    lines = [
        f"{total} wall-clock samples, known waits left out; a thread waiting for the GIL after",
        "send/recv counts at the line that called them (see benchmarks/profile.py)",
        "",
        "self:",
    ]
    lines += [f"  {100 * n / total:5.1f}%  {frame}" for frame, n in own.most_common(top)]
    lines += ["", "inclusive:"]
    lines += [f"  {100 * n / total:5.1f}%  {frame}" for frame, n in under.most_common(top * 2)]
    return "\n".join(lines) + "\n"


def app_profile(call: Callable[[], object], requests_n: int, out: Path, top: int = 30) -> None:
    """cProfile ``call`` run ``requests_n`` times (one request each) into ``out``: top frames
    by own time and by cumulative time."""
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(requests_n):
        call()
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    out.write_text(text.getvalue(), encoding="utf-8")

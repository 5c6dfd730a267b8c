"""Run the locustfile headless as child processes, and read back what it wrote.

Locust monkey-patches the process it is imported into (gevent), so the harness never
imports it: it starts ``python -m locust -f loadtests/locustfile.py`` (one process, or a
master and workers), hands it :class:`loadtests.config.LoadSettings` through the
environment, waits for it, and reads its CSV files and the publish log.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import shlex
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .config import LOG, TRAFFIC, LoadSettings

STOP_TIMEOUT = 10  # seconds Locust lets a user finish the request it is making when the run ends


class LocustError(RuntimeError):
    """Locust could not run, or did not finish in time."""


@dataclass(frozen=True)
class LocustPlan:
    """How to run Locust: the load (``-u -r -t``), how many processes, where to write."""

    users: int
    spawn_rate: float  # 0: a fifth of the users per second
    run_time: float
    csv_prefix: str
    html: Path
    out: Path  # logs (and worker-command.sh) go here
    workers: int = 0  # 0: one process; N: a master and N workers
    remote_workers: bool = False  # start only the master: the workers run elsewhere
    host: str = "127.0.0.1"  # where the master listens
    progress: Callable[[str], None] | None = None


def locustfile() -> Path:
    spec = importlib.util.find_spec("loadtests.locustfile")
    if spec is None or spec.origin is None:
        raise LocustError("loadtests/locustfile.py is not importable; is pos-harness installed?")
    return Path(spec.origin)


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _pythonpath() -> str:
    root = str(Path(__file__).resolve().parent.parent)
    return os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)


def locust_argv(plan: LocustPlan, role: list[str]) -> list[str]:
    argv = [sys.executable, "-m", "locust", "-f", str(locustfile()), "--headless", "--only-summary"]
    argv += ["-u", str(plan.users), "-r", str(plan.spawn_rate or max(1.0, plan.users / 5))]
    argv += ["-t", f"{max(1, round(plan.run_time))}s", "--stop-timeout", str(STOP_TIMEOUT)]
    argv += ["--csv", plan.csv_prefix, "--csv-full-history", "--html", str(plan.html), *role]
    return argv


def run_locust(plan: LocustPlan, settings: LoadSettings) -> int:
    """Run Locust headless to the end; its exit code (1 when some requests failed)."""
    env = {**os.environ, **settings.to_env(), "PYTHONPATH": _pythonpath()}
    logs: list[IO[bytes]] = []
    children: list[subprocess.Popen[bytes]] = []

    def spawn(argv: list[str], name: str) -> subprocess.Popen[bytes]:
        log = (plan.out / f"{name}.log").open("wb")
        logs.append(log)
        child = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        children.append(child)
        return child

    deadline = plan.run_time + STOP_TIMEOUT + 120
    try:
        if plan.workers <= 0:
            main = spawn(locust_argv(plan, []), "locust")
        else:
            port = _free_port(plan.host)
            wait = 900 if plan.remote_workers else 120  # seconds the master waits for its workers to connect
            master = ["--master", "--master-bind-host", plan.host, "--master-bind-port", str(port)]
            master += ["--expect-workers", str(plan.workers), "--expect-workers-max-wait", str(wait)]
            main = spawn(locust_argv(plan, master), "locust-master")
            connect = ["--worker", "--master-host", plan.host, "--master-port", str(port)]
            if plan.remote_workers:
                _write_worker_command(plan, settings, connect)
            else:
                for index in range(plan.workers):
                    spawn([sys.executable, "-m", "locust", "-f", str(locustfile()), *connect], f"locust-worker-{index}")
            deadline += wait
        try:
            code = main.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            raise LocustError(f"Locust did not finish within {deadline:.0f}s; see {plan.out}/locust*.log") from None
        for child in children[1:]:
            try:
                child.wait(timeout=30)  # workers quit when the master does; killed below if not
            except subprocess.TimeoutExpired:
                pass
        return code
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
        for log in logs:
            log.close()


def _write_worker_command(plan: LocustPlan, settings: LoadSettings, connect: list[str]) -> None:
    """The command a remote worker runs (the log and the traffic file are this machine's)."""
    env_line = " ".join(f"{k}={shlex.quote(v)}" for k, v in settings.to_env().items() if k not in (LOG, TRAFFIC))
    path = plan.out / "worker-command.sh"
    path.write_text(f"{env_line} {shlex.join(['locust', '-f', 'loadtests/locustfile.py', *connect])}\n", encoding="utf-8")
    if plan.progress is not None:
        plan.progress(f"start {plan.workers} workers on other machines, in a pos-harness checkout: sh {path}")


def read_publish_log(path: Path) -> tuple[dict[int, float], set[int]]:
    """``seq -> epoch seconds`` of every event Locust published, and the seqs the simulators refused."""
    published: dict[int, float] = {}
    refused: set[int] = set()
    if not path.exists():
        return published, refused
    for line in path.read_text(encoding="utf-8").splitlines():
        seq, at, *outcome = line.split(",")
        if outcome and outcome[0] == "rejected":
            refused.add(int(seq))
        else:
            published.setdefault(int(seq), float(at))
    return published, refused


def locust_users(csv_prefix: str) -> dict[float, int]:
    """Locust's user count over time (epoch second -> users), from its ``_stats_history.csv``."""
    path = Path(f"{csv_prefix}_stats_history.csv")
    users: dict[float, int] = {}
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row.get("Name") == "Aggregated" and row.get("Timestamp"):
                    users[float(row["Timestamp"])] = int(float(row.get("User Count") or 0))
    return users


def locust_totals(csv_prefix: str) -> dict[str, Any]:
    """Requests, failures and response times of Locust's aggregated row (``_stats.csv``)."""
    path = Path(f"{csv_prefix}_stats.csv")
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("Name") == "Aggregated":
                return {
                    "locust_requests": int(row["Request Count"]),
                    "locust_failures": int(row["Failure Count"]),
                    "locust_median_ms": float(row["Median Response Time"] or 0),
                    "locust_p95_ms": float(row.get("95%") or 0),
                    "locust_rps": round(float(row["Requests/s"] or 0), 1),
                }
    return {}

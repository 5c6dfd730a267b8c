"""The load generator: keep-alive HTTP/1.1 connections hammering one server.

It runs as its own process (``python -m benchmarks.loadgen PLAN_JSON`` prints one JSON
result), one thread per connection, each a keep-alive :class:`Wire` that sends request
after request for the measured window (``http.client`` is too costly here, see Wire).
:func:`run_load` starts ``processes`` such children, splits the connections among them
and merges what they report. ``{n}`` in a path or body becomes a number unique to the
request, so writes can create a new record each time.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Plan:
    """What one load-generator process does."""

    url: str
    method: str
    path: str
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    ok_statuses: list[int] = field(default_factory=lambda: [200])
    connections: int = 8
    seconds: float = 5.0
    warmup_seconds: float = 1.0
    first_n: int = 0  # where this process's ``{n}`` numbering starts
    server_pid: int | None = None  # whose CPU time to read over the measured window


@dataclass
class LoadResult:
    """Merged figures of one measurement."""

    connections: int
    seconds: float
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    statuses: dict[str, int]
    server_cpu_us: float | None = None  # server CPU time (all threads) per request

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of process ``pid`` so far (Linux ``/proc``), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return math.nan
    index = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return round(sorted_values[index] * 1000, 3)


class Wire:
    """A lean keep-alive HTTP/1.1 client connection.

    ``http.client`` costs a few hundred microseconds of CPU per request on a slow core
    (header objects, an email parser for the response), which on a 2-core machine would
    make the load generator, not the server, the bottleneck. This sends pre-encoded bytes
    and reads just enough of the response to find its end: the status line, then a
    ``Content-Length`` body, a chunked body, or everything until the server closes.
    """

    def __init__(self, host: str, port: int, timeout: float = 30.0) -> None:
        self.address = (host, port)
        self.timeout = timeout
        self.sock: socket.socket | None = None
        self.buffer = b""

    def exchange(self, request: bytes, head: bool = False) -> int:
        """Send one request and read its whole response; returns the status code."""
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buffer = b""
        self.sock.sendall(request)
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._fill()
        lines = self.buffer[:end].decode("latin-1").split("\r\n")
        self.buffer = self.buffer[end + 4 :]
        status = int(lines[0].split(" ", 2)[1])
        fields = {name.strip().lower(): value.strip().lower() for name, _, value in (x.partition(":") for x in lines[1:])}
        close = "close" in fields.get("connection", "")
        if head or status < 200 or status in (204, 304):
            length = 0
        elif "content-length" in fields:
            length = int(fields["content-length"])
        elif "chunked" in fields.get("transfer-encoding", ""):
            length = self._chunked_length()
        else:  # delimited by the server closing the connection
            while self._fill(eof_ok=True):
                pass
            length, close = len(self.buffer), True
        while len(self.buffer) < length:
            self._fill()
        self.buffer = self.buffer[length:]
        if close:
            self.close()
        return status

    def _chunked_length(self) -> int:
        """Drop a chunked body from the buffer (reading as needed); 0 bytes then remain to skip."""
        while True:
            while (eol := self.buffer.find(b"\r\n")) < 0:
                self._fill()
            size = int(self.buffer[:eol].split(b";", 1)[0], 16)
            while len(self.buffer) < eol + 2 + size + 2:
                self._fill()
            self.buffer = self.buffer[eol + 2 + size + 2 :]
            if size == 0:
                return 0

    def _fill(self, eof_ok: bool = False) -> bool:
        assert self.sock is not None
        data = self.sock.recv(65536)
        if not data and not eof_ok:
            raise ConnectionError("the server closed the connection mid-response")
        self.buffer += data
        return bool(data)

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None


def encode_request(method: str, path: str, host: str, headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in headers.items())]
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _worker(plan: Plan, counter: itertools.count[int], start: float, stop: float, out: dict[str, Any]) -> None:
    parts = urlsplit(plan.url)
    wire = Wire(parts.hostname or "127.0.0.1", parts.port or 80)
    templated = "{n}" in plan.path or "{n}" in plan.body
    fixed = encode_request(plan.method, plan.path, parts.netloc, plan.headers, plan.body.encode())
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    errors = 0
    while (now := time.perf_counter()) < stop:
        request = fixed
        if templated:
            n = str(next(counter))
            path, body = plan.path.replace("{n}", n), plan.body.replace("{n}", n).encode()
            request = encode_request(plan.method, path, parts.netloc, plan.headers, body)
        try:
            status = str(wire.exchange(request, head=plan.method == "HEAD"))
        except (OSError, ValueError, IndexError) as exc:
            wire.close()
            status = type(exc).__name__
        if now >= start:
            latencies.append(time.perf_counter() - now)
            statuses[status] = statuses.get(status, 0) + 1
            if not status.isdigit() or int(status) not in plan.ok_statuses:
                errors += 1
    wire.close()
    out.update(latencies=latencies, statuses=statuses, errors=errors)


def execute(plan: Plan) -> dict[str, Any]:
    """Run ``plan`` in this process; returns raw latencies (seconds) and status counts."""
    counter = itertools.count(plan.first_n)
    start = time.perf_counter() + plan.warmup_seconds
    stop = start + plan.seconds
    outs: list[dict[str, Any]] = [{} for _ in range(plan.connections)]
    threads = [threading.Thread(target=_worker, args=(plan, counter, start, stop, out), daemon=True) for out in outs]
    for thread in threads:
        thread.start()
    cpu: list[float | None] = []
    if plan.server_pid is not None:
        for moment in (start, stop):
            time.sleep(max(0.0, moment - time.perf_counter()))
            cpu.append(cpu_seconds(plan.server_pid))
    for thread in threads:
        thread.join()
    statuses: dict[str, int] = {}
    for out in outs:
        for status, count in out["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    return {
        "latencies": [x for out in outs for x in out["latencies"]],
        "statuses": statuses,
        "errors": sum(out["errors"] for out in outs),
        "server_cpu_s": cpu[1] - cpu[0] if len(cpu) == 2 and cpu[0] is not None and cpu[1] is not None else None,
    }


def run_load(plan: Plan, processes: int = 1) -> LoadResult:
    """Run ``plan`` from ``processes`` child processes (connections split among them)."""
    children = []
    for index in range(processes):
        share = plan.connections // processes + (1 if index < plan.connections % processes else 0)
        child_plan = Plan(
            **{
                **asdict(plan),
                "connections": share,
                "first_n": plan.first_n + index * 10_000_000,
                "server_pid": plan.server_pid if index == 0 else None,
            }
        )
        argv = [sys.executable, "-m", "benchmarks.loadgen", json.dumps(asdict(child_plan))]
        children.append(subprocess.Popen(argv, stdout=subprocess.PIPE, text=True))
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    errors = 0
    server_cpu_s: float | None = None
    for child in children:
        out, _ = child.communicate(timeout=plan.warmup_seconds + plan.seconds + 120)
        if child.returncode != 0:
            raise RuntimeError(f"load generator exited {child.returncode}")
        result = json.loads(out)
        latencies += result["latencies"]
        errors += result["errors"]
        server_cpu_s = result["server_cpu_s"] if result["server_cpu_s"] is not None else server_cpu_s
        for status, count in result["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    latencies.sort()
    return LoadResult(
        connections=plan.connections,
        seconds=plan.seconds,
        requests=len(latencies),
        errors=errors,
        rps=round(len(latencies) / plan.seconds, 1),
        p50_ms=_percentile(latencies, 0.50),
        p95_ms=_percentile(latencies, 0.95),
        p99_ms=_percentile(latencies, 0.99),
        statuses=statuses,
        server_cpu_us=round(server_cpu_s / len(latencies) * 1e6, 1) if server_cpu_s is not None and latencies else None,
    )


if __name__ == "__main__":
    print(json.dumps(execute(Plan(**json.loads(sys.argv[1])))))

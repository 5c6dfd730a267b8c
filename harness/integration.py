"""Launch the integration under test as a real process, know when it is ready, stop it.

Ready means: its webhook port accepts connections and it has a running NewStore event
stream. A process that exits before it is ready is a harness error (exit code 2) whose
message carries the last lines it wrote to stderr.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .errors import HarnessError
from .simulator_set import SimClient

DEFAULT_COMMAND = f"{shlex.quote(sys.executable)} -m examples.reference_integration"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def wait_for_stream(newstore: SimClient, timeout: float, still_alive: Callable[[], None]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        still_alive()
        if newstore.admin("GET", "activity")["streams_running"] > 0:
            return
        time.sleep(0.05)
    raise HarnessError(
        f"the integration did not start a NewStore event stream within {timeout:.0f}s "
        "(it must POST /api/v1/org/integrations/eventstream and then .../_start)"
    )


class IntegrationProcess:
    def __init__(self, command: str, env: dict[str, str], log_dir: Path) -> None:
        self.command = command
        self.env = env
        self.log_dir = log_dir
        self.process: subprocess.Popen[bytes] | None = None
        self._logs: list[IO[bytes]] = []

    @property
    def stderr_path(self) -> Path:
        return self.log_dir / "integration.stderr.log"

    def start(self) -> IntegrationProcess:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        stdout = (self.log_dir / "integration.stdout.log").open("wb")
        stderr = self.stderr_path.open("wb")
        self._logs = [stdout, stderr]
        try:
            self.process = subprocess.Popen(
                shlex.split(self.command),
                env={**os.environ, **self.env},
                stdout=stdout,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            raise HarnessError(f"could not start the integration {self.command!r}: {exc}") from None
        return self

    def check_alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            raise HarnessError(
                f"the integration exited with code {self.process.returncode} before it was ready.\n"
                f"command: {self.command}\nlast lines of its stderr:\n{self.stderr_tail()}"
            )

    def wait_ready(self, host: str, port: int, newstore: SimClient, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not port_open(host, port):
            self.check_alive()
            if time.monotonic() > deadline:
                raise HarnessError(f"the integration did not listen on {host}:{port} (INTEGRATION_PORT) within {timeout:.0f}s")
            time.sleep(0.05)
        wait_for_stream(newstore, max(1.0, deadline - time.monotonic()), self.check_alive)

    @property
    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stderr_tail(self, lines: int = 20) -> str:
        for log in self._logs:
            log.flush()
        try:
            text = self.stderr_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no stderr captured)"
        return "\n".join(text.splitlines()[-lines:]) or "(stderr was empty)"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        for log in self._logs:
            log.close()
        self._logs = []

"""The exception queue's state: the reports received, in arrival order."""

from __future__ import annotations

import threading
import time
from typing import Any

from .models import ExceptionReport


class ExceptionQueueState:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.reports: list[dict[str, Any]] = []

    def seed(self, world: dict[str, Any]) -> None:
        """Nothing to seed: the queue starts empty."""

    def add(self, report: ExceptionReport) -> int:
        with self._lock:
            report_id = len(self.reports) + 1
            self.reports.append({"id": report_id, "received_at": time.time(), **report.model_dump(exclude_none=True)})
            return report_id

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"reports": list(self.reports)}

    def activity(self) -> dict[str, Any]:
        with self._lock:
            return {"reports": len(self.reports)}

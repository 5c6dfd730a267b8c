"""Asynchronous requests (``Prefer: respond-async``) and their idempotency keys.

NetSuite queues such a request, answers ``202`` with ``Location: /services/rest/async/v1/job/{id}``
and lets the client poll the job, its task and the task's result. The simulator runs the
job at once (the queue is not simulated), so a job is complete by the time the 202 is
sent; its result is the response the synchronous request would have had.

An ``X-NetSuite-Idempotency-Key`` names a job: a second request with the same key is
refused with ``400 IDEMPOTENCY_ERROR`` pointing at the first job. A key is reserved before
the job runs, so two concurrent requests with one key cannot both run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Literal

Progress = Literal["pending", "succeeded", "failed"]


@dataclass
class AsyncJob:
    id: str
    idempotency_key: str | None
    method: str
    path: str
    submitted_at: float
    completed: bool = False
    finished_at: float | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def progress(self) -> Progress:
        if not self.completed:
            return "pending"
        return "succeeded" if self.status is not None and self.status < 400 else "failed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "idempotencyKey": self.idempotency_key,
            "method": self.method,
            "path": self.path,
            "progress": self.progress,
            "status": self.status,
            "location": self.headers.get("Location"),
        }


class AsyncJobs:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, AsyncJob] = {}
        self._by_key: dict[str, str] = {}

    def reserve(self, key: str | None, method: str, path: str, now: float) -> tuple[AsyncJob, bool]:
        """A new pending job, or (the earlier job, False) when ``key`` was already used."""
        with self._lock:
            if key is not None and key in self._by_key:
                return self._jobs[self._by_key[key]], False
            job = AsyncJob(str(len(self._jobs) + 1), key, method, path, now)
            self._jobs[job.id] = job
            if key is not None:
                self._by_key[key] = job.id
            return job, True

    def complete(self, job: AsyncJob, status: int, headers: dict[str, str], body: str, now: float) -> None:
        with self._lock:
            job.status, job.headers, job.body = status, headers, body
            job.completed, job.finished_at = True, now

    def get(self, job_id: str) -> AsyncJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def pending(self) -> int:
        with self._lock:
            return sum(not job.completed for job in self._jobs.values())

    def rows(self) -> list[dict[str, Any]]:
        with self._lock:
            return [job.to_dict() for job in self._jobs.values()]

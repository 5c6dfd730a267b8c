"""Asynchronous requests: ``Prefer: respond-async`` -> 202 + a job to poll.

``GET /services/rest/async/v1/job/{id}`` (the job), ``.../task`` (its one task),
``.../task/{tid}`` (the task's status) and ``.../task/{tid}/result`` (the response the
synchronous request would have had). Jobs run at once; see :mod:`simulators.erp.asyncjobs`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import Blueprint, Response, request

from simulators.common.journal import note

from .. import errors
from ..asyncjobs import AsyncJob
from ..responses import JobAnswer, Link, Linked, TaskAnswer
from ..state import ErpState
from .present import COLLECTION, bodiless, collection, host_url, resource

ASYNC_ROOT = "/services/rest/async/v1/job"
IDEMPOTENCY_HEADER = "X-NetSuite-Idempotency-Key"


def wants_async() -> bool:
    return "respond-async" in request.headers.get("Prefer", "").lower()


def respond(state: ErpState, operation: Callable[[], Response], check: Callable[[], None]) -> Response:
    """Run a write; under ``Prefer: respond-async`` run it as a job and answer 202 with the job's Location.

    ``check`` raises what the request alone decides (unknown type, malformed key or body): an
    async write fails it at once, before a job is queued (*inferred*); the operation repeats it.
    """
    if not wants_async():
        return operation()
    check()
    key = request.headers.get(IDEMPOTENCY_HEADER) or None
    job, fresh = state.jobs.reserve(key, request.method, request.full_path.rstrip("?"), state.clock())
    if not fresh:
        raise errors.idempotency_error(f"{ASYNC_ROOT}/{job.id}")
    try:
        result = operation()
    except errors.NetSuiteError as exc:
        note(request.environ, f"rejected: {exc.code}: {exc.detail}")
        note(request.environ, f"async job {job.id} failed")
        for extra in exc.notes:
            note(request.environ, extra)
        result = exc.response()
    headers = {name: value for name, value in result.headers.items() if name in ("Location", "Content-Type")}
    state.jobs.complete(job, result.status_code, headers, result.get_data(as_text=True), state.clock())
    response = bodiless(202, f"{ASYNC_ROOT}/{job.id}")
    response.headers["Preference-Applied"] = "respond-async"
    return response


def _url(path: str) -> str:
    return f"{host_url()}{path}"


def _links(href: str, related: str | None = None) -> list[Link]:
    links = [Link(rel="related", href=_url(related))] if related else []
    return [*links, Link(rel="self", href=_url(href))]


def jobs_blueprint(state: ErpState) -> Blueprint:
    api = Blueprint("netsuite_jobs", __name__)

    def find(job_id: str, task_id: str = "1") -> AsyncJob:
        job = state.jobs.get(job_id)
        if job is None or task_id != "1":
            raise errors.record_not_found()
        return job

    @api.get(f"{ASYNC_ROOT}/<job_id>")
    def job_status(job_id: str) -> Response:
        job = find(job_id)
        tasks = Linked(links=_links(f"{ASYNC_ROOT}/{job.id}/task"))
        links = _links(f"{ASYNC_ROOT}/{job.id}")
        return resource(JobAnswer(links=links, completed=job.completed, id=job.id, progress=job.progress, task=tasks))

    @api.get(f"{ASYNC_ROOT}/<job_id>/task")
    def job_tasks(job_id: str) -> Response:
        tasks = f"{ASYNC_ROOT}/{find(job_id).id}/task"
        return resource(collection(_url(tasks), [(_url(f"{tasks}/1"), "1")], 0, 1), COLLECTION)

    @api.get(f"{ASYNC_ROOT}/<job_id>/task/<task_id>")
    def task_status(job_id: str, task_id: str) -> Response:
        job = find(job_id, task_id)
        task = f"{ASYNC_ROOT}/{job.id}/task/1"
        body = TaskAnswer(
            links=_links(task, related=f"{task}/result"),
            completed=job.completed,
            id="1",
            progress=job.progress,
            startTime=_iso(job.submitted_at),
            endTime=_iso(job.finished_at) if job.finished_at is not None else None,
        )
        return resource(body)

    @api.get(f"{ASYNC_ROOT}/<job_id>/task/<task_id>/result")
    def task_result(job_id: str, task_id: str) -> Response:
        job = find(job_id, task_id)
        if not job.completed or job.status is None:
            raise errors.record_not_found()
        response = Response(job.body, status=job.status) if job.body else bodiless(job.status)
        for name, value in job.headers.items():
            response.headers[name] = value
        return response

    return api


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

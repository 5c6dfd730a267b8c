"""``Prefer: respond-async``: 202 and a job to poll; ``X-NetSuite-Idempotency-Key`` refuses repeats."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.erp.erp_helpers import RECORD, error_detail, journal_notes
from tests.helpers import sales_order

SO = f"{RECORD}/salesOrder"
JOB = "/services/rest/async/v1/job"
ASYNC = {"Prefer": "respond-async"}


def test_an_async_create_answers_202_with_the_job(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.post(SO, json=sales_order(externalId="S-1"), headers={**erp_headers, **ASYNC})
    assert response.status_code == 202
    assert response.headers["Location"] == f"{JOB}/1"
    assert response.headers["Preference-Applied"] == "respond-async"
    assert len(erp.get("/_sim/state").json["records"]["salesOrder"]) == 1, "the job ran at once"


def test_the_job_its_task_and_the_result_can_be_polled(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    erp.post(SO, json=sales_order(externalId="S-1"), headers={**erp_headers, **ASYNC})
    job = erp.get(f"{JOB}/1", headers=erp_headers).json
    assert (job["id"], job["completed"], job["progress"]) == ("1", True, "succeeded")
    assert job["task"]["links"][0]["href"].endswith(f"{JOB}/1/task")
    tasks = erp.get(f"{JOB}/1/task", headers=erp_headers).json
    assert [t["id"] for t in tasks["items"]] == ["1"]
    task = erp.get(f"{JOB}/1/task/1", headers=erp_headers).json
    assert (task["completed"], task["progress"]) == (True, "succeeded")
    assert task["links"][0] == {"rel": "related", "href": f"http://localhost{JOB}/1/task/1/result"}
    result = erp.get(f"{JOB}/1/task/1/result", headers=erp_headers)
    assert result.status_code == 204
    assert result.headers["Location"].endswith(f"{SO}/1001")


def test_a_repeated_idempotency_key_is_refused_and_points_at_the_first_job(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    headers = {**erp_headers, **ASYNC, "X-NetSuite-Idempotency-Key": "cac827ea-3543"}
    assert erp.post(SO, json=sales_order(externalId="S-1"), headers=headers).status_code == 202
    again = erp.post(SO, json=sales_order(externalId="S-2"), headers=headers)
    assert again.status_code == 400
    assert again.json["title"] == "Conflict"
    assert error_detail(again)["o:errorCode"] == "IDEMPOTENCY_ERROR"
    assert error_detail(again)["detail"].startswith("A request with the same idempotency key is already submitted.")
    assert again.headers["Location"] == f"{JOB}/1"
    assert [r["externalId"] for r in erp.get("/_sim/state").json["records"]["salesOrder"]] == ["S-1"]


def test_a_failing_async_write_is_a_failed_job_with_the_error_as_result(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    response = erp.post(SO, json=sales_order(location={"id": "99"}), headers={**erp_headers, **ASYNC})
    assert response.status_code == 202
    assert erp.get(f"{JOB}/1", headers=erp_headers).json["progress"] == "failed"
    result = erp.get(f"{JOB}/1/task/1/result", headers=erp_headers)
    assert result.status_code == 400
    assert error_detail(result)["o:errorCode"] == "INVALID_FLD_VALUE"
    notes = journal_notes(erp)
    assert "async job 1 failed" in notes
    assert any(n.startswith("rejected: INVALID_FLD_VALUE") for n in notes)


def test_async_works_for_upsert_patch_delete_and_transform(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    headers = {**erp_headers, **ASYNC}
    assert erp.put(f"{SO}/eid:S-1", json=sales_order(), headers=headers).status_code == 202
    assert erp.patch(f"{SO}/eid:S-1", json={"memo": "m"}, headers=headers).status_code == 202
    assert erp.post(f"{SO}/eid:S-1/!transform/invoice", headers=headers).status_code == 202
    assert erp.delete(f"{SO}/eid:S-1", headers=headers).status_code == 202
    jobs = erp.get("/_sim/state").json["async_jobs"]
    assert [j["progress"] for j in jobs] == ["succeeded", "succeeded", "succeeded", "failed"], "an invoice depends on it"


def test_the_key_is_ignored_on_synchronous_requests(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    headers = {**erp_headers, "X-NetSuite-Idempotency-Key": "k"}
    assert erp.post(SO, json=sales_order(externalId="S-1"), headers=headers).status_code == 204
    assert erp.post(SO, json=sales_order(externalId="S-2"), headers=headers).status_code == 204


def test_an_unknown_job_is_404(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    assert error_detail(erp.get(f"{JOB}/42", headers=erp_headers))["o:errorCode"] == "NONEXISTENT_ID"
    assert erp.get(f"{JOB}/1", headers={}).status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", f"{RECORD}/spaceship", sales_order(), 404),
        ("POST", f"{RECORD}/inventoryItem", {"basePrice": 1.0}, 403),
        ("POST", SO, {"entity": {"id": 100}, "mood": "happy"}, 400),
        ("PATCH", f"{SO}/not-an-id", {"memo": "x"}, 404),
        ("PUT", f"{SO}/1001", sales_order(), 405),
        ("DELETE", f"{RECORD}/location/11", None, 403),
        ("POST", f"{SO}/1001/!transform/journalEntry", {}, 400),
        ("POST", f"{RECORD}/location/11/!transform/invoice", {}, 404),
    ],
)
def test_what_the_request_alone_decides_is_refused_at_once(
    erp: FlaskClient, erp_headers: dict[str, str], method: str, path: str, body: Any, status: int
) -> None:
    """Found by the contract fuzz: such async writes used to answer 202 and fail as a job."""
    response = erp.open(path, method=method, json=body, headers={**erp_headers, **ASYNC})
    assert response.status_code == status
    assert "Location" not in response.headers
    assert erp.get("/_sim/state").json["async_jobs"] == []


def test_a_master_write_refused_at_once_is_still_counted_and_journalled(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    erp.patch(f"{RECORD}/inventoryItem/5001", json={"basePrice": 1.0}, headers={**erp_headers, **ASYNC})
    assert erp.get("/_sim/state").json["master_writes_refused"] == 1
    assert "master-data write refused: inventoryItem" in journal_notes(erp)


def test_bodiless_answers_carry_no_content_type(erp: FlaskClient, erp_headers: dict[str, str]) -> None:
    """Werkzeug labels an empty answer text/html; a 202 or 204 declares no body, so it has no media type."""
    created = erp.post(SO, json=sales_order(externalId="S-1"), headers=erp_headers)
    accepted = erp.delete(f"{SO}/1001", headers={**erp_headers, **ASYNC})
    result = erp.get(f"{JOB}/1/task/1/result", headers=erp_headers)
    assert [(r.status_code, r.headers.get("Content-Type")) for r in (created, accepted, result)] == [
        (204, None),
        (202, None),
        (204, None),
    ]

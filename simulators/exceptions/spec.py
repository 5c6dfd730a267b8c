"""The exception queue's HTTP contract, from which its OpenAPI document is generated."""

from __future__ import annotations

from contracts.openapi import ApiSpec, Operation, Response

from .models import ExceptionReport, InvalidReport, ReportAccepted, ReportList

SPEC = ApiSpec(
    title="pos-harness exception queue",
    version="1",
    description="Where an integration reports the records it will not post (Patchworks' failed-payloads tab).",
    operations=(
        Operation(
            "POST",
            "/exceptions",
            "Report a record that will not be posted",
            request=ExceptionReport,
            responses=(Response(201, "Accepted", ReportAccepted), Response(400, "Not a valid report", InvalidReport)),
        ),
        Operation(
            "GET", "/exceptions", "Every report received, in arrival order", responses=(Response(200, "The reports", ReportList),)
        ),
    ),
)

"""What NewStore's API answers, as pydantic models: the bodies ``spec.py`` publishes.

Where an answer is an event payload or a request echoed back (an order, a return, a
registration), the payload model is the answer; where it adds fields (a refund's status,
a fulfillment request's item statuses and parcels), it extends the model that already
declares the rest. A shape is written once. What NewStore shapes forbids unknown fields,
so ``tests/contracts/test_newstore_fuzz.py`` fails when the simulator renders a field its
model does not declare; what echoes a seed or a registration (locations, stores, streams)
keeps the unknown fields it was given, as the simulator does.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import (
    EventStreamRegistration,
    FulfillmentItem,
    FulfillmentRequestFields,
    Location,
    RefundRequestIssuedPayload,
    ReturnProcessedPayload,
    ShipmentInfo,
    StockLocation,
)

ANSWER = ConfigDict(extra="forbid")
FulfillmentStatus = Literal["assigned", "acknowledged", "partially_shipped", "completed", "rejected"]


class ErrorBody(BaseModel):
    """Every API error (400, 401, 403, 404, 405, 409, 429): ``{"error_code","message","request_id"}``."""

    model_config = ANSWER
    error_code: str
    message: str
    request_id: str = Field(pattern=r"^req-[0-9]{6,}$")


class KeycloakError(BaseModel):
    """The identity provider's answer for an unknown realm: ``{"error": "Realm does not exist"}``."""

    model_config = ANSWER
    error: str


class OAuthError(KeycloakError):
    """An OAuth 2.0 error (RFC 6749 5.2): ``unsupported_grant_type``, ``unauthorized_client``."""

    error_description: str


class TokenAnswer(BaseModel):
    """Keycloak's client-credentials answer."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)
    access_token: str
    expires_in: int
    refresh_expires_in: int
    token_type: Literal["Bearer"]
    not_before_policy: int = Field(alias="not-before-policy")
    scope: str


class Refund(RefundRequestIssuedPayload):
    """A refund as the API serves it: the ``refund_request.issued`` payload and its status."""

    status: Literal["issued"]


class ReturnList(BaseModel):
    model_config = ANSWER
    returns: list[ReturnProcessedPayload]


class RefundList(BaseModel):
    model_config = ANSWER
    refunds: list[Refund]


class FulfillmentRequestItem(FulfillmentItem):
    status: Literal["open", "shipped", "failed"]


class Parcel(ShipmentInfo):
    """One shipped parcel: its tracking, and the fulfillment request items in it."""

    model_config = ANSWER
    item_ids: list[str]


class FulfillmentRequestAnswer(FulfillmentRequestFields):
    """``GET /v0/d/fulfillment_requests/{id}``, and the answer to acting on one."""

    status: FulfillmentStatus
    items: list[FulfillmentRequestItem]
    shipments: list[Parcel]


class ParcelList(BaseModel):
    model_config = ANSWER
    line_items: list[Parcel]


class LocationList(BaseModel):
    model_config = ANSWER
    items: list[Location]


class StockLocationList(BaseModel):
    model_config = ANSWER
    items: list[StockLocation]


class EventStreamAnswer(EventStreamRegistration):
    """A registration as stored (unknown fields kept, nulls left out) and whether it runs."""

    status: Literal["running", "stopped"]


class EventStreamList(BaseModel):
    model_config = ANSWER
    items: list[EventStreamAnswer]

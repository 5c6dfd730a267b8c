"""Fulfillment requests: the events NewStore publishes and the bodies an integration posts.

``fulfillment_request.items_completed`` has the documented fields (apis.md); the other
three events reuse them (*inferred*), ``items_failed`` adds the rejection reason.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import Lenient, Strict

ProductId = Annotated[str, Field(min_length=1)]  # a product id or a SKU


class FulfillmentItem(Strict):
    id: str
    product_id: str


class FulfillmentRequestFields(Strict):
    """What every view of a fulfillment request carries: the events' and the API's."""

    id: str
    order_id: str
    logical_timestamp: int
    fulfillment_location_id: str
    service_level: str


class FulfillmentRequestPayload(FulfillmentRequestFields):
    """``fulfillment_request.assigned|items_completed|items_ready_for_handover`` payload."""

    items: list[FulfillmentItem]


class FulfillmentItemsFailedPayload(FulfillmentRequestPayload):
    """``fulfillment_request.items_failed``: the items a node could not fulfil."""

    rejection_reason: str | None = None


class Rejection(Lenient):
    """``POST /v0/d/fulfillment_requests/{id}/rejection`` body."""

    rejection_reason: Literal["cannot_fulfill", "no_inventory"]
    missing_product_ids: list[ProductId] = Field(default_factory=list)


class ShipmentInfo(Lenient):
    tracking_code: str = Field(min_length=1)
    carrier: str = Field(min_length=1)


class ShipmentLineItem(Lenient):
    """One parcel: the units in it (a product id per unit) and its tracking."""

    product_ids: list[ProductId] = Field(min_length=1)
    shipment: ShipmentInfo


class Shipment(Lenient):
    """``POST /v0/d/fulfillment_requests/{id}/shipment`` body."""

    line_items: list[ShipmentLineItem] = Field(min_length=1)

"""NewStore payload shapes: the event-stream envelope, every webhook payload, request bodies.

These pydantic models are the single source of truth: the scenario generator builds
payloads with them and ``contracts/`` generates the committed JSON Schemas from them.
Field names follow NewStore's documentation (see ../shared/reference/apis.md).
``EVENT_PAYLOADS`` names the payload model of every event the stream carries.
"""

from __future__ import annotations

from pydantic import BaseModel

from .auth import TokenRequest
from .common import Address, EventName, ExtendedAttribute
from .eventstream import CallbackParameters, EventEnvelope, EventStreamRegistration, PublishedEvent
from .fulfillment import (
    FulfillmentItem,
    FulfillmentItemsFailedPayload,
    FulfillmentRequestFields,
    FulfillmentRequestPayload,
    Rejection,
    Shipment,
    ShipmentInfo,
    ShipmentLineItem,
)
from .injection import FulfillOrderRequest, FulfillOrderResponse, InjectedItemRef
from .inventory import (
    Location,
    PaginationInfo,
    StockedProduct,
    StockedProductSeed,
    StockedProductsPage,
    StockLocation,
    Store,
)
from .orders import (
    CancelledItem,
    ExternalIdentifiers,
    OrderItem,
    OrderItemsCancelledPayload,
    OrderItemsSwappedPayload,
    OrderPayload,
    Payment,
    SwappedItem,
    TaxProviderDetail,
)
from .returns import (
    AmountRefundedPayload,
    RefundRequest,
    RefundRequestIssuedPayload,
    ReturnItem,
    ReturnProcessedPayload,
    ReturnRequest,
    ReturnRequestItem,
)

EVENT_PAYLOADS: dict[str, type[BaseModel]] = {
    "order.created": OrderPayload,
    "order.opened": OrderPayload,
    "order.completed": OrderPayload,
    "order.cancelled": OrderPayload,
    "order.items_cancelled": OrderItemsCancelledPayload,
    "order.items_swapped": OrderItemsSwappedPayload,
    "fulfillment_request.assigned": FulfillmentRequestPayload,
    "fulfillment_request.items_completed": FulfillmentRequestPayload,
    "fulfillment_request.items_failed": FulfillmentItemsFailedPayload,
    "fulfillment_request.items_ready_for_handover": FulfillmentRequestPayload,
    "return.processed": ReturnProcessedPayload,
    "refund_request.issued": RefundRequestIssuedPayload,
    "payment_account.amount_refunded": AmountRefundedPayload,
}

__all__ = [
    "EVENT_PAYLOADS",
    "Address",
    "AmountRefundedPayload",
    "CallbackParameters",
    "CancelledItem",
    "EventEnvelope",
    "EventName",
    "EventStreamRegistration",
    "ExtendedAttribute",
    "ExternalIdentifiers",
    "FulfillOrderRequest",
    "FulfillOrderResponse",
    "FulfillmentItem",
    "FulfillmentItemsFailedPayload",
    "FulfillmentRequestFields",
    "FulfillmentRequestPayload",
    "InjectedItemRef",
    "Location",
    "OrderItem",
    "OrderItemsCancelledPayload",
    "OrderItemsSwappedPayload",
    "OrderPayload",
    "PaginationInfo",
    "Payment",
    "PublishedEvent",
    "RefundRequest",
    "RefundRequestIssuedPayload",
    "Rejection",
    "ReturnItem",
    "ReturnProcessedPayload",
    "ReturnRequest",
    "ReturnRequestItem",
    "Shipment",
    "ShipmentInfo",
    "ShipmentLineItem",
    "StockLocation",
    "StockedProduct",
    "StockedProductSeed",
    "StockedProductsPage",
    "Store",
    "SwappedItem",
    "TaxProviderDetail",
    "TokenRequest",
]

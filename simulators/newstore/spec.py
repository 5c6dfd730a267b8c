"""NewStore's HTTP contract, from which its OpenAPI document is generated.

Every vendor route of :mod:`.routes`, with the bodies of :mod:`.models` (requests, event
payloads) and :mod:`.responses` (answers). Every path under ``/v0/``, ``/_/v0/`` and
``/api/v1/`` is rate limited first (429 with ``Retry-After``), then needs a bearer token
(401 without one, 403 when it is unknown or expired); errors are NewStore's
``{"error_code","message","request_id"}``, also for 405 on a declared path. The token
endpoint answers Keycloak's shapes instead and is neither rate limited nor secured.
Orders, returns and refunds the harness publishes as the POS (``/_sim/publish``) are
served as published, unvalidated; everything the API itself creates conforms.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from contracts.openapi import ApiSpec, Operation, Parameter, Response

from .models import (
    EventStreamRegistration,
    FulfillOrderRequest,
    FulfillOrderResponse,
    OrderPayload,
    RefundRequest,
    Rejection,
    ReturnProcessedPayload,
    ReturnRequest,
    Shipment,
    StockedProductsPage,
    Store,
    TokenRequest,
)
from .responses import (
    ErrorBody,
    EventStreamAnswer,
    EventStreamList,
    FulfillmentRequestAnswer,
    KeycloakError,
    LocationList,
    OAuthError,
    ParcelList,
    Refund,
    RefundList,
    ReturnList,
    StockLocationList,
    TokenAnswer,
)
from .routes.eventstream import EVENTSTREAM
from .routes.inventory import DEFAULT_LIMIT, MAX_LIMIT
from .routes.orders import ID_TYPES

AUTH = "bearerAuth"
ID: dict[str, Any] = {"type": "string", "minLength": 1}
ORDER = "/v0/d/orders/{order_id}"
FR = "/v0/d/fulfillment_requests/{request_id}"
STREAM = f"{EVENTSTREAM}/{{stream_id}}"

PATH_IDS = {
    p.name: p
    for p in (
        Parameter("order_id", "path", ID, description="A NewStore order id (an external id is also found)"),
        Parameter(
            "key", "path", ID, description="`external_id=X`, `id=X`, or a plain id: of `id_type`, else external id, then id"
        ),
        Parameter("return_id", "path", ID),
        Parameter("refund_id", "path", ID),
        Parameter("request_id", "path", ID, description="A fulfillment request id"),
        Parameter("store_id", "path", ID),
        Parameter("stream_id", "path", ID, description="The id the stream was registered with"),
    )
}
ID_TYPE = Parameter("id_type", "query", {"type": "string", "enum": list(ID_TYPES)}, description="What a plain `key` is")
PAGE = (
    Parameter("limit", "query", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}),
    Parameter("offset", "query", {"type": "integer", "minimum": 0, "default": 0}, description="Rows to skip"),
    Parameter("fulfillment_node_id", "query", description="Only the rows of this fulfillment node"),
)

ERRORS = {
    400: "Bad input (not a JSON object, a missing or invalid field, a bad query argument) or a refused action",
    401: "No `Authorization: Bearer` token",
    403: "The token is unknown or expired",
    404: "No such resource",
    409: "The fulfillment request is rejected or completed already (`invalid_state_transition`)",
    429: "Over the tenant's or the endpoint's rate limit: retry after `Retry-After` seconds",
}


def _op(
    tag: str,
    method: str,
    path: str,
    summary: str,
    ok: type[BaseModel],
    *query: Parameter,
    body: type[BaseModel] | None = None,
    created: bool = False,
    conflict: bool = False,
    also: tuple[Response, ...] = (),
) -> Operation:
    """A secured API operation. Every one may get 401, 403 and 429; one with an id in its
    path 404; one with a body or a query 400; an action on a fulfillment request 409."""
    path_ids = tuple(PATH_IDS[name] for name in re.findall(r"{(\w+)}", path))
    errors = {401, 403, 429}
    errors |= {404} if path_ids else set()
    errors |= {400} if body or query else set()
    errors |= {409} if conflict else set()
    answers = (
        Response(201 if created else 200, "Created" if created else "OK", ok),
        *also,
        *(Response(s, ERRORS[s], ErrorBody, headers=("Retry-After",) if s == 429 else ()) for s in sorted(errors)),
    )
    return Operation(method, path, summary, answers, body, parameters=path_ids + query, security=(AUTH,), tags=(tag,))


TOKEN = Operation(
    "POST",
    "/auth/realms/{tenant}/protocol/openid-connect/token",
    "An access token (client credentials, in the form or with HTTP Basic)",
    request=TokenRequest,
    request_content_type="application/x-www-form-urlencoded",
    parameters=(Parameter("tenant", "path", ID, description="The realm: the tenant; 404 if it is another"),),
    tags=("auth",),
    responses=(
        Response(200, "The token, for `Authorization: Bearer`", TokenAnswer),
        Response(400, "`unsupported_grant_type`: only `client_credentials` is supported", OAuthError),
        Response(401, "`unauthorized_client`: unknown client or wrong secret", OAuthError),
        Response(404, "No such realm", KeycloakError),
    ),
)

SPEC = ApiSpec(
    title="pos-harness NewStore",
    version="1",
    description="NewStore's APIs as an integration uses them: OAuth2 tokens, order injection, orders, "
    "fulfillment requests, returns and refunds, stock, locations and stores, and the event stream "
    "registration. Webhook payloads are in contracts/schemas/newstore/. See docs/simulators/newstore.md.",
    operations=(
        TOKEN,
        _op(
            "orders",
            "POST",
            "/v0/d/fulfill_order",
            "Inject an order; the same body again gets the same answer",
            FulfillOrderResponse,
            body=FulfillOrderRequest,
        ),
        _op("orders", "GET", "/v0/c/customer_orders/{order_id}", "One order", OrderPayload),
        _op("orders", "GET", "/v0/d/external_orders/{key}", "One order, by external id or id", OrderPayload, ID_TYPE),
        _op(
            "returns",
            "POST",
            f"{ORDER}/returns",
            "Return units; publishes return.processed",
            ReturnProcessedPayload,
            body=ReturnRequest,
            created=True,
        ),
        _op("returns", "GET", f"{ORDER}/returns", "The order's returns", ReturnList),
        _op("returns", "GET", f"{ORDER}/returns/{{return_id}}", "One return", ReturnProcessedPayload),
        _op("refunds", "POST", f"{ORDER}/refunds", "Refund up to what was captured", Refund, body=RefundRequest, created=True),
        _op("refunds", "GET", f"{ORDER}/refunds", "The order's refunds", RefundList),
        _op("refunds", "GET", f"{ORDER}/refunds/{{refund_id}}", "One refund", Refund),
        _op("fulfillment", "GET", FR, "One fulfillment request", FulfillmentRequestAnswer),
        _op(
            "fulfillment",
            "POST",
            f"{FR}/acknowledgement",
            "Acknowledge; a body is ignored",
            FulfillmentRequestAnswer,
            conflict=True,
        ),
        _op(
            "fulfillment",
            "POST",
            f"{FR}/shipment",
            "Ship; one items_completed a parcel",
            FulfillmentRequestAnswer,
            body=Shipment,
            conflict=True,
        ),
        _op("fulfillment", "GET", f"{FR}/shipment", "The parcels shipped", ParcelList),
        _op(
            "fulfillment",
            "POST",
            f"{FR}/rejection",
            "Reject; publishes items_failed",
            FulfillmentRequestAnswer,
            body=Rejection,
            conflict=True,
        ),
        _op("inventory", "GET", "/_/v0/hq/stocked_products", "Stocked products, a page at a time", StockedProductsPage, *PAGE),
        _op("inventory", "GET", "/v0/locations", "Locations, then every store not listed", LocationList),
        _op("inventory", "GET", "/v0/stock_locations", "Stock locations (bins) inside a node", StockLocationList),
        _op("inventory", "GET", "/_/v0/stores/{store_id}", "One store", Store),
        _op("eventstream", "GET", EVENTSTREAM, "Every registered stream", EventStreamList),
        _op(
            "eventstream",
            "POST",
            EVENTSTREAM,
            "Register a stream",
            EventStreamAnswer,
            body=EventStreamRegistration,
            created=True,
            also=(Response(200, "Registered again: the callback updated, the running state kept", EventStreamAnswer),),
        ),
        _op("eventstream", "GET", STREAM, "One stream", EventStreamAnswer),
        _op("eventstream", "POST", f"{STREAM}/_start", "Start delivering, the outbox first", EventStreamAnswer),
        _op("eventstream", "POST", f"{STREAM}/_stop", "Stop delivering", EventStreamAnswer),
    ),
    security_schemes={AUTH: {"type": "http", "scheme": "bearer"}},
)

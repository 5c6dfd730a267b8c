"""The web shop's Admin REST contract (Shopify flavour), from which its OpenAPI document is generated.

Every answer of an authenticated request carries ``X-Shopify-Shop-Api-Call-Limit`` and
``X-Request-Id``; once the version is known, ``X-Shopify-API-Version`` too. A 401 carries
neither and spends no call; a 429 adds ``Retry-After`` (seconds, ``"2.0"``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter

from contracts.openapi import ApiSpec, Operation, Parameter, Response

from .models import AdjustLevel, SetLevel, ShopId
from .responses import (
    ErrorMessage,
    FieldErrors,
    InventoryLevelAnswer,
    InventoryLevelList,
    LocationList,
    OrderAnswer,
    OrderList,
    ProductAnswer,
    ProductList,
)
from .routes import API_VERSION, CALL_LIMIT_HEADER, DEFAULT_LIMIT, ID_LIST, MAX_LIMIT, ORDER_STATUSES, TOKEN_HEADER

API = "/admin/api/{api_version}"
AUTH = "shopifyAccessToken"
COUNTED = (CALL_LIMIT_HEADER, "X-Request-Id")
SERVED = (*COUNTED, "X-Shopify-API-Version")

VERSION = Parameter(
    "api_version",
    "path",
    {"type": "string", "pattern": f"^(?:{API_VERSION})$"},
    description="Any YYYY-MM (month 01-12) or `unstable`; echoed in X-Shopify-API-Version.",
)
LIMIT = Parameter(
    "limit",
    "query",
    {"type": "integer", "default": DEFAULT_LIMIT},
    description=f"At most this many results; clamped to 1..{MAX_LIMIT}, as Shopify caps it.",
)
SINCE_ID = Parameter("since_id", "query", {"type": "integer"}, description="Only results with a greater id.")


def _id_list(name: str, what: str) -> Parameter:
    return Parameter(name, "query", {"type": "string", "pattern": f"^{ID_LIST}$"}, description=f"Comma-separated {what} ids.")


def _path_id(name: str) -> Parameter:
    schema: dict[str, Any] = TypeAdapter(ShopId).json_schema()
    return Parameter(name, "path", schema)


def _answers(ok: type[BaseModel], *errors: Response) -> tuple[Response, ...]:
    """The success, the operation's own errors, then what any Admin API request may get."""
    return (
        Response(200, "OK", ok, headers=SERVED),
        *errors,
        Response(401, "Missing or unknown X-Shopify-Access-Token", ErrorMessage),
        Response(404, "Unknown id, or an unknown API version (then without X-Shopify-API-Version)", ErrorMessage, headers=SERVED),
        Response(
            429,
            "The app's leaky bucket is full; retry after Retry-After seconds",
            ErrorMessage,
            headers=("Retry-After", *COUNTED),
        ),
    )


INVALID_QUERY = Response(422, "A query parameter is invalid", FieldErrors, headers=SERVED)
BAD_JSON = Response(400, "The body is not a JSON object", FieldErrors, headers=SERVED)
UNPROCESSABLE = Response(422, "A field is missing or invalid, or names an unknown item or location", FieldErrors, headers=SERVED)


def _get(
    path: str, summary: str, ok: type[BaseModel], *parameters: Parameter, tag: str, errors: tuple[Response, ...] = ()
) -> Operation:
    return Operation(
        "GET",
        f"{API}{path}",
        summary,
        responses=_answers(ok, *errors),
        parameters=(VERSION, *parameters),
        security=(AUTH,),
        tags=(tag,),
    )


def _write(path: str, summary: str, body: type[BaseModel]) -> Operation:
    return Operation(
        "POST",
        f"{API}{path}",
        summary,
        request=body,
        responses=_answers(InventoryLevelAnswer, BAD_JSON, UNPROCESSABLE),
        parameters=(VERSION,),
        security=(AUTH,),
        tags=("inventory",),
    )


SPEC = ApiSpec(
    title="pos-harness web shop (Shopify Admin REST)",
    version="1",
    description="Stock on the website: products and variants, locations, inventory levels and web orders, "
    "behind X-Shopify-Access-Token and a per-app leaky bucket. See docs/simulators/shop.md.",
    operations=(
        _get(
            "/products.json",
            "Products with their variants",
            ProductList,
            _id_list("ids", "product"),
            SINCE_ID,
            LIMIT,
            tag="products",
            errors=(INVALID_QUERY,),
        ),
        _get("/products/{product_id}.json", "One product", ProductAnswer, _path_id("product_id"), tag="products"),
        _get("/locations.json", "Every location", LocationList, tag="locations"),
        _get(
            "/inventory_levels.json",
            "Inventory levels by item and/or location (at least one filter)",
            InventoryLevelList,
            _id_list("inventory_item_ids", "inventory item"),
            _id_list("location_ids", "location"),
            LIMIT,
            tag="inventory",
            errors=(INVALID_QUERY,),
        ),
        _write("/inventory_levels/set.json", "Set available; connects the item to the location if needed", SetLevel),
        _write("/inventory_levels/adjust.json", "Add to available (may go negative)", AdjustLevel),
        _get(
            "/orders.json",
            "Web orders",
            OrderList,
            _id_list("ids", "order"),
            SINCE_ID,
            LIMIT,
            Parameter("status", "query", {"type": "string", "enum": list(ORDER_STATUSES), "default": "open"}),
            tag="orders",
            errors=(INVALID_QUERY,),
        ),
        _get("/orders/{order_id}.json", "One web order", OrderAnswer, _path_id("order_id"), tag="orders"),
    ),
    security_schemes={AUTH: {"type": "apiKey", "in": "header", "name": TOKEN_HEADER}},
)

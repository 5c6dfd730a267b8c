"""The Shopify Admin REST surface (``/admin/api/{YYYY-MM}/...json``) and ``POST /_sim/orders``.

Thin handlers: authenticate, spend a marble from the app's leaky bucket, parse the
request, call :class:`ShopState`, format Shopify's response. Every authenticated API
response carries ``X-Shopify-Shop-Api-Call-Limit`` and ``X-Request-Id``, and
``X-Shopify-API-Version`` once the version is known. Query parameters are parsed strictly
(422 when malformed); the same patterns go into the OpenAPI document (``spec.py``).
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from flask import Blueprint, Response, g, jsonify, request
from pydantic import BaseModel, ValidationError

from . import errors
from .models import AdjustLevel, SetLevel, SimOrder
from .state import OutOfStock, ShopState

API = "/admin/api/<api_version>"
API_VERSION = r"[0-9]{4}-(?:0[1-9]|1[0-2])|unstable"  # ASCII digits: \d would take any script's
VERSIONED_PATH = re.compile(rf"^/admin/api/({API_VERSION})/")
# Comma-separated ids, spaces around them and empty items allowed: "41,42", "41, 42,".
ID_LIST = r" *(?:[0-9]+ *)?(?:, *(?:[0-9]+ *)?)*"
ORDER_STATUSES = ("open", "closed", "cancelled", "any")
_ID_LIST, _INTEGER = re.compile(ID_LIST), re.compile(r"-?[0-9]+")
CALL_LIMIT_HEADER = "X-Shopify-Shop-Api-Call-Limit"
TOKEN_HEADER = "X-Shopify-Access-Token"
DEFAULT_LIMIT, MAX_LIMIT = 50, 250

Body = TypeVar("Body", bound=BaseModel)


def shop_blueprint(state: ShopState) -> Blueprint:
    api = Blueprint("shopify_admin", __name__)

    @api.before_app_request
    def authenticate_and_throttle() -> None:
        if not request.path.startswith("/admin/"):
            return
        token = request.headers.get(TOKEN_HEADER)
        if not state.is_valid_token(token):
            raise errors.unauthorized()
        assert token is not None
        g.request_id = state.next_request_id()
        decision = state.take(token)
        g.call_limit = decision.header
        if not decision.allowed:
            raise errors.throttled(state.config.leak_per_second, state.retry_after(decision))
        version = VERSIONED_PATH.match(request.path)
        if version is None:
            raise errors.not_found()
        g.api_version = version.group(1)

    @api.after_app_request
    def shopify_headers(response: Response) -> Response:
        for header, key in (
            (CALL_LIMIT_HEADER, "call_limit"),
            ("X-Request-Id", "request_id"),
            ("X-Shopify-API-Version", "api_version"),
        ):
            if key in g:
                response.headers[header] = g.get(key)
        return response

    @api.url_value_preprocessor
    def drop_version(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values is not None:
            values.pop("api_version", None)

    @api.get(f"{API}/products.json")
    def products() -> Response:
        rows = state.list_products(_ids("ids"), _since_id(), _limit())
        return jsonify({"products": rows})

    @api.get(f"{API}/products/<int:product_id>.json")
    def product(product_id: int) -> Response:
        return jsonify({"product": state.get_product(product_id)})

    @api.get(f"{API}/locations.json")
    def locations() -> Response:
        return jsonify({"locations": state.list_locations()})

    @api.get(f"{API}/inventory_levels.json")
    def inventory_levels() -> Response:
        item_ids, location_ids = _ids("inventory_item_ids"), _ids("location_ids")
        if item_ids is None and location_ids is None:
            raise errors.unprocessable("base", "inventory_item_ids or location_ids must be present")
        return jsonify({"inventory_levels": state.list_levels(item_ids, location_ids, _limit())})

    @api.post(f"{API}/inventory_levels/set.json")
    def set_level() -> Response:
        body = _body(SetLevel)
        level = state.set_level(body.inventory_item_id, body.location_id, body.available, _via(), g.request_id)
        return jsonify({"inventory_level": level})

    @api.post(f"{API}/inventory_levels/adjust.json")
    def adjust_level() -> Response:
        body = _body(AdjustLevel)
        level = state.adjust_level(body.inventory_item_id, body.location_id, body.available_adjustment, _via(), g.request_id)
        return jsonify({"inventory_level": level})

    @api.get(f"{API}/orders.json")
    def orders() -> Response:
        rows = state.list_orders(_ids("ids"), _since_id(), _status(), _limit())
        return jsonify({"orders": rows})

    @api.get(f"{API}/orders/<int:order_id>.json")
    def order(order_id: int) -> Response:
        return jsonify({"order": state.get_order(order_id)})

    return api


def sim_orders_blueprint(state: ShopState) -> Blueprint:
    """``POST /_sim/orders``: the harness places a web order as the shop's checkout would."""
    admin = Blueprint("shop_sim_orders", __name__, url_prefix="/_sim")

    @admin.post("/orders")
    def create_order() -> tuple[Response, int]:
        try:
            order = SimOrder.model_validate(request.get_json(silent=True))
            return jsonify({"order": state.create_order(order)}), 201
        except OutOfStock as exc:
            return jsonify({"error": f"out of stock: {exc}"}), 422
        except ValueError as exc:  # pydantic's ValidationError included
            return jsonify({"error": f"bad order: {exc}"}), 400

    return admin


def _body(model: type[Body]) -> Body:
    """The JSON body as ``model``: 400 when it is not a JSON object, 422 when a field is bad."""
    raw = request.get_data(cache=True)
    try:
        parsed = json.loads(raw) if raw.strip() else {}
    except (ValueError, RecursionError):
        raise errors.bad_request("The request body is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise errors.bad_request("The request body must be a JSON object")
    try:
        return model.model_validate(parsed)
    except ValidationError as exc:
        raise errors.from_validation(exc) from None


def _ids(name: str) -> list[int] | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if _ID_LIST.fullmatch(raw) is None:  # ASCII digits: str.isdigit() passes "²", which int() refuses
        raise errors.unprocessable(name, "is invalid")
    return [int(p) for p in raw.split(",") if p.strip()]


def _integer(name: str, default: int) -> int:
    """An integer query parameter: 422 when it is not one, rather than silently the default."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if _INTEGER.fullmatch(raw) is None:
        raise errors.unprocessable(name, "is invalid")
    return int(raw)


def _since_id() -> int:
    return _integer("since_id", 0)


def _limit() -> int:
    return max(1, min(MAX_LIMIT, _integer("limit", DEFAULT_LIMIT)))


def _status() -> str:
    status = request.args.get("status", "open")
    if status not in ORDER_STATUSES:
        raise errors.unprocessable("status", "is invalid")
    return status


def _via() -> str:
    return f"{request.method} {request.path}"

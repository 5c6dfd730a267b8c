"""Orders: injection (``POST /v0/d/fulfill_order``) and the two ways to read one."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from .. import errors
from ..models import FulfillOrderRequest
from ..state import NewStoreState
from .common import body

ID_TYPES = ("external_id", "id")


def orders_blueprint(state: NewStoreState) -> Blueprint:
    api = Blueprint("newstore_orders", __name__)

    @api.post("/v0/d/fulfill_order")
    def fulfill_order() -> Response:
        return jsonify(state.inject(body(FulfillOrderRequest)))

    @api.get("/v0/c/customer_orders/<order_id>")
    def customer_order(order_id: str) -> Response:
        order = state.order(order_id)
        if order is None:
            raise errors.not_found(f"Order {order_id}")
        return jsonify(order)

    @api.get("/v0/d/external_orders/<key>")
    def external_order(key: str) -> Response:
        """``external_id=X`` or ``id=X`` in the path (as NewStore's clients send it), or a
        plain id with ``?id_type=``; a plain id without one is an external id, then an id."""
        id_type = request.args.get("id_type")
        prefix, sep, rest = key.partition("=")
        if sep and prefix in ID_TYPES:
            id_type, key = prefix, rest
        if id_type is not None and id_type not in ID_TYPES:
            raise errors.bad_request(f"id_type must be one of {', '.join(ID_TYPES)}, got {id_type!r}.")
        if id_type == "external_id":
            order = state.atomic(lambda: state.orders.by_external_id(key))
        elif id_type == "id":
            order = state.atomic(lambda: state.orders.by_id(key))
        else:
            order = state.atomic(lambda: state.orders.by_external_id(key) or state.orders.by_id(key))
        if order is None:
            raise errors.not_found(f"Order with {id_type or 'external id'} {key}")
        return jsonify(order)

    return api

"""Returns and refunds of an order (``{order_id}`` is NewStore's id; an external id is also found)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from .. import errors
from ..models import RefundRequest, ReturnRequest
from ..state import NewStoreState
from .common import body

ORDER = "/v0/d/orders/<order_id>"


def returns_blueprint(state: NewStoreState) -> Blueprint:
    api = Blueprint("newstore_returns", __name__)

    def order_of(order_id: str) -> dict[str, Any]:
        order = state.orders.get(order_id)
        if order is None:
            raise errors.not_found(f"Order {order_id}")
        return order

    @api.post(f"{ORDER}/returns")
    def create_return(order_id: str) -> tuple[Response, int]:
        request_body = body(ReturnRequest)
        record = state.atomic(lambda: state.returns.create_return(order_of(order_id), request_body))
        return jsonify(record), 201

    @api.get(f"{ORDER}/returns")
    def list_returns(order_id: str) -> Response:
        found = state.atomic(lambda: state.returns.returns.get(str(order_of(order_id)["id"]), []))
        return jsonify({"returns": found})

    @api.get(f"{ORDER}/returns/<return_id>")
    def get_return(order_id: str, return_id: str) -> Response:
        return jsonify(state.atomic(lambda: state.returns.get_return(str(order_of(order_id)["id"]), return_id)))

    @api.post(f"{ORDER}/refunds")
    def create_refund(order_id: str) -> tuple[Response, int]:
        request_body = body(RefundRequest)
        record = state.atomic(lambda: state.returns.create_refund(order_of(order_id), request_body))
        return jsonify(record), 201

    @api.get(f"{ORDER}/refunds")
    def list_refunds(order_id: str) -> Response:
        found = state.atomic(lambda: state.returns.refunds.get(str(order_of(order_id)["id"]), []))
        return jsonify({"refunds": found})

    @api.get(f"{ORDER}/refunds/<refund_id>")
    def get_refund(order_id: str, refund_id: str) -> Response:
        return jsonify(state.atomic(lambda: state.returns.get_refund(str(order_of(order_id)["id"]), refund_id)))

    return api

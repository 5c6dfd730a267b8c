"""Fulfillment requests: read one, acknowledge, reject, ship (one event per parcel)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from ..models import Rejection, Shipment
from ..state import NewStoreState
from .common import body

FR = "/v0/d/fulfillment_requests/<request_id>"


def fulfillment_blueprint(state: NewStoreState) -> Blueprint:
    api = Blueprint("newstore_fulfillment", __name__)

    def current(request_id: str) -> dict[str, Any]:
        return state.atomic(lambda: state.fulfillment.get(request_id).to_dict())

    @api.get(FR)
    def get_request(request_id: str) -> Response:
        return jsonify(current(request_id))

    @api.post(f"{FR}/acknowledgement")
    def acknowledge(request_id: str) -> Response:
        return jsonify(state.atomic(lambda: state.fulfillment.acknowledge(request_id).to_dict()))

    @api.post(f"{FR}/rejection")
    def reject(request_id: str) -> Response:
        rejection = body(Rejection)
        return jsonify(state.atomic(lambda: state.fulfillment.reject(request_id, rejection).to_dict()))

    @api.post(f"{FR}/shipment")
    def ship(request_id: str) -> Response:
        shipment = body(Shipment)
        return jsonify(state.atomic(lambda: state.fulfillment.ship(request_id, shipment).to_dict()))

    @api.get(f"{FR}/shipment")
    def shipments(request_id: str) -> Response:
        return jsonify({"line_items": current(request_id)["shipments"]})

    return api

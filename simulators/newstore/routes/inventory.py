"""Stocked products (paged), locations, stock locations and stores, as seeded."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from .. import errors
from ..state import NewStoreState
from .common import int_arg

DEFAULT_LIMIT = 100  # inferred
MAX_LIMIT = 500  # inferred


def inventory_blueprint(state: NewStoreState) -> Blueprint:
    api = Blueprint("newstore_inventory", __name__)

    @api.get("/_/v0/hq/stocked_products")
    def stocked_products() -> Response:
        limit = int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        offset = int_arg("offset", 0, 0)
        node = request.args.get("fulfillment_node_id") or None
        return jsonify(state.atomic(lambda: state.inventory.page(limit, offset, node)))

    @api.get("/v0/locations")
    def locations() -> Response:
        return jsonify({"items": state.atomic(state.inventory.all_locations)})

    @api.get("/v0/stock_locations")
    def stock_locations() -> Response:
        return jsonify({"items": state.atomic(lambda: [b.model_dump(mode="json") for b in state.inventory.stock_locations])})

    @api.get("/_/v0/stores/<store_id>")
    def store(store_id: str) -> Response:
        found = state.atomic(lambda: state.inventory.store(store_id))
        if found is None:
            raise errors.not_found(f"Store {store_id}")
        return jsonify(found)

    return api

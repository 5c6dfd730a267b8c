"""ERP-specific control plane beside the shared ``/_sim/`` surface: prices and stock.

``POST /_sim/prices {"prices": {"5001": 9.99, "eid:TEE-0001": 10.5}}`` is how a
scenario changes the ERP's item prices mid-run (the ERP is the price master; the
integration can only read them). ``GET /_sim/prices`` and ``GET /_sim/stock`` read back.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from ..state import ErpState


def erp_admin_blueprint(state: ErpState) -> Blueprint:
    admin = Blueprint("erp_sim_admin", __name__, url_prefix="/_sim")

    @admin.get("/prices")
    def prices() -> Response:
        with state.lock:
            return jsonify({"prices": state.master.prices(), "changes": list(state.master.price_changes)})

    @admin.post("/prices")
    def set_prices() -> Response | tuple[Response, int]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("prices"), dict):
            return jsonify({"error": 'POST /_sim/prices takes {"prices": {"<item id or eid:X>": <price>}}'}), 400
        try:
            with state.lock:
                changes = state.master.set_prices(body["prices"])
        except ValueError as exc:
            return jsonify({"error": str(exc)}), 400
        return jsonify({"changed": changes})

    @admin.get("/stock")
    def stock() -> Response:
        with state.lock:
            return jsonify({"on_hand": state.stock.rows()})

    return admin

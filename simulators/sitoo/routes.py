"""The Sitoo REST API v2 surface under ``/v2/accounts/<accountid>/...json``.

Thin handlers: authenticate (HTTP Basic with the API ID), throttle, parse the request,
call :class:`SitooState`, format Sitoo's answer. A write whose body is a JSON array is a
batch: each element gets its own ``{"statuscode", "return"|"errortext"}`` and a bad
element does not stop the good ones; a single object answers the bare new id.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, request

from simulators.common.journal import note

from . import errors, orders, paging
from .models import MAX_BATCH
from .state import SitooState

PREFIX = "/v2/accounts/<int:accountid>"
SITE = f"{PREFIX}/sites/<int:siteid>"
ACCOUNT_PATH = re.compile(r"^/v2/accounts/([^/]*)/")


def sitoo_blueprint(state: SitooState) -> Blueprint:
    api = Blueprint("sitoo", __name__)

    @api.before_app_request
    def authenticate_and_throttle() -> None:
        match = ACCOUNT_PATH.match(request.path)
        if match is None:
            return
        auth = request.authorization
        named = match.group(1)
        accountid = int(named) if named.isascii() and named.isdigit() else -1  # not "²" or "١"
        if auth is None or auth.type != "basic" or not state.authenticate(auth.username, auth.password, accountid):
            raise errors.unauthorized()
        retry_after = state.throttle()
        if retry_after is not None:
            note(request.environ, f"rate limit: retry after {retry_after}s")
            raise errors.too_many_requests(retry_after)
        if request.view_args and "siteid" in request.view_args:
            state.site(request.view_args["siteid"])  # 404 for a site the account does not have

    def listing(rows: list[dict[str, Any]], default_sort: str) -> Response:
        return jsonify(paging.envelope(rows, request.args, default_sort, state.config.max_page_size))

    # -- orders ----------------------------------------------------------------------------
    @api.get(f"{PREFIX}/orders.json")
    def all_orders(accountid: int) -> Response:
        return listing(orders.select(state.list_orders(), request.args), "-orderid")

    @api.get(f"{SITE}/orders.json")
    def site_orders(accountid: int, siteid: int) -> Response:
        rows = [o for o in orders.select(state.list_orders(), request.args) if o["eshopid"] == siteid]
        return listing(rows, "-orderid")

    @api.post(f"{SITE}/orders.json")
    def add_orders(accountid: int, siteid: int) -> Response:
        return _write(lambda body: state.add_order(siteid, body))

    @api.get(f"{SITE}/orders/<int:orderid>.json")
    def get_order(accountid: int, siteid: int, orderid: int) -> Response:
        return jsonify(state.order(siteid, orderid))

    @api.put(f"{SITE}/orders/<int:orderid>.json")
    def put_order(accountid: int, siteid: int, orderid: int) -> Response:
        state.update_order(siteid, orderid, _json_body())
        return jsonify(True)

    # -- cash registers and Z-reports --------------------------------------------------------
    @api.get(f"{SITE}/cashregisters.json")
    def registers(accountid: int, siteid: int) -> Response:
        return listing(state.tills.site_registers(siteid), "registernumber")

    @api.get(f"{SITE}/cashregisters/<registerid>.json")
    def register(accountid: int, siteid: int, registerid: str) -> Response:
        return jsonify(state.tills.register(siteid, registerid))

    @api.get(f"{SITE}/cashregisters/<registerid>/zreports.json")
    def zreports(accountid: int, siteid: int, registerid: str) -> Response:
        return listing(state.tills.list_zreports(siteid, registerid, request.args), "zreportid")

    @api.get(f"{SITE}/cashregisters/<registerid>/zreports/<int:zreportid>.json")
    def zreport(accountid: int, siteid: int, registerid: str, zreportid: int) -> Response:
        return jsonify(state.tills.zreport(siteid, registerid, zreportid))

    # -- stores, warehouses, stock, transactions ---------------------------------------------
    @api.get(f"{SITE}/stores.json")
    def stores(accountid: int, siteid: int) -> Response:
        return listing(state.inventory.rows("stores"), "storeid")

    @api.get(f"{SITE}/warehouses.json")
    def warehouses(accountid: int, siteid: int) -> Response:
        return listing(state.inventory.rows("warehouses"), "warehouseid")

    @api.post(f"{SITE}/warehouses.json")
    def add_warehouse(accountid: int, siteid: int) -> Response:
        return _write(state.inventory.add_warehouse)

    @api.get(f"{SITE}/warehouses/<int:warehouseid>/warehouseitems.json")
    def warehouse_items(accountid: int, siteid: int, warehouseid: int) -> Response:
        rows = state.inventory.items(warehouseid)
        skus = {s for s in request.args.get("sku", "").split(",") if s}
        return listing([r for r in rows if not skus or r["sku"] in skus], "warehouseitemid")

    @api.put(f"{SITE}/warehouses/<int:warehouseid>/warehouseitems.json")
    def set_warehouse_items(accountid: int, siteid: int, warehouseid: int) -> Response:
        state.inventory.warehouse(warehouseid)
        return _write(lambda body: state.inventory.set_item(warehouseid, body))

    @api.get(f"{SITE}/warehousetransactions.json")
    def transactions(accountid: int, siteid: int) -> Response:
        rows = state.inventory.rows("transactions")
        for name in ("warehouseid", "transactiontype"):
            if name in request.args:
                wanted = paging.integers(request.args[name], name)
                rows = [r for r in rows if r[name] in wanted]
        return listing(rows, "warehousetransactionid")

    @api.post(f"{SITE}/warehousetransactions.json")
    def add_transactions(accountid: int, siteid: int) -> Response:
        return _write(state.inventory.add_transaction)

    # -- products ----------------------------------------------------------------------------
    @api.get(f"{SITE}/products.json")
    def products(accountid: int, siteid: int) -> Response:
        return listing(state.inventory.site_products(siteid), "productid")

    @api.post(f"{SITE}/products.json")
    def add_products(accountid: int, siteid: int) -> Response:
        return _write(lambda body: state.inventory.add_product(siteid, body))

    @api.put(f"{SITE}/products.json")
    def update_products(accountid: int, siteid: int) -> Response:
        return _write(lambda body: state.inventory.update_product(siteid, body))

    return api


def _json_body() -> Any:
    raw = request.get_data(cache=True)
    if not raw:
        raise errors.bad_request("Invalid request: the body is empty")
    try:
        return json.loads(raw, parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise errors.bad_request("Invalid request: the body is not valid JSON") from None


def _not_json(constant: str) -> Any:
    """Python's json accepts NaN and Infinity; JSON does not, and echoing one back would break the answer."""
    raise ValueError(f"{constant} is not JSON")


def _write(add: Callable[[Any], int]) -> Response:
    """One object -> its new id; an array -> a batch envelope, one entry per element."""
    body = _json_body()
    if not isinstance(body, list):
        return jsonify(add(body))
    if not body or len(body) > MAX_BATCH:
        raise errors.bad_request(f"Invalid request: a batch holds 1 to {MAX_BATCH} elements")
    results: list[dict[str, Any]] = []
    for index, element in enumerate(body):
        try:
            results.append({"statuscode": 200, "return": add(element)})
        except errors.SitooError as exc:
            note(request.environ, f"batch element {index} rejected: {exc.status}: {exc.errortext}")
            results.append(exc.body())
    return jsonify(results)

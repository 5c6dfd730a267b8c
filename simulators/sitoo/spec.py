"""The Sitoo simulator's HTTP contract, from which its OpenAPI document is generated.

Every route of :mod:`.routes`, with the bodies of :mod:`.models` (requests) and
:mod:`.responses` (answers). No declared operation can answer 405: any other method on
these paths does, with the error body and an ``Allow`` header (see the description).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from contracts.openapi import ApiSpec, Operation, Parameter, Response

from .models import Order, Product, ProductUpdate, Warehouse, WarehouseItemWrite, WarehouseTransaction, Writes
from .responses import (
    CashRegisterList,
    CashRegisterRead,
    ErrorBody,
    OrderList,
    OrderRead,
    ProductList,
    StoreList,
    TransactionList,
    Updated,
    WarehouseItemList,
    WarehouseList,
    WriteResult,
    ZReportList,
    ZReportRead,
)

ACCOUNT = "/v2/accounts/{accountid}"
SITE = f"{ACCOUNT}/sites/{{siteid}}"
ID: dict[str, Any] = {"type": "integer", "minimum": 0}
INT: dict[str, Any] = {"type": "integer"}
INT_LIST: dict[str, Any] = {"type": "string", "pattern": "^-?[0-9]+(,-?[0-9]+)*$"}
TEXT_LIST: dict[str, Any] = {"type": "string"}

PATH_IDS = {
    p.name: p
    for p in (
        Parameter("accountid", "path", ID, description="The account: the first part of the API ID"),
        Parameter("siteid", "path", ID, description="The site (eshop); 404 if the account has no such site"),
        Parameter("orderid", "path", ID, description="404 if the site has no such order"),
        Parameter("warehouseid", "path", ID, description="404 if there is no such warehouse"),
        Parameter("registerid", "path", description="A register's id (a braced GUID); 404 if the site has no such register"),
        Parameter("zreportid", "path", ID, description="404 if the register has no such Z-report"),
    )
}
PAGING = (
    Parameter("start", "query", {"type": "integer", "minimum": 0}, description="Rows to skip (default 0)"),
    Parameter("num", "query", {"type": "integer", "minimum": 0}, description="Rows to return (default 10; above 100 is 100)"),
    Parameter("sort", "query", description="A field to sort by, `-field` for descending; 400 if no row has it"),
    Parameter("fields", "query", TEXT_LIST, description="Comma-separated top-level fields to keep in each row"),
)
ORDER_FILTERS = tuple(
    Parameter(name, "query", schema, description=text)
    for name, schema, text in (
        ("eshopid", INT_LIST, "Comma-separated site ids"),
        ("externalid", TEXT_LIST, "Comma-separated external ids"),
        ("orderid", INT_LIST, "Comma-separated order ids"),
        ("orderidfrom", INT, "Lowest order id"),
        ("orderidto", INT, "Highest order id"),
        ("orderdatefrom", INT, "Earliest order date (Unix seconds)"),
        ("orderdateto", INT, "Latest order date (Unix seconds)"),
        ("orderstate", INT_LIST, "Comma-separated order state ids"),
        ("paymentstate", INT_LIST, "Comma-separated payment state ids"),
        ("ordertype", INT_LIST, "Comma-separated order type ids"),
        ("email", {"type": "string"}, "The customer's email, exactly"),
        ("receiptid", TEXT_LIST, "Comma-separated receipt ids (`receiptid` or `additionaldata.pos-receiptid`)"),
        ("creditorderid", INT_LIST, "Comma-separated ids of the sales that orders refund"),
        ("warehouseid", INT_LIST, "Comma-separated warehouse ids"),
    )
)

_ERRORS = {
    400: ("Invalid request: a bad body, query parameter or reference", ()),
    401: ("Missing or wrong credentials, or a path account that is not the credential's", ("WWW-Authenticate",)),
    404: ("No such site or resource", ()),
    429: ("Over the account's rate limit: retry after `Retry-After` seconds", ("Retry-After",)),
}


def errors(*statuses: int) -> tuple[Response, ...]:
    """Sitoo's error body for each status; every operation can also answer 401 and 429."""
    return tuple(
        Response(status, _ERRORS[status][0], ErrorBody, headers=_ERRORS[status][1]) for status in sorted({*statuses, 401, 429})
    )


def operation(
    method: str,
    path: str,
    summary: str,
    answer: Response,
    *query: Parameter,
    fails: tuple[int, ...] = (400, 404),
    request: type[BaseModel] | None = None,
) -> Operation:
    """An operation behind HTTP Basic; its path parameters come from ``PATH_IDS``."""
    path_ids = tuple(p for name, p in PATH_IDS.items() if f"{{{name}}}" in path)
    return Operation(
        method,
        path,
        summary,
        (answer, *errors(*fails)),
        request=request,
        parameters=(*path_ids, *query),
        security=("basic",),
    )


def listing(path: str, summary: str, model: type[BaseModel], *query: Parameter, fails: tuple[int, ...] = (400, 404)) -> Operation:
    return operation("GET", path, summary, Response(200, "One page of the list", model), *query, *PAGING, fails=fails)


def write(method: str, path: str, summary: str, body: type[BaseModel]) -> Operation:
    answer = Response(200, "The new or updated id; for a batch, one result per element, in order", WriteResult)
    return operation(method, path, summary, answer, request=Writes[body])  # type: ignore[valid-type]


ORDER = f"{SITE}/orders/{{orderid}}.json"
ITEMS = f"{SITE}/warehouses/{{warehouseid}}/warehouseitems.json"
TRANSACTIONS = f"{SITE}/warehousetransactions.json"
REGISTER = f"{SITE}/cashregisters/{{registerid}}"
ZREPORT_FILTERS = (
    Parameter("datecreatedfrom", "query", INT, description="Earliest creation date (Unix seconds)"),
    Parameter("datecreatedto", "query", INT, description="Latest creation date (Unix seconds)"),
)
TRANSACTION_FILTERS = (
    Parameter("warehouseid", "query", INT_LIST, description="Comma-separated warehouse ids"),
    Parameter("transactiontype", "query", INT_LIST, description="Comma-separated transaction types"),
)

SPEC = ApiSpec(
    title="pos-harness Sitoo POS simulator",
    version="2",
    description=(
        "Sitoo REST API v2 for one account, as the simulator serves it (docs/simulators/sitoo.md). "
        "HTTP Basic with `{API ID}:{password}`; the API ID's first part is the account id. Errors are "
        '`{"statuscode", "errortext"}` with that HTTP status. A method a path does not list answers 405 '
        "with that body and an `Allow` header. Money is a 2-decimal string, decimals 3-decimal strings, "
        "dates Unix seconds; writes may send numbers or numeric strings for money and decimals."
    ),
    security_schemes={"basic": {"type": "http", "scheme": "basic"}},
    operations=(
        listing(f"{ACCOUNT}/orders.json", "Orders of every site, newest first", OrderList, *ORDER_FILTERS, fails=(400,)),
        listing(f"{SITE}/orders.json", "Orders of one site, newest first", OrderList, *ORDER_FILTERS),
        write("POST", f"{SITE}/orders.json", "Add orders (sales; refunds with creditorderid)", Order),
        operation("GET", ORDER, "One order", Response(200, "The order", OrderRead), fails=(404,)),
        operation(
            "PUT", ORDER, "Replace the fields sent; totals follow new lines", Response(200, "Updated", Updated), request=Order
        ),
        listing(f"{SITE}/cashregisters.json", "Cash registers of the site", CashRegisterList),
        operation("GET", f"{REGISTER}.json", "One cash register", Response(200, "The register", CashRegisterRead), fails=(404,)),
        listing(f"{REGISTER}/zreports.json", "The register's Z-reports", ZReportList, *ZREPORT_FILTERS),
        operation(
            "GET",
            f"{REGISTER}/zreports/{{zreportid}}.json",
            "One Z-report",
            Response(200, "The Z-report", ZReportRead),
            fails=(404,),
        ),
        listing(f"{SITE}/stores.json", "Stores", StoreList),
        listing(f"{SITE}/warehouses.json", "Warehouses", WarehouseList),
        write("POST", f"{SITE}/warehouses.json", "Add warehouses", Warehouse),
        listing(
            ITEMS, "Stock per sku", WarehouseItemList, Parameter("sku", "query", TEXT_LIST, description="Comma-separated skus")
        ),
        write("PUT", ITEMS, "Set stock totals and reservations", WarehouseItemWrite),
        listing(TRANSACTIONS, "Stock movements", TransactionList, *TRANSACTION_FILTERS),
        write("POST", TRANSACTIONS, "Post stock movements", WarehouseTransaction),
        listing(f"{SITE}/products.json", "Products of the site", ProductList),
        write("POST", f"{SITE}/products.json", "Add products", Product),
        write("PUT", f"{SITE}/products.json", "Update products by productid", ProductUpdate),
    ),
)

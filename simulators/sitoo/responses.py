"""What the Sitoo simulator answers, as pydantic models: the bodies its OpenAPI document declares.

The stored objects are the write models of :mod:`.models` with the fields the server fills
in (ids, totals, dates) made required; every field a stored object always carries is
required too. List rows are those objects again with nothing required at the top level,
because ``?fields=a,b`` keeps only the named top-level fields. Nothing here validates
traffic: the models describe what :mod:`.routes` serves, and the contract tests hold the
simulator to them.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, RootModel

from .models import Decimal3, Money, Order, OrderItem, Product, Store, TransactionItem, Warehouse, WarehouseItemWrite
from .models import WarehouseTransaction as TransactionWrite
from .zreports import CashRegister


def _nothing_required(schema: dict[str, Any]) -> None:
    schema.pop("required", None)


COMPLETE = ConfigDict(json_schema_serialization_defaults_required=True)  # a stored object has every field
PROJECTED = ConfigDict(json_schema_extra=_nothing_required)  # a list row has the fields ?fields= asked for


class ErrorBody(BaseModel):
    """Every error on the vendor surface: the HTTP status again, and a text."""

    model_config = ConfigDict(extra="forbid")
    statuscode: int
    errortext: str


class BatchReturn(BaseModel):
    """One accepted element of a batch write."""

    model_config = ConfigDict(extra="forbid")
    statuscode: Literal[200]
    return_: int = Field(alias="return")


class WriteResult(RootModel[int | list[BatchReturn | ErrorBody]]):
    """A write's answer: the new (or updated) id for one object, one entry per element for a batch."""


class Updated(RootModel[Literal[True]]):
    """``PUT`` of one order answers ``true``."""


# -- orders --------------------------------------------------------------------------------
class OrderItemRead(OrderItem):
    model_config = COMPLETE
    orderitemid: int
    moneynetpriceperunit: Money
    moneyitemtotal_net: Money
    moneyitemtotal_vat: Money
    moneyoriginalprice: Money
    decimalquantitytotal: Decimal3


class OrderRead(Order):
    """A stored order: ids assigned, ``eshopid`` the site's, totals and date filled in."""

    model_config = COMPLETE
    orderid: int
    eshopid: int
    moneytotal_net: Money
    moneytotal_vat: Money
    moneyfinal_net: Money
    moneyfinal_vat: Money
    moneyfinal_salestax: Money
    moneytotal_gross_all: Money
    orderdate: int
    orderitems: list[OrderItemRead]  # type: ignore[assignment]


class OrderRow(OrderRead):
    model_config = PROJECTED


# -- catalogue and stock -------------------------------------------------------------------
class ProductRow(Product):
    model_config = PROJECTED
    productid: int


class StoreRow(Store):
    model_config = PROJECTED


class WarehouseRow(Warehouse):
    model_config = PROJECTED
    warehouseid: int


class WarehouseItemRow(WarehouseItemWrite):
    """Stock of one sku in one warehouse; ``decimalavailable = decimaltotal - decimalreserved``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_nothing_required)
    warehouseitemid: int
    decimaltotal: Decimal3
    decimalreserved: Decimal3
    decimalavailable: Decimal3
    datelastmodified: int


class TransactionItemRead(TransactionItem):
    """A posted item, with the stock total it left behind."""

    model_config = COMPLETE
    decimaltotal: Decimal3


class TransactionRow(TransactionWrite):
    model_config = PROJECTED
    warehousetransactionid: int
    datecreated: int
    items: list[TransactionItemRead]  # type: ignore[assignment]


# -- cash registers and Z-reports ------------------------------------------------------------
class CashRegisterRead(CashRegister):
    """A register: what was seeded, with id, key, site and store filled in."""

    model_config = COMPLETE
    registerid: str
    registerkey: str
    eshopid: int
    store_id: str
    store_name: str


class CashRegisterRow(CashRegisterRead):
    model_config = PROJECTED


class VatGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vatvalue: int | float
    moneytotal: Money
    moneytotalnet: Money
    moneytotalvat: Money


class PaymentGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    moneytotal: Money
    subpayments: list[Any]


class ZReportRead(BaseModel):
    """A register's day: sales and refunds (money signed as the orders, counts positive), payments, cash."""

    model_config = ConfigDict(extra="forbid")
    zreportid: int
    registerid: str
    registerkey: str
    registernumber: int
    datecreated: int
    dateopened: int
    eshopid: int
    store_id: str
    store_name: str
    currencycode: str
    staff: str
    moneysalestotal: Money
    moneysalestotalnet: Money
    numsales: int
    numsalesitems: int
    vatgroupssales: list[VatGroup]
    moneyrefundtotal: Money
    moneyrefundtotalnet: Money
    numrefund: int
    numrefunditems: int
    vatgroupsrefund: list[VatGroup]
    paymentssales: list[PaymentGroup]
    paymentsrefund: list[PaymentGroup]
    moneysummarytotal: Money
    numreceipts: int
    moneycash_expected: Money
    moneycash_counted: Money
    moneycash_diff: Money


class ZReportRow(ZReportRead):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_nothing_required)


# -- list envelopes ------------------------------------------------------------------------
Row = TypeVar("Row", bound=BaseModel)


class Page(BaseModel, Generic[Row]):
    """Sitoo's list envelope: ``totalcount`` counts the whole filtered set, not the page."""

    model_config = ConfigDict(extra="forbid")
    totalcount: int = Field(ge=0)
    items: list[Row]


class OrderList(Page[OrderRow]):
    pass


class ProductList(Page[ProductRow]):
    pass


class StoreList(Page[StoreRow]):
    pass


class WarehouseList(Page[WarehouseRow]):
    pass


class WarehouseItemList(Page[WarehouseItemRow]):
    pass


class TransactionList(Page[TransactionRow]):
    pass


class CashRegisterList(Page[CashRegisterRow]):
    pass


class ZReportList(Page[ZReportRow]):
    pass

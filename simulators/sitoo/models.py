"""Payload shapes Sitoo accepts, as pydantic models, and its wire formats.

Sitoo sends money as strings with 2 decimals (``"360.00"``), decimal quantities as
strings with 3 (``"1.000"``) and dates as Unix seconds. Writes may send numbers or
strings; the models normalise them to Sitoo's strings so every read is in wire format.
Unknown fields pass through untouched (the real objects have many more fields than an
integration needs), but a known field with a wrong type is a 400: validation is strict, so
``"5"`` or ``true`` is not an integer and ``1`` is not a boolean. The JSON Schema of each
wire type says what it accepts in a request and what it looks like in an answer.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, JsonValue, RootModel, ValidationError, WithJsonSchema

from . import errors

ORDER_STATES = {0: "open", 10: "closed", 20: "cancelled", -1: "abandoned"}  # names used in order_state_changed
M = TypeVar("M", bound="BaseModel")
PRODUCT_LINE = 10
VIRTUAL_WAREHOUSE = 20
MAX_BATCH = 1000
MAX_AMOUNT = Decimal("1e15")  # money and quantities, sent or computed, stay below this


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("must be a number or a numeric string")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise ValueError(f"{value!r} is out of range")
    return number


def money(value: Any) -> str:
    """Sitoo's money string; input is range-checked here, computed Decimals by their caller."""
    number = value if isinstance(value, Decimal) else to_decimal(value)
    return str(number.quantize(Decimal("0.01"), ROUND_HALF_UP))


def decimal3(value: Any) -> str:
    number = value if isinstance(value, Decimal) else to_decimal(value)
    return str(number.quantize(Decimal("0.001"), ROUND_HALF_UP))


def parse(model: type[M], body: Any) -> M:
    """Validate a request body, or raise Sitoo's 400 naming the first bad field."""
    if not isinstance(body, dict):
        raise errors.bad_request(f"Invalid request: expected a JSON object, got {type(body).__name__}")
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise errors.bad_request(f"Invalid request: {where}: {first['msg']}") from None


def json_int(value: Any) -> Any:
    """Literal members match by equality, so ``false`` would pass as 0 and ``10.0`` as 10."""
    if type(value) is not int:
        raise ValueError("must be an integer")
    return value


def _wire(pattern: str) -> tuple[WithJsonSchema, WithJsonSchema]:
    """Requests may send a number or a numeric string; answers are always the formatted string."""
    sent = WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]}, mode="validation")
    return sent, WithJsonSchema({"type": "string", "pattern": pattern}, mode="serialization")


Money = Annotated[str, BeforeValidator(money), *_wire(r"^-?[0-9]+\.[0-9]{2}$")]
Decimal3 = Annotated[str, BeforeValidator(decimal3), *_wire(r"^-?[0-9]+\.[0-9]{3}$")]
Vat = Annotated[
    int | float,
    BeforeValidator(lambda v: v if type(v) is int else float(to_decimal(v))),
    Field(ge=0, le=100),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "maximum": 100}, {"type": "string"}]}, mode="validation"),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}, mode="serialization"),
]
Quantity = Annotated[int, Field(ge=-(10**9), le=10**9)]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class SalesTax(_Open):
    name: str = ""
    code: str = ""
    moneytax: Money = "0.00"
    decimaltaxvalue: Decimal3 = "0.000"


class OrderItem(_Open):
    orderitemtype: int = PRODUCT_LINE
    productid: int | None = None
    productname: str = ""
    sku: str = ""
    quantity: Quantity
    moneynetpriceperunit: Money | None = None
    vatvalue: Vat = 0
    moneyitemtotal_net: Money | None = None
    moneyitemtotal_vat: Money | None = None
    moneyoriginalprice: Money | None = None
    moneydiscount: Money = "0.00"
    salestaxes: list[SalesTax] = Field(default_factory=list)
    additionaldata: dict[str, Any] = Field(default_factory=dict)


class Payment(_Open):
    name: str
    moneyamount: Money
    externalid: str = ""
    reftype: str = ""
    refid: str = ""
    cardissuer: str = ""
    additionaldata: dict[str, Any] = Field(default_factory=dict)


class Order(_Open):
    """An order as written (POST/PUT). Totals left out are computed from the lines."""

    eshopid: int | None = None
    externalid: str | None = None
    creditorderid: int | None = None
    email: str = ""
    namefirst: str = ""
    namelast: str = ""
    moneytotal_net: Money | None = None
    moneytotal_vat: Money | None = None
    moneyfinal_net: Money | None = None
    moneyfinal_vat: Money | None = None
    moneyfinal_salestax: Money | None = None
    moneytotal_gross_all: Money | None = None
    orderdate: int | None = None
    orderstateid: Annotated[Literal[0, 10, 20, -1], BeforeValidator(json_int)] = 0  # Open, Closed, Cancelled, Abandoned
    paymentstateid: Annotated[Literal[0, 10, 15, 20, 30, 40], BeforeValidator(json_int)] = 0  # None, Pending, Reserved, ..
    ordertypeid: Annotated[Literal[10, 100, 110], BeforeValidator(json_int)] = 10  # Order, Booking, POSParked
    registerid: str | None = None
    warehouseid: int | None = None
    currencycode: str = ""
    checkouttypename: str = ""
    additionaldata: dict[str, Any] = Field(default_factory=dict)
    orderitems: list[OrderItem] = Field(default_factory=list)
    payments: list[Payment] = Field(default_factory=list)


class Product(_Open):
    productid: int | None = None
    sku: str = Field(min_length=1)
    title: str = ""
    moneyprice: Money = "0.00"
    vatid: int | None = None
    vatvalue: Vat = 0
    barcode: str = ""
    activepos: bool = True


class ProductUpdate(Product):
    """``PUT products.json``: ``productid`` names the product; the fields sent replace the stored ones."""

    productid: int
    sku: str = Field("", min_length=1)


class Store(_Open):
    storeid: int
    eshopid: int | None = None
    name: str = ""
    externalid: str | None = None


class Warehouse(_Open):
    warehouseid: int | None = None
    warehousetype: int = 10
    storeid: int | None = None
    sellable: bool = True
    currencycode: str = ""
    name: str = ""
    externalid: str | None = None


class WarehouseItemWrite(_Open):
    sku: str = Field(min_length=1)
    decimaltotal: Decimal3 | None = None
    decimalreserved: Decimal3 | None = None


class TransactionItem(_Open):
    sku: str = Field(min_length=1)
    decimalquantity: Decimal3
    moneypricein: Money = "0.00"


class WarehouseTransaction(_Open):
    warehouseid: int
    transactiontype: int = 10
    description: str = ""
    externalid: str | None = None
    reasoncode: str | None = None
    items: list[TransactionItem] = Field(min_length=1)


W = TypeVar("W", bound=BaseModel)


Batch = Annotated[list[JsonValue], Field(min_length=1, max_length=MAX_BATCH, description="Each element judged as one object")]


class Writes(RootModel[W | Batch], Generic[W]):
    """A write body: one object, or a batch whose elements are judged one by one (a bad one gets its own 400)."""


class Credential(BaseModel):
    api_id: str = Field(pattern=r"^\d+-\d+$")
    password: str


class Site(_Open):
    siteid: int
    eshopname: str = ""


class EventIn(BaseModel):
    """An event handed to ``POST /_sim/events``; id, date and account are filled in if absent."""

    event_type: Literal["order", "order-delivery", "booking", "shipment", "warehouse-transaction", "z-report", "store-z-report"]
    data: dict[str, Any] = Field(default_factory=dict)
    event_id: str | None = None
    event_date: int | None = None


class Subscription(BaseModel):
    url: str = Field(pattern=r"^https?://")
    username: str | None = None
    password: str | None = None

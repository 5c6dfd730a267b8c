"""Turn an order-injection body into the order NewStore would hold and publish.

NewStore lists one item per unit; prices, discounts and taxes come from each item's
``price`` block, shipping from each shipment's ``shipping_option``. Money is summed in
``Decimal`` and written with two decimals.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from .models import (
    Address,
    ExternalIdentifiers,
    FulfillOrderRequest,
    FulfillOrderResponse,
    InjectedItemRef,
    OrderItem,
    OrderPayload,
    Payment,
    TaxProviderDetail,
)
from .models.injection import InjectedAddress

CENT = Decimal("0.01")


def _d(value: float) -> Decimal:
    return Decimal(str(value))


def _money(value: Decimal) -> float:
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _address(address: InjectedAddress | None) -> Address | None:
    if address is None:
        return None
    return Address(
        first_name=address.first_name or "",
        last_name=address.last_name or "",
        address_line1=address.address_line_1,
        zip_code=address.zip_code or "",
        city=address.city or "",
        state=address.state,
        country=address.country,
        phone=address.phone,
    )


def build_order(
    request: FulfillOrderRequest, order_id: str, new_item_id: Callable[[], str], sku_of: Callable[[str], str], now: str
) -> tuple[OrderPayload, FulfillOrderResponse, list[list[OrderItem]]]:
    """The order, the injection's answer, and the order's items grouped by shipment."""
    status = "completed" if request.is_fulfilled else "pending"
    by_shipment: list[list[OrderItem]] = []
    refs: list[InjectedItemRef] = []
    subtotal = discounts = item_tax = shipping = shipping_tax = Decimal(0)
    for shipment in request.shipments:
        group: list[OrderItem] = []
        for injected in shipment.items:
            price = injected.price
            item_discounts = sum((_d(d.price_adjustment) for d in price.item_discount_info), Decimal(0))
            order_discounts = sum((_d(d.price_adjustment) for d in price.item_order_discount_info), Decimal(0))
            tax = sum((_d(t.amount) for t in price.item_tax_lines), Decimal(0))
            item = OrderItem(
                id=new_item_id(),
                product_id=injected.product_id,
                pricebook_price=price.item_price,
                list_price=price.item_list_price,
                item_discounts=_money(item_discounts),
                order_discounts=_money(order_discounts),
                tax=_money(tax),
                tax_provider_details=[
                    TaxProviderDetail(name=t.name or "tax", amount=t.amount, rate=t.rate) for t in price.item_tax_lines
                ],
                status=status,
                external_identifiers=ExternalIdentifiers(sku=sku_of(injected.product_id)),
            )
            group.append(item)
            refs.append(InjectedItemRef(external_item_id=injected.external_item_id, id=item.id, product_id=item.product_id))
            subtotal += _d(price.item_price)
            discounts += item_discounts + order_discounts
            item_tax += tax
        if shipment.shipping_option is not None:
            shipping += _d(shipment.shipping_option.price)
            shipping_tax += _d(shipment.shipping_option.tax)
        by_shipment.append(group)
    tax_total = item_tax + shipping_tax
    grand_total = subtotal - discounts + shipping + (tax_total if request.price_method == "tax_excluded" else 0)
    order = OrderPayload(
        id=order_id,
        external_id=request.external_id,
        created_at=now,
        placed_at=request.placed_at or now,
        associate_id=request.associate_id,
        channel_type=request.channel_type,
        channel=request.channel_name,
        customer_email=request.customer_email,
        customer_id=request.external_customer_id,
        billing_address=_address(request.billing_address),
        shipping_address=_address(request.shipping_address),
        price_method=request.price_method,
        subtotal=_money(subtotal),
        discount_total=_money(discounts),
        shipping_total=_money(shipping),
        shipping_tax=_money(shipping_tax),
        tax_total=_money(tax_total),
        grand_total=_money(grand_total),
        currency=request.currency,
        extended_attributes=request.extended_attributes,
        items=[item for group in by_shipment for item in group],
        payments=[Payment.model_validate(p.model_dump(include=set(Payment.model_fields))) for p in request.payments],
        status="completed" if request.is_fulfilled else "created",
    )
    return order, FulfillOrderResponse(external_id=request.external_id, id=order_id, items=refs), by_shipment

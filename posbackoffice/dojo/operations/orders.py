"""GetOrderById, SearchOrders, CreateOrder, CancelOrderById, CreateOrderLock, ExtendOrderLock,
DeleteOrderLock, GetOrderBillById, RecordOrderPaymentById."""
import datetime as dt

from rest_framework import serializers

from floorplan.models import Venue
from orders import bills, selectors, services
from orders.models import MAX_QUANTITY, Order, OrderItem
from orders.values import (
    CollectionSpec,
    CustomerSpec,
    DineInSpec,
    DiscountSpec,
    ItemSpec,
    ModifierSpec,
    Money,
    OrderSpec,
    PaymentSpec,
    TaxLineSpec,
)

from ..cursor import PK, CursorSerializer, KeyField, Keyset
from ..fields import EntityIdField, StrictBooleanField, StrictCharField, StrictIntegerField, UtcDateTimeField
from ..wire import compact, format_time, parse_wire_id, wire_id
from .base import operation, validated
from .parties import MoneyParams

CREATED_AT = KeyField("created_at", dump=dt.datetime.isoformat, load=dt.datetime.fromisoformat)
ORDERS = Keyset(scope="orders", fields=[CREATED_AT, PK])


# --- the Order entity on the wire -----------------------------------------------------------

def _money(value: int, currency: str) -> dict:
    return {"value": value, "currencyCode": currency}


def _modifiers_to_wire(item: OrderItem, currency: str) -> list[dict]:
    return [
        {"name": m.name, "quantity": m.quantity, "amountPerModifier": _money(m.amount, currency), "plu": m.plu}
        for m in item.modifiers.all()
    ]


def _item_to_wire(item: OrderItem, currency: str, *, with_sub_items: bool = True) -> dict:
    return compact(
        {
            "name": item.name,
            "plu": item.plu,
            "quantity": item.quantity,
            "amountPerItem": _money(item.amount_per_item, currency),
            "note": item.note or None,
            "modifiers": _modifiers_to_wire(item, currency),
            "subItems": [_item_to_wire(sub, currency, with_sub_items=False) for sub in item.sub_items.all()]
            if with_sub_items
            else None,
        }
    )


def _details_to_wire(order: Order) -> dict:
    if order.order_type == Order.Type.COLLECTION:
        collection = {"asap": order.collect_asap, "collectAt": format_time(order.collect_at) if order.collect_at else None}
        return {"orderType": order.order_type, "collection": compact(collection)}
    dine_in = {
        "tableId": wire_id(order.table_id) if order.table_id else None,
        "waiterId": wire_id(order.waiter_id) if order.waiter_id else None,
        "partyId": wire_id(order.party_id) if order.party_id else None,
        "reservationId": wire_id(order.reservation_id) if order.reservation_id else None,
        "readyAt": format_time(order.ready_at) if order.ready_at else None,
    }
    return {"orderType": order.order_type, "dineIn": compact(dine_in)}


def _customer_to_wire(order: Order) -> dict | None:
    customer = compact(
        {
            "id": order.customer_ref or None,
            "name": order.customer_name or None,
            "emailAddress": order.customer_email or None,
            "phoneNumber": order.customer_phone or None,
        }
    )
    return customer or None


def order_to_wire(order: Order) -> dict:
    """An order read through `orders.selectors` (its rows prefetched)."""
    currency = order.currency
    return compact(
        {
            "id": wire_id(order.pk),
            "status": order.status,
            "details": _details_to_wire(order),
            "items": [_item_to_wire(item, currency) for item in order.lines],
            "note": order.note or None,
            "customer": _customer_to_wire(order),
            "discounts": [
                compact(
                    {
                        "name": d.name,
                        "affectedPlu": d.affected_plu or None,
                        "discountReference": d.reference or None,
                        "code": d.code or None,
                        "amountTotal": _money(d.amount, currency),
                        "amountPercentage": d.percentage,
                    }
                )
                for d in order.discounts.all()
            ],
            "taxLines": [
                compact(
                    {
                        "id": t.tax_id or None,
                        "name": t.name or None,
                        "affectedPlu": t.affected_plu or None,
                        "amountPercentage": t.percentage,
                        "amountTotal": _money(t.amount, currency),
                    }
                )
                for t in order.tax_lines.all()
            ],
            "payments": [
                {
                    "paymentIntentId": p.payment_intent_id,
                    "paidAmount": _money(p.paid_amount, currency),
                    "tipsAmount": _money(p.tips_amount, currency),
                }
                for p in order.payments.all()
            ],
            "createdAt": format_time(order.created_at),
            "updatedAt": format_time(order.updated_at),
            "totalAmount": _money(order.total_amount, currency),
            "paidAmount": _money(order.paid_amount, currency),
            "tipsAmount": _money(order.tips_amount, currency),
            "serviceChargeAmount": _money(order.service_charge, currency),
            "payable": order.payable,
            "reference": order.reference or None,
            "displayName": order.display_name or None,
        }
    )


# --- the bill on the wire -------------------------------------------------------------------

def bill_line_to_wire(line: bills.BillLine) -> dict:
    match line:
        case bills.MerchantName(name=name):
            return {"lineType": "MerchantName", "merchantName": {"name": name}}
        case bills.MerchantAddress(address_lines=address_lines, postcode=postcode):
            address = {"addressLines": list(address_lines), "postcode": postcode}
            return {"lineType": "MerchantAddress", "merchantAddress": address}
        case bills.Text(value=value, size=size, align=align, bold=bold):
            return {"lineType": "Text", "text": {"value": value, "size": size, "align": align, "bold": bold}}
        case bills.HorizontalLine(style=style):
            return {"lineType": "HorizontalLine", "horizontalLine": {"line": style}}
    raise TypeError(f"No wire form for bill line {line!r}")


def bill_to_wire(bill: bills.Bill) -> dict:
    return {
        "header": {"lines": [bill_line_to_wire(line) for line in bill.header]},
        "order": order_to_wire(bill.order),
        "footer": {"lines": [bill_line_to_wire(line) for line in bill.footer]},
    }


# --- requests -------------------------------------------------------------------------------

class ModifierParams(serializers.Serializer):
    name = StrictCharField(max_length=200)
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)
    amountPerModifier = MoneyParams()
    plu = StrictCharField(max_length=64)


class SubItemParams(serializers.Serializer):
    name = StrictCharField(max_length=200)
    plu = StrictCharField(max_length=64)
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)
    amountPerItem = MoneyParams()
    note = StrictCharField(max_length=2000, required=False, allow_blank=True, trim_whitespace=False)
    modifiers = serializers.ListField(child=ModifierParams(), required=False, max_length=50)


class ItemParams(SubItemParams):
    subItems = serializers.ListField(child=SubItemParams(), required=False, max_length=50)


class CustomerParams(serializers.Serializer):
    id = StrictCharField(max_length=255, required=False, allow_blank=True)
    name = StrictCharField(max_length=200, required=False, allow_blank=True)
    emailAddress = StrictCharField(max_length=254, required=False, allow_blank=True)
    phoneNumber = StrictCharField(max_length=50, required=False, allow_blank=True)


class DiscountParams(serializers.Serializer):
    name = StrictCharField(max_length=200)
    affectedPlu = StrictCharField(max_length=64, required=False, allow_blank=True)
    discountReference = StrictCharField(max_length=255, required=False, allow_blank=True)
    code = StrictCharField(max_length=255, required=False, allow_blank=True)
    amountTotal = MoneyParams()
    amountPercentage = StrictIntegerField(min_value=0, max_value=10000, required=False)


class TaxLineParams(serializers.Serializer):
    id = StrictCharField(max_length=60, required=False, allow_blank=True)
    name = StrictCharField(max_length=100, required=False, allow_blank=True)
    affectedPlu = StrictCharField(max_length=64, required=False, allow_blank=True)
    amountPercentage = StrictIntegerField(min_value=0, max_value=10000, required=False)
    amountTotal = MoneyParams()


class PaymentParams(serializers.Serializer):
    paymentIntentId = StrictCharField(max_length=255)
    paidAmount = MoneyParams()
    tipsAmount = MoneyParams(required=False)


class DineInParams(serializers.Serializer):
    tableId = EntityIdField("table", required=False)
    waiterId = EntityIdField("waiter", required=False)
    partyId = EntityIdField("party", required=False)
    reservationId = EntityIdField("reservation", required=False)
    readyAt = UtcDateTimeField(required=False)


class CollectionParams(serializers.Serializer):
    asap = StrictBooleanField(required=False)
    collectAt = UtcDateTimeField(required=False)


class DetailsParams(serializers.Serializer):
    orderType = serializers.ChoiceField(choices=Order.Type.values)
    dineIn = DineInParams(required=False)
    collection = CollectionParams(required=False)


class CreateOrderParams(serializers.Serializer):
    dojoOrderId = StrictCharField(max_length=255)
    details = DetailsParams()
    items = serializers.ListField(child=ItemParams(), max_length=200)
    totalAmount = MoneyParams()
    payments = serializers.ListField(child=PaymentParams(), max_length=50)
    discounts = serializers.ListField(child=DiscountParams(), required=False, max_length=50)
    taxLines = serializers.ListField(child=TaxLineParams(), required=False, max_length=50)
    serviceChargeAmount = MoneyParams(required=False)
    customer = CustomerParams(required=False)
    note = StrictCharField(max_length=5000, required=False, allow_blank=True, trim_whitespace=False)
    reference = StrictCharField(max_length=100, required=False, allow_blank=True)
    displayName = StrictCharField(max_length=200, required=False, allow_blank=True)


def _money_spec(data: dict | None) -> Money | None:
    return Money(value=data["value"], currency=data["currencyCode"]) if data else None


def _item_spec(data: dict) -> ItemSpec:
    return ItemSpec(
        name=data["name"],
        plu=data["plu"],
        quantity=data["quantity"],
        amount_per_item=_money_spec(data["amountPerItem"]),
        note=data.get("note", ""),
        modifiers=tuple(
            ModifierSpec(name=m["name"], plu=m["plu"], quantity=m["quantity"], amount=_money_spec(m["amountPerModifier"]))
            for m in data.get("modifiers", [])
        ),
        sub_items=tuple(_item_spec(sub) for sub in data.get("subItems", [])),
    )


def _payment_spec(data: dict) -> PaymentSpec:
    return PaymentSpec(
        payment_intent_id=data["paymentIntentId"],
        paid=_money_spec(data["paidAmount"]),
        tips=_money_spec(data.get("tipsAmount")),
    )


def _placement_specs(details: dict) -> dict:
    dine_in, collection = details.get("dineIn"), details.get("collection")
    return {
        "order_type": details["orderType"],
        "dine_in": DineInSpec(
            table_id=dine_in.get("tableId"),
            waiter_id=dine_in.get("waiterId"),
            party_id=dine_in.get("partyId"),
            reservation_id=dine_in.get("reservationId"),
            ready_at=dine_in.get("readyAt"),
        )
        if dine_in is not None
        else None,
        "collection": CollectionSpec(asap=collection.get("asap", False), collect_at=collection.get("collectAt"))
        if collection is not None
        else None,
    }


def _order_spec(data: dict) -> OrderSpec:
    customer = data.get("customer")
    return OrderSpec(
        dojo_order_id=data["dojoOrderId"],
        total=_money_spec(data["totalAmount"]),
        items=tuple(_item_spec(item) for item in data["items"]),
        payments=tuple(_payment_spec(payment) for payment in data["payments"]),
        discounts=tuple(
            DiscountSpec(
                name=d["name"],
                amount=_money_spec(d["amountTotal"]),
                affected_plu=d.get("affectedPlu", ""),
                reference=d.get("discountReference", ""),
                code=d.get("code", ""),
                percentage=d.get("amountPercentage"),
            )
            for d in data.get("discounts", [])
        ),
        tax_lines=tuple(
            TaxLineSpec(
                amount=_money_spec(t["amountTotal"]),
                tax_id=t.get("id", ""),
                name=t.get("name", ""),
                affected_plu=t.get("affectedPlu", ""),
                percentage=t.get("amountPercentage"),
            )
            for t in data.get("taxLines", [])
        ),
        service_charge=_money_spec(data.get("serviceChargeAmount")),
        customer=CustomerSpec(
            customer_id=customer.get("id", ""),
            name=customer.get("name", ""),
            email=customer.get("emailAddress", ""),
            phone=customer.get("phoneNumber", ""),
        )
        if customer
        else None,
        note=data.get("note", ""),
        reference=data.get("reference", ""),
        display_name=data.get("displayName", ""),
        **_placement_specs(data["details"]),
    )


# --- operations -----------------------------------------------------------------------------

class OrderIdParams(serializers.Serializer):
    orderId = StrictCharField(max_length=64)


def _order_id(data: dict) -> int:
    return parse_wire_id(data["orderId"], "order")


@operation("GetOrderById")
def get_order(venue: Venue, params: dict) -> dict:
    order_id = _order_id(validated(OrderIdParams, params))
    return order_to_wire(selectors.order_get(venue=venue, order_id=order_id))


class SearchDineInParams(serializers.Serializer):
    tableId = EntityIdField("table", required=False)
    waiterId = EntityIdField("waiter", required=False)
    partyId = EntityIdField("party", required=False)
    reservationId = EntityIdField("reservation", required=False)


class SearchOrdersParams(serializers.Serializer):
    dineIn = SearchDineInParams(required=False)
    payableOnly = StrictBooleanField(required=False)
    cursor = CursorSerializer(required=False)


@operation("SearchOrders")
def search_orders(venue: Venue, params: dict) -> dict:
    query = validated(SearchOrdersParams, params)
    dine_in = query.get("dineIn", {})
    orders = selectors.order_search(
        venue=venue,
        table_id=dine_in.get("tableId"),
        waiter_id=dine_in.get("waiterId"),
        party_id=dine_in.get("partyId"),
        reservation_id=dine_in.get("reservationId"),
        payable_only=query.get("payableOnly", False),
    )
    page = ORDERS.paginate(orders, venue_id=venue.pk, cursor=query.get("cursor"))
    return page.to_wire(order_to_wire)


@operation("CreateOrder")
def create_order(venue: Venue, params: dict) -> dict:
    spec = _order_spec(validated(CreateOrderParams, params))
    return order_to_wire(services.order_create(venue=venue, spec=spec))


@operation("CancelOrderById")
def cancel_order(venue: Venue, params: dict) -> dict:
    order_id = _order_id(validated(OrderIdParams, params))
    return order_to_wire(services.order_cancel(venue=venue, order_id=order_id))


class LockIdParams(OrderIdParams):
    lockId = StrictCharField(max_length=255)


class LockExpiryParams(LockIdParams):
    expiry = UtcDateTimeField()


@operation("CreateOrderLock")
def create_order_lock(venue: Venue, params: dict) -> dict:
    data = validated(LockExpiryParams, params)
    order = services.order_lock_create(
        venue=venue, order_id=_order_id(data), lock_id=data["lockId"], expires_at=data["expiry"]
    )
    return order_to_wire(order)


@operation("ExtendOrderLock")
def extend_order_lock(venue: Venue, params: dict) -> dict:
    data = validated(LockExpiryParams, params)
    services.order_lock_extend(venue=venue, order_id=_order_id(data), lock_id=data["lockId"], expires_at=data["expiry"])
    return {}


@operation("DeleteOrderLock")
def delete_order_lock(venue: Venue, params: dict) -> dict:
    data = validated(LockIdParams, params)
    return order_to_wire(services.order_lock_delete(venue=venue, order_id=_order_id(data), lock_id=data["lockId"]))


@operation("GetOrderBillById")
def get_order_bill(venue: Venue, params: dict) -> dict:
    order_id = _order_id(validated(OrderIdParams, params))
    return bill_to_wire(selectors.order_bill(venue=venue, order_id=order_id))


class RecordOrderPaymentParams(OrderIdParams, PaymentParams):
    lockId = StrictCharField(max_length=255, required=False, allow_blank=True)


@operation("RecordOrderPaymentById")
def record_order_payment(venue: Venue, params: dict) -> dict:
    data = validated(RecordOrderPaymentParams, params)
    order = services.order_record_payment(
        venue=venue, order_id=_order_id(data), payment=_payment_spec(data), lock_id=data.get("lockId", "")
    )
    return order_to_wire(order)

"""GetOrderById, SearchOrders, CreateOrder, CancelOrderById, CreateOrderLock, ExtendOrderLock,
DeleteOrderLock, GetOrderBillById, RecordOrderPaymentById."""
import datetime as dt

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from floorplan.models import Venue
from orders import bills, selectors, services, values
from orders.models import MAX_QUANTITY, OrderStatus
from orders.models import Order as OrderRow
from orders.models import OrderItem as OrderItemRow

from ..cursor import PK, Cursor, KeyField, Keyset, paged
from ..fields import (
    EntityIdField,
    Money,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    TextField,
    UtcDateTimeField,
    WireSerializer,
)
from .base import entity_id, operation, validated

CREATED_AT = KeyField("created_at", dump=dt.datetime.isoformat, load=dt.datetime.fromisoformat)
ORDERS = Keyset(scope="orders", fields=[CREATED_AT, PK])


# --- Dojo's components, in both directions ---------------------------------------------------

class Modifier(WireSerializer):
    name = StrictCharField(max_length=200)
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)
    amountPerModifier = Money()
    plu = StrictCharField(max_length=64)


class OrderSubItem(WireSerializer):
    amountPerItem = Money()
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)
    note = TextField(max_length=2000)
    name = StrictCharField(max_length=200)
    plu = StrictCharField(max_length=64)
    modifiers = Modifier(many=True, required=False, max_length=50)


class OrderItem(OrderSubItem):
    subItems = OrderSubItem(many=True, required=False, max_length=50)


class Customer(WireSerializer):
    id = TextField(max_length=255)
    emailAddress = TextField(max_length=254)
    phoneNumber = TextField(max_length=50)
    name = TextField(max_length=200)


class Discount(WireSerializer):
    name = StrictCharField(max_length=200)
    affectedPlu = TextField(max_length=64)
    discountReference = TextField(max_length=255)
    code = TextField(max_length=255)
    amountTotal = Money()
    amountPercentage = StrictIntegerField(min_value=0, max_value=10000, required=False)


class TaxLine(WireSerializer):
    id = TextField(max_length=60)
    name = TextField(max_length=100)
    affectedPlu = TextField(max_length=64)
    amountPercentage = StrictIntegerField(min_value=0, max_value=10000, required=False)
    amountTotal = Money()


class Payment(WireSerializer):
    paymentIntentId = StrictCharField(max_length=255)
    paidAmount = Money()
    tipsAmount = Money(required=False)


class DineInDetails(WireSerializer):
    tableId = EntityIdField("table", required=False)
    waiterId = EntityIdField("waiter", required=False)
    partyId = EntityIdField("party", required=False)
    reservationId = EntityIdField("reservation", required=False)
    readyAt = UtcDateTimeField(required=False)


class CollectionDetails(WireSerializer):
    asap = StrictBooleanField(required=False)
    collectAt = UtcDateTimeField(required=False)


class OrderDetails(WireSerializer):
    dineIn = DineInDetails(required=False)
    collection = CollectionDetails(required=False)
    orderType = serializers.ChoiceField(choices=OrderRow.Type.values)


def _money(value: int, currency: str) -> dict:
    return {"value": value, "currencyCode": currency}


def _item_fields(item: OrderItemRow, currency: str) -> dict:
    return {
        "amountPerItem": _money(item.amount_per_item, currency),
        "quantity": item.quantity,
        "note": item.note,
        "name": item.name,
        "plu": item.plu,
        "modifiers": [
            {"name": m.name, "quantity": m.quantity, "amountPerModifier": _money(m.amount, currency), "plu": m.plu}
            for m in item.modifiers.all()
        ],
        "subItems": [_item_fields(sub_item, currency) for sub_item in item.sub_items.all()],
    }


def _details_fields(order: OrderRow) -> dict:
    if order.order_type == OrderRow.Type.COLLECTION:
        collection = {"asap": order.collect_asap, "collectAt": order.collect_at}
        return {"orderType": order.order_type, "collection": collection}
    dine_in = {
        "tableId": order.table_id,
        "waiterId": order.waiter_id,
        "partyId": order.party_id,
        "reservationId": order.reservation_id,
        "readyAt": order.ready_at,
    }
    return {"orderType": order.order_type, "dineIn": dine_in}


def _customer_fields(order: OrderRow) -> dict | None:
    customer = {
        "id": order.customer_ref,
        "emailAddress": order.customer_email,
        "phoneNumber": order.customer_phone,
        "name": order.customer_name,
    }
    return customer if any(customer.values()) else None


class Order(WireSerializer):
    """An order read through `orders.selectors` (its rows prefetched)."""

    id = EntityIdField()
    items = OrderItem(many=True)
    note = TextField()
    customer = Customer(required=False)
    discounts = Discount(many=True)
    taxLines = TaxLine(many=True)
    status = serializers.ChoiceField(choices=OrderStatus.values)
    createdAt = UtcDateTimeField()
    updatedAt = UtcDateTimeField()
    totalAmount = Money()
    payments = Payment(many=True)
    payable = serializers.BooleanField()
    paidAmount = Money()
    serviceChargeAmount = Money()
    reference = TextField()
    tipsAmount = Money()
    details = OrderDetails()
    displayName = TextField()

    def to_representation(self, order: OrderRow):
        currency = order.currency
        return super().to_representation(
            {
                "id": order.pk,
                "items": [_item_fields(item, currency) for item in order.lines],
                "note": order.note,
                "customer": _customer_fields(order),
                "discounts": [
                    {
                        "name": d.name,
                        "affectedPlu": d.affected_plu,
                        "discountReference": d.reference,
                        "code": d.code,
                        "amountTotal": _money(d.amount, currency),
                        "amountPercentage": d.percentage,
                    }
                    for d in order.discounts.all()
                ],
                "taxLines": [
                    {
                        "id": t.tax_id,
                        "name": t.name,
                        "affectedPlu": t.affected_plu,
                        "amountPercentage": t.percentage,
                        "amountTotal": _money(t.amount, currency),
                    }
                    for t in order.tax_lines.all()
                ],
                "status": order.status,
                "createdAt": order.created_at,
                "updatedAt": order.updated_at,
                "totalAmount": _money(order.total_amount, currency),
                "payments": [
                    {
                        "paymentIntentId": p.payment_intent_id,
                        "paidAmount": _money(p.paid_amount, currency),
                        "tipsAmount": _money(p.tips_amount, currency),
                    }
                    for p in order.payments.all()
                ],
                "payable": order.payable,
                "paidAmount": _money(order.paid_amount, currency),
                "serviceChargeAmount": _money(order.service_charge, currency),
                "reference": order.reference,
                "tipsAmount": _money(order.tips_amount, currency),
                "details": _details_fields(order),
                "displayName": order.display_name,
            }
        )


PagedOrdersResponse = paged("PagedOrdersResponse", Order)


# --- the bill ----------------------------------------------------------------------------------

SIZES = ["Body", "Header1", "Header2"]
ALIGNS = ["Center", "Left", "Right"]


class BillImage(WireSerializer):
    svgImage = serializers.CharField()
    align = serializers.ChoiceField(choices=ALIGNS, required=False)


class BillLogo(WireSerializer):
    svgImage = serializers.CharField()


class BillMerchantAddress(WireSerializer):
    addressLines = serializers.ListField(child=serializers.CharField())
    postcode = serializers.CharField()


class BillMerchantEmailAddress(WireSerializer):
    emailAddress = serializers.CharField()


class BillMerchantName(WireSerializer):
    name = serializers.CharField()


class BillMerchantPhoneNumber(WireSerializer):
    phoneNumber = serializers.CharField()


class BillText(WireSerializer):
    value = serializers.CharField()
    size = serializers.ChoiceField(choices=SIZES)
    align = serializers.ChoiceField(choices=ALIGNS, required=False)
    bold = serializers.BooleanField(required=False)


class BillURL(WireSerializer):
    url = serializers.CharField()
    description = serializers.CharField(required=False)
    showQr = serializers.BooleanField(required=False)
    showUrl = serializers.BooleanField(required=False)


class BillHorizontalLine(WireSerializer):
    line = serializers.ChoiceField(choices=["Single", "Double"], required=False)


class BillTaxNumber(WireSerializer):
    name = serializers.CharField()
    number = serializers.CharField()


class BillLine(WireSerializer):
    """One line of a bill's header or footer: `lineType` names the one property it carries."""

    image = BillImage(required=False)
    logo = BillLogo(required=False)
    merchantAddress = BillMerchantAddress(required=False)
    merchantEmailAddress = BillMerchantEmailAddress(required=False)
    merchantName = BillMerchantName(required=False)
    merchantPhoneNumber = BillMerchantPhoneNumber(required=False)
    text = BillText(required=False)
    url = BillURL(required=False)
    horizontalLine = BillHorizontalLine(required=False)
    taxNumber = BillTaxNumber(required=False)
    lineType = serializers.ChoiceField(
        choices=["Image", "Logo", "MerchantAddress", "MerchantEmailAddress", "MerchantName", "MerchantPhoneNumber",
                 "Text", "URL", "HorizontalLine", "TaxNumber"]
    )

    def to_representation(self, line: bills.BillLine):
        match line:
            case bills.MerchantName(name=name):
                fields = {"lineType": "MerchantName", "merchantName": {"name": name}}
            case bills.MerchantAddress(address_lines=address_lines, postcode=postcode):
                address = {"addressLines": list(address_lines), "postcode": postcode}
                fields = {"lineType": "MerchantAddress", "merchantAddress": address}
            case bills.Text(value=value, size=size, align=align, bold=bold):
                fields = {"lineType": "Text", "text": {"value": value, "size": size, "align": align, "bold": bold}}
            case bills.HorizontalLine(style=style):
                fields = {"lineType": "HorizontalLine", "horizontalLine": {"line": style}}
            case _:
                raise TypeError(f"No wire form for the bill line {line!r}")
        return super().to_representation(fields)


class BillSection(WireSerializer):
    lines = BillLine(many=True)


class OrderBill(WireSerializer):
    header = BillSection()
    order = Order()
    footer = BillSection()

    def to_representation(self, bill: bills.Bill):
        return super().to_representation(
            {"header": {"lines": bill.header}, "order": bill.order, "footer": {"lines": bill.footer}}
        )


# --- requests ----------------------------------------------------------------------------------

class CreateOrderRequest(serializers.Serializer):
    items = OrderItem(many=True, max_length=200)
    note = TextField(max_length=5000)
    customer = Customer(required=False)
    discounts = Discount(many=True, required=False, max_length=50)
    totalAmount = Money()
    taxLines = TaxLine(many=True, required=False, max_length=50)
    serviceChargeAmount = Money(required=False)
    reference = TextField(max_length=100)
    dojoOrderId = StrictCharField(max_length=255)
    payments = Payment(many=True, max_length=50)
    details = OrderDetails()
    displayName = TextField(max_length=200)


class SearchDineInDetails(serializers.Serializer):
    tableId = EntityIdField("table", required=False)
    waiterId = EntityIdField("waiter", required=False)
    partyId = EntityIdField("party", required=False)
    reservationId = EntityIdField("reservation", required=False)


class SearchOrdersRequest(serializers.Serializer):
    dineIn = SearchDineInDetails(required=False)
    payableOnly = StrictBooleanField(required=False)
    cursor = Cursor(required=False)


class CreateOrderLockRequest(serializers.Serializer):
    lockId = StrictCharField(max_length=255)
    expiry = UtcDateTimeField()


class ExtendOrderLockRequest(serializers.Serializer):
    expiry = UtcDateTimeField()


class ExtendOrderLockResponse(WireSerializer):
    """An empty object."""


class ExtendOrderLockResponseSchema(OpenApiSerializerExtension):
    """Documents the empty object as Dojo does (drf-spectacular drops a schema without properties)."""

    target_class = ExtendOrderLockResponse

    def map_serializer(self, auto_schema, direction):
        return {"type": "object", "properties": {}, "additionalProperties": False}


class PaymentWithLockId(Payment):
    lockId = TextField(max_length=255)


class ExtendOrderLockParams(ExtendOrderLockRequest):
    lockId = StrictCharField(max_length=255)


class LockIdParam(serializers.Serializer):
    lockId = StrictCharField(max_length=255)


def _order_id(params: dict) -> int:
    return entity_id(params, "orderId", "order")


def _money_value(data: dict | None) -> values.Money | None:
    return values.Money(value=data["value"], currency=data["currencyCode"]) if data else None


def _item_spec(data: dict) -> values.ItemSpec:
    return values.ItemSpec(
        name=data["name"],
        plu=data["plu"],
        quantity=data["quantity"],
        amount_per_item=_money_value(data["amountPerItem"]),
        note=data.get("note", ""),
        modifiers=tuple(
            values.ModifierSpec(
                name=m["name"], plu=m["plu"], quantity=m["quantity"], amount=_money_value(m["amountPerModifier"])
            )
            for m in data.get("modifiers", [])
        ),
        sub_items=tuple(_item_spec(sub_item) for sub_item in data.get("subItems", [])),
    )


def _payment_spec(data: dict) -> values.PaymentSpec:
    return values.PaymentSpec(
        payment_intent_id=data["paymentIntentId"],
        paid=_money_value(data["paidAmount"]),
        tips=_money_value(data.get("tipsAmount")),
    )


def _placement_specs(details: dict) -> dict:
    dine_in, collection = details.get("dineIn"), details.get("collection")
    return {
        "order_type": details["orderType"],
        "dine_in": values.DineInSpec(
            table_id=dine_in.get("tableId"),
            waiter_id=dine_in.get("waiterId"),
            party_id=dine_in.get("partyId"),
            reservation_id=dine_in.get("reservationId"),
            ready_at=dine_in.get("readyAt"),
        )
        if dine_in is not None
        else None,
        "collection": values.CollectionSpec(asap=collection.get("asap", False), collect_at=collection.get("collectAt"))
        if collection is not None
        else None,
    }


def _order_spec(data: dict) -> values.OrderSpec:
    customer = data.get("customer")
    return values.OrderSpec(
        dojo_order_id=data["dojoOrderId"],
        total=_money_value(data["totalAmount"]),
        items=tuple(_item_spec(item) for item in data["items"]),
        payments=tuple(_payment_spec(payment) for payment in data["payments"]),
        discounts=tuple(
            values.DiscountSpec(
                name=d["name"],
                amount=_money_value(d["amountTotal"]),
                affected_plu=d.get("affectedPlu", ""),
                reference=d.get("discountReference", ""),
                code=d.get("code", ""),
                percentage=d.get("amountPercentage"),
            )
            for d in data.get("discounts", [])
        ),
        tax_lines=tuple(
            values.TaxLineSpec(
                amount=_money_value(t["amountTotal"]),
                tax_id=t.get("id", ""),
                name=t.get("name", ""),
                affected_plu=t.get("affectedPlu", ""),
                percentage=t.get("amountPercentage"),
            )
            for t in data.get("taxLines", [])
        ),
        service_charge=_money_value(data.get("serviceChargeAmount")),
        customer=values.CustomerSpec(
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


# --- operations --------------------------------------------------------------------------------

@operation("GetOrderById", response=Order())
def get_order(venue: Venue, params: dict) -> dict:
    order_id = _order_id(params)
    return Order(selectors.order_get(venue=venue, order_id=order_id)).data


@operation("SearchOrders", body=SearchOrdersRequest, response=PagedOrdersResponse())
def search_orders(venue: Venue, params: dict) -> dict:
    query = validated(SearchOrdersRequest, params)
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
    return PagedOrdersResponse(page).data


@operation("CreateOrder", body=CreateOrderRequest, response=Order())
def create_order(venue: Venue, params: dict) -> dict:
    spec = _order_spec(validated(CreateOrderRequest, params))
    return Order(services.order_create(venue=venue, spec=spec)).data


@operation("CancelOrderById", response=Order())
def cancel_order(venue: Venue, params: dict) -> dict:
    order_id = _order_id(params)
    return Order(services.order_cancel(venue=venue, order_id=order_id)).data


@operation("CreateOrderLock", body=CreateOrderLockRequest, response=Order())
def create_order_lock(venue: Venue, params: dict) -> dict:
    order_id = _order_id(params)
    data = validated(CreateOrderLockRequest, params)
    order = services.order_lock_create(
        venue=venue, order_id=order_id, lock_id=data["lockId"], expires_at=data["expiry"]
    )
    return Order(order).data


@operation("ExtendOrderLock", body=ExtendOrderLockRequest, response=ExtendOrderLockResponse())
def extend_order_lock(venue: Venue, params: dict) -> dict:
    order_id = _order_id(params)
    data = validated(ExtendOrderLockParams, params)
    services.order_lock_extend(venue=venue, order_id=order_id, lock_id=data["lockId"], expires_at=data["expiry"])
    return {}


@operation("DeleteOrderLock", response=Order())
def delete_order_lock(venue: Venue, params: dict) -> dict:
    order_id = _order_id(params)
    lock_id = validated(LockIdParam, params)["lockId"]
    return Order(services.order_lock_delete(venue=venue, order_id=order_id, lock_id=lock_id)).data


@operation("GetOrderBillById", response=OrderBill())
def get_order_bill(venue: Venue, params: dict) -> dict:
    order_id = _order_id(params)
    return OrderBill(selectors.order_bill(venue=venue, order_id=order_id)).data


@operation("RecordOrderPaymentById", body=PaymentWithLockId, response=Order())
def record_order_payment(venue: Venue, params: dict) -> dict:
    order_id = _order_id(params)
    data = validated(PaymentWithLockId, params)
    order = services.order_record_payment(
        venue=venue, order_id=order_id, payment=_payment_spec(data), lock_id=data.get("lockId", "")
    )
    return Order(order).data

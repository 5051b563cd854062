"""Dojo's order schemas: the components, which serve both ways, the Order body, and the
requests.

Each field is declared once, reading the order's rows on the way out (as
`orders.selectors.order_queryset` prefetches them) and naming, through its `source`, the
column it fills on the way in (`specs` turns those into the services' values).
"""
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from orders.models import MAX_QUANTITY, OrderStatus
from orders.models import Order as OrderRow
from orders.models import OrderItem as OrderItemRow
from orders.models import OrderItemModifier as ModifierRow

from ...cursor import Cursor, PagedResponse
from ...fields import (
    Columns,
    EntityIdField,
    FilterIdField,
    Money,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    TextField,
    UtcDateTimeField,
    WireSerializer,
)


def order_currency(row) -> str:
    """The currency of the amounts on any row of an order: the order's. Reached through the
    relations that the prefetching of `order_queryset` fills in (a modifier's item, a
    sub-item's parent line, a line's or payment's order), so it costs no query."""
    if isinstance(row, OrderRow):
        return row.currency
    if isinstance(row, ModifierRow):
        return order_currency(row.item)
    if isinstance(row, OrderItemRow) and row.parent_id is not None:
        return order_currency(row.parent)
    return row.order.currency


# --- Dojo's components, in both directions ---------------------------------------------------

class Modifier(WireSerializer):
    name = StrictCharField(max_length=200)
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)
    amountPerModifier = Money(source="amount", currency=order_currency)
    plu = StrictCharField(max_length=64)


class OrderSubItem(WireSerializer):
    amountPerItem = Money(source="amount_per_item", currency=order_currency)
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)
    note = TextField(max_length=2000)
    name = StrictCharField(max_length=200)
    plu = StrictCharField(max_length=64)
    modifiers = Modifier(many=True, required=False, max_length=50)


class OrderItem(OrderSubItem):
    subItems = OrderSubItem(source="sub_items", many=True, required=False, max_length=50)


class Customer(Columns):
    # Read from the order's `customer_*` columns; absent when they are all blank.

    id = TextField(source="customer_ref", max_length=255)
    emailAddress = TextField(source="customer_email", max_length=254)
    phoneNumber = TextField(source="customer_phone", max_length=50)
    name = TextField(source="customer_name", max_length=200)

    def shown(self, order) -> bool:
        return any(getattr(order, field.source) for field in self.fields.values())


class Discount(WireSerializer):
    name = StrictCharField(max_length=200)
    affectedPlu = TextField(source="affected_plu", max_length=64)
    discountReference = TextField(source="reference", max_length=255)
    code = TextField(max_length=255)
    amountTotal = Money(source="amount", currency=order_currency)
    amountPercentage = StrictIntegerField(source="percentage", min_value=0, max_value=10000, required=False)


class TaxLine(WireSerializer):
    id = TextField(source="tax_id", max_length=60)
    name = TextField(max_length=100)
    affectedPlu = TextField(source="affected_plu", max_length=64)
    amountPercentage = StrictIntegerField(source="percentage", min_value=0, max_value=10000, required=False)
    amountTotal = Money(source="amount", currency=order_currency)


class Payment(WireSerializer):
    paymentIntentId = StrictCharField(source="payment_intent_id", max_length=255)
    paidAmount = Money(source="paid_amount", currency=order_currency)
    tipsAmount = Money(source="tips_amount", currency=order_currency, required=False)


class DineInDetails(Columns):
    # Read from the order's placement columns; shown for any order but a collection.

    tableId = EntityIdField("table", source="table_id", required=False)
    waiterId = EntityIdField("waiter", source="waiter_id", required=False)
    partyId = EntityIdField("party", source="party_id", required=False)
    reservationId = EntityIdField("reservation", source="reservation_id", required=False)
    readyAt = UtcDateTimeField(source="ready_at", required=False)

    def shown(self, order) -> bool:
        return order.order_type != OrderRow.Type.COLLECTION


class CollectionDetails(Columns):
    # Read from the order's `collect_*` columns; shown for a collection only.

    asap = StrictBooleanField(source="collect_asap", required=False)
    collectAt = UtcDateTimeField(source="collect_at", required=False)

    def shown(self, order) -> bool:
        return order.order_type == OrderRow.Type.COLLECTION


class OrderDetails(Columns):
    dineIn = DineInDetails(required=False)
    collection = CollectionDetails(required=False)
    orderType = serializers.ChoiceField(source="order_type", choices=OrderRow.Type.values)


# --- the Order body ----------------------------------------------------------------------------

class Order(WireSerializer):
    """An order read through `orders.selectors` (its rows prefetched)."""

    id = EntityIdField(source="pk")
    items = OrderItem(source="lines", many=True)
    note = TextField()
    customer = Customer(required=False)
    discounts = Discount(many=True)
    taxLines = TaxLine(source="tax_lines", many=True)
    status = serializers.ChoiceField(choices=OrderStatus.values)
    createdAt = UtcDateTimeField(source="created_at")
    updatedAt = UtcDateTimeField(source="updated_at")
    totalAmount = Money(source="total_amount", currency=order_currency)
    payments = Payment(many=True)
    payable = serializers.BooleanField()
    paidAmount = Money(source="paid_amount", currency=order_currency)
    serviceChargeAmount = Money(source="service_charge", currency=order_currency)
    reference = TextField()
    tipsAmount = Money(source="tips_amount", currency=order_currency)
    details = OrderDetails()
    displayName = TextField(source="display_name")


class PagedOrdersResponse(PagedResponse):
    data = Order(many=True, source="items")


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
    tableId = FilterIdField("table", required=False)
    waiterId = FilterIdField("waiter", required=False)
    partyId = FilterIdField("party", required=False)
    reservationId = FilterIdField("reservation", required=False)


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

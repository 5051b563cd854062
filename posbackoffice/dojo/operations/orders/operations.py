"""GetOrderById, SearchOrders, CreateOrder, CancelOrderById, CreateOrderLock, ExtendOrderLock,
DeleteOrderLock, GetOrderBillById, RecordOrderPaymentById."""
import datetime as dt

from floorplan.models import Venue
from orders import selectors, services

from ...cursor import PK, KeyField, Keyset
from ..base import operation, path_id, path_param, validated
from .bill import OrderBill
from .schemas import (
    CreateOrderLockRequest,
    CreateOrderRequest,
    ExtendOrderLockRequest,
    ExtendOrderLockResponse,
    Order,
    PagedOrdersResponse,
    PaymentWithLockId,
    SearchOrdersRequest,
)
from .specs import order_spec, payment_spec

CREATED_AT = KeyField("created_at", dump=dt.datetime.isoformat, load=dt.datetime.fromisoformat)
ORDERS = Keyset(scope="orders", fields=[CREATED_AT, PK])


def _order_id(params: dict) -> int:
    return path_id(params, "orderId", "order")


def _lock_id(params: dict) -> str:
    return path_param(params, "lockId", max_length=255)


@operation("GetOrderById", response=Order(), reads_venue=False)
def get_order(venue: Venue, params: dict) -> dict:
    return Order(selectors.order_get(venue=venue, order_id=_order_id(params))).data


@operation("SearchOrders", body=SearchOrdersRequest, response=PagedOrdersResponse(), reads_venue=False)
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
    spec = order_spec(validated(CreateOrderRequest, params))
    return Order(services.order_create(venue=venue, spec=spec)).data


@operation("CancelOrderById", response=Order())
def cancel_order(venue: Venue, params: dict) -> dict:
    return Order(services.order_cancel(venue=venue, order_id=_order_id(params))).data


@operation("CreateOrderLock", body=CreateOrderLockRequest, response=Order())
def create_order_lock(venue: Venue, params: dict) -> dict:
    order_id = _order_id(params)
    data = validated(CreateOrderLockRequest, params)
    order = services.order_lock_create(venue=venue, order_id=order_id, lock_id=data["lockId"], expires_at=data["expiry"])
    return Order(order).data


@operation("ExtendOrderLock", body=ExtendOrderLockRequest, response=ExtendOrderLockResponse())
def extend_order_lock(venue: Venue, params: dict) -> dict:
    order_id, lock_id = _order_id(params), _lock_id(params)
    expiry = validated(ExtendOrderLockRequest, params)["expiry"]
    services.order_lock_extend(venue=venue, order_id=order_id, lock_id=lock_id, expires_at=expiry)
    return {}


@operation("DeleteOrderLock", response=Order())
def delete_order_lock(venue: Venue, params: dict) -> dict:
    order_id, lock_id = _order_id(params), _lock_id(params)
    return Order(services.order_lock_delete(venue=venue, order_id=order_id, lock_id=lock_id)).data


@operation("GetOrderBillById", response=OrderBill())
def get_order_bill(venue: Venue, params: dict) -> dict:
    return OrderBill(selectors.order_bill(venue=venue, order_id=_order_id(params))).data


@operation("RecordOrderPaymentById", body=PaymentWithLockId, response=Order())
def record_order_payment(venue: Venue, params: dict) -> dict:
    order_id = _order_id(params)
    data = validated(PaymentWithLockId, params)
    order = services.order_record_payment(
        venue=venue, order_id=order_id, payment=payment_spec(data), lock_id=data.get("lockId", "")
    )
    return Order(order).data

"""Reading orders: one venue at a time, with everything an order's representation needs
fetched in a fixed number of queries however many orders a page holds."""
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Sum

from bookings.models import Party
from floorplan.models import Venue
from posbackoffice.kernel.errors import NotFound
from posbackoffice.kernel.queries import Param, PreparedRead, RowList
from posbackoffice.kernel.rows import rows_known

from .amounts import OrderAmounts, PaymentAmounts, derive_amounts, line_total
from .bills import Bill, ShareState, StaffBill, bill_for
from .models import (
    CLOSED_STATUSES,
    CorrectionGrant,
    Order,
    OrderDiscount,
    OrderItem,
    OrderItemModifier,
    OrderPayment,
    OrderShare,
    OrderStatus,
    OrderTaxLine,
    Product,
)


def order_queryset(*, venue: Venue) -> QuerySet[Order]:
    """The venue's orders with their lines (and their modifiers and sub-items), discounts,
    tax lines and payments prefetched, a query for each kind of row however many orders
    there are. Top-level lines land in `order.lines`. One order is `order_get`."""
    return _orders(venue).prefetch_related(*_order_rows())


def _orders(venue: Venue) -> QuerySet[Order]:
    return Order.objects.filter(venue=venue).select_related("venue", "table", "waiter", "party", "reservation")


def _order_rows() -> list:
    lines = (
        OrderItem.objects.filter(parent=None)
        .prefetch_related("modifiers", Prefetch("sub_items", queryset=OrderItem.objects.prefetch_related("modifiers")))
    )
    return [Prefetch("items", queryset=lines, to_attr="lines"), "discounts", "tax_lines", "payments"]


def order_get(*, venue: Venue, order_id: int, lock: bool = False) -> Order:
    """The venue's order with all its rows, as `order_queryset` gives it (its shares too), in
    two queries. With `lock`, its row is locked until the transaction ends, and its rows
    are read after the lock: as the last change to the order left them, and they stay so."""
    order = _first_with_rows(_orders(venue).filter(pk=order_id), lock=lock)
    if order is None:
        raise NotFound(f"There is no order {order_id} in this venue.")
    return order


def party_open_order(*, party: Party, lock: bool = False) -> Order | None:
    """The party's newest open order with all its rows, if it has one. With `lock`, as for
    `order_get`; an order closed by a payment while the lock waited for it is passed over
    (PostgreSQL checks a row again once its lock is granted), for the next open one, if any."""
    orders = _orders(party.venue).filter(party=party).exclude(status__in=CLOSED_STATUSES)
    return _first_with_rows(orders.order_by("-created_at", "-pk"), lock=lock)


def _first_with_rows(orders: QuerySet[Order], *, lock: bool) -> Order | None:
    if lock:
        orders = orders.select_for_update(of=("self",))
    order = orders.first()
    return order and order_rows_read(order)


def order_rows_read(order: Order) -> Order:
    """Give the order all its rows, read in one query, unless a service that locked the
    order has them already (`order.lines`): its lines (their modifiers and sub-items),
    discounts, tax lines, shares and payments, each row holding what it belongs to, as a
    prefetch leaves them."""
    if hasattr(order, "lines"):
        return order
    items, modifiers, discounts, tax_lines, shares, payments = _ORDER_ROWS.first(order_id=order.pk)
    modifiers_of, sub_items_of, payments_of = (
        _grouped(modifiers, "item_id"), _grouped(items, "parent_id"), _grouped(payments, "share_id"),
    )
    for item in items:
        item.order = order
        rows_known(item, "modifiers", modifiers_of.get(item.pk, []))
        rows_known(item, "sub_items", sub_items_of.get(item.pk, []))
    for share in shares:
        rows_known(share, "payments", payments_of.get(share.pk, []))
    order.lines = sub_items_of.get(None, [])
    for related_name, rows in (("discounts", discounts), ("tax_lines", tax_lines), ("shares", shares), ("payments", payments)):
        rows_known(order, related_name, rows)
    return order


def _grouped(rows: list, attname: str) -> dict:
    grouped = {}
    for row in rows:
        grouped.setdefault(getattr(row, attname), []).append(row)
    return grouped


def _order_rows_query() -> QuerySet:
    def of_order(model, *ordering, through: str = "order"):
        return RowList(model.objects.filter(**{through: OuterRef("pk")}).order_by(*ordering))

    # Named apart from the order's relations (`items`...), which an annotation may not shadow.
    return Order.objects.filter(pk=Param("order_id", models.IntegerField())).values(
        item_rows=of_order(OrderItem, "position", "pk"),
        modifier_rows=of_order(OrderItemModifier, "pk", through="item__order"),
        discount_rows=of_order(OrderDiscount, "pk"),
        tax_line_rows=of_order(OrderTaxLine, "pk"),
        share_rows=of_order(OrderShare, "position", "pk"),
        payment_rows=of_order(OrderPayment, "created_at", "pk"),
    )


_ORDER_ROWS = PreparedRead(_order_rows_query)


def order_search(
    *,
    venue: Venue,
    table_id: int | None = None,
    waiter_id: int | None = None,
    party_id: int | None = None,
    reservation_id: int | None = None,
    payable_only: bool = False,
) -> QuerySet[Order]:
    """The venue's orders matching every filter given, oldest first. An ID that names nothing
    matches nothing."""
    orders = order_queryset(venue=venue)
    for field, pk in (
        ("table_id", table_id), ("waiter_id", waiter_id), ("party_id", party_id), ("reservation_id", reservation_id)
    ):
        if pk is not None:
            orders = orders.filter(**{field: pk})
    if payable_only:
        orders = orders.filter(payable=True)
    return orders.order_by("created_at", "pk")


def order_amounts(*, order: Order) -> OrderAmounts:
    """The order's amounts derived from its rows (as opposed to the stored copies)."""
    lines = order.lines if hasattr(order, "lines") else OrderItem.objects.filter(order=order, parent=None)
    return derive_amounts(
        lines=[line.priced() for line in lines],
        discounts=[discount.amount for discount in order.discounts.all()],
        taxes=[tax_line.amount for tax_line in order.tax_lines.all()],
        taxes_included=order.taxes_included,
        service_charge=order.service_charge,
        payments=[PaymentAmounts(paid=p.paid_amount, tips=p.tips_amount) for p in order.payments.all()],
        status=order.status,
    )


def product_menu(*, venue: Venue) -> QuerySet[Product]:
    """The venue's products on sale, with their modifiers, as staff pick from them."""
    return Product.objects.filter(venue=venue, is_active=True).prefetch_related("modifiers")


@dataclass(frozen=True)
class PartyBill:
    """What a seated party's open orders come to, in minor units of the venue's currency."""

    total: int
    paid: int

    @property
    def outstanding(self) -> int:
        return max(self.total - self.paid, 0)


# An order open for a party still seated: its bill shows on the party's tables.
_OPEN_FOR_SEATED_PARTY = Q(party__isnull=False, party__end_time__isnull=True) & ~Q(status__in=CLOSED_STATUSES)
# A dine-in order with money left to pay whose party has left (or was removed): a bill a
# manager follows up until it is paid or written off.
_UNSETTLED = Q(order_type=Order.Type.DINE_IN, payable=True) & (Q(party__isnull=True) | Q(party__end_time__isnull=False))


def order_outstanding_by_party(*, venue: Venue) -> dict[int, PartyBill]:
    """For the floor: each seated party's open orders summed, keyed by party pk, in one
    query. A party that has left is absent, so its bill never shows at its old tables."""
    rows = (
        Order.objects.filter(_OPEN_FOR_SEATED_PARTY, venue=venue)
        .values("party_id")
        .annotate(total=Sum("total_amount"), paid=Sum("paid_amount"))
        .order_by()
    )
    return {row["party_id"]: PartyBill(total=row["total"], paid=row["paid"]) for row in rows}


@dataclass(frozen=True)
class FloorBills:
    """What the live floor shows of the venue's bills: each seated party's open orders
    summed (`order_outstanding_by_party`), and how many bills are unsettled (`orders_unsettled`)."""

    by_party: dict[int, PartyBill]
    unsettled_count: int


def floor_bills(*, venue: Venue) -> FloorBills:
    """The floor's bills in one query compiled once: the orders of either kind (no order is
    both: one needs its party seated, the other gone), grouped by party, each kind summed apart."""
    by_party, unsettled_count = {}, 0
    for party_id, total, paid, unsettled in _FLOOR_BILLS.rows(venue_id=venue.pk):
        if total is not None:
            by_party[party_id] = PartyBill(total=total, paid=paid)
        unsettled_count += unsettled
    return FloorBills(by_party=by_party, unsettled_count=unsettled_count)


_FLOOR_BILLS = PreparedRead(
    lambda: Order.objects.filter(_OPEN_FOR_SEATED_PARTY | _UNSETTLED, venue_id=Param("venue_id", models.IntegerField()))
    .values("party_id")
    .annotate(
        total=Sum("total_amount", filter=_OPEN_FOR_SEATED_PARTY),
        paid=Sum("paid_amount", filter=_OPEN_FOR_SEATED_PARTY),
        unsettled=Count("pk", filter=_UNSETTLED),
    )
    .order_by()
)


def party_bills(*, party: Party) -> list[StaffBill]:
    """The bills of the party's orders as its table dialog lists them: open ones and those
    settled, oldest first; cancelled and failed orders are left out."""
    orders = order_queryset(venue=party.venue).filter(party=party)
    return _staff_bills(orders.exclude(status__in=[OrderStatus.CANCELED, OrderStatus.FAILED]))


def order_staff_bill(*, venue: Venue, order_id: int) -> StaffBill:
    """One order's bill as staff see and print it."""
    bills = _staff_bills(order_queryset(venue=venue).filter(pk=order_id))
    if not bills:
        raise NotFound(f"There is no order {order_id} in this venue.")
    return bills[0]


def _staff_bills(orders: QuerySet[Order]) -> list[StaffBill]:
    shares = OrderShare.objects.prefetch_related("payments", Prefetch("items", queryset=OrderItem.objects.order_by("position")))
    orders = orders.prefetch_related("voids", Prefetch("shares", queryset=shares)).order_by("created_at", "pk")
    return [
        StaffBill(
            bill=bill_for(order),
            lines=tuple((line, line_total(line.priced())) for line in order.lines),
            voids=tuple(order.voids.all()),
            amounts=order_amounts(order=order),
            shares=tuple(
                ShareState(share=share, paid=sum(p.paid_amount for p in share.payments.all()),
                           item_names=tuple(item.name for item in share.items.all()))
                for share in order.shares.all()
            ),
        )
        for order in orders
    ]


def orders_unsettled(*, venue: Venue) -> QuerySet[Order]:
    """Dine-in orders with money left to pay whose party has left (or was removed): the
    bills a manager follows up until they are paid or written off."""
    return (
        Order.objects.filter(_UNSETTLED, venue=venue)
        .select_related("party", "table", "waiter")
        .order_by("created_at", "pk")
    )


def staff_may_correct(*, venue: Venue, user_id: int) -> bool:
    """Whether the user may void items, give discounts and write off bills at the venue: a
    manager has allowed them (`CorrectionGrant`), or they are a superuser."""
    if CorrectionGrant.objects.filter(venue=venue, user_id=user_id).exists():
        return True
    return get_user_model().objects.filter(pk=user_id, is_active=True, is_superuser=True).exists()


def order_bill(*, venue: Venue, order_id: int) -> Bill:
    """The printable bill of an order: header, the order itself, footer."""
    return bill_for(order_get(venue=venue, order_id=order_id))

"""What staff do to orders on the floor: open a party's order, add items from the menu (to
an order, or to a party's order opened as needed), move an order along its statuses, cancel it."""
from collections.abc import Sequence

from django.db import transaction

from bookings.models import Party
from floorplan.models import Venue, Waiter
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord
from posbackoffice.kernel.rows import rows_known

from ..models import Order, OrderItem, OrderItemModifier, OrderStatus, Product, ProductModifier
from ..selectors import order_get, party_open_order
from ..values import Money
from .pricing import reprice
from .splits import split_clear
from .steps import (
    checked_quantity,
    label,
    locked_order,
    move,
    record_change,
    refresh,
    refuse_pos_edit_while_locked,
    store_amounts,
)


def order_open_for_party(*, party: Party, waiter: Waiter | None = None) -> Order:
    """The seated party's open order, opened now (at its first table) if it has none."""
    with transaction.atomic():
        order, opened = _open_order(_locked_party(venue=party.venue, party_id=party.pk), waiter=waiter)
        if opened:
            order.save(update_fields=["reference"])
    return order_get(venue=party.venue, order_id=order.pk)


def order_add_item_for_party(
    *,
    venue: Venue,
    party_id: int,
    product: Product,
    quantity: int = 1,
    modifiers: Sequence[ProductModifier] = (),
    note: str = "",
) -> Order:
    """Staff add a product to a seated party's open order, opening the order first if the
    party has none. One transaction: an item refused leaves no empty order behind."""
    _check_item(venue=venue, product=product, quantity=quantity, modifiers=modifiers)
    with transaction.atomic():
        order, opened = _open_order(_locked_party(venue=venue, party_id=party_id))
        return _add_item(order, product, quantity, modifiers, note, save_also=["reference"] if opened else [])


def _locked_party(*, venue: Venue, party_id: int) -> Party:
    parties = Party.objects.select_for_update(of=("self",)).select_related("venue")
    party = parties.filter(venue=venue, pk=party_id).first()
    if party is None:
        raise NotFound(f"No party {party_id} in this venue.")
    return party


def _open_order(party: Party, *, waiter: Waiter | None = None) -> tuple[Order, bool]:
    """The locked party's open order, locked with its rows, and whether it was opened now
    (it had none). A new order has no rows and its stored amounts are its defaults (nothing
    to pay); its reference, its ID, is set but left for the caller's save."""
    if not party.is_active:
        raise Conflict(f"{party} has left; their orders are closed.")
    if existing := party_open_order(party=party, lock=True):
        return existing, False
    seat = party.party_tables.filter(is_active=True).select_related("table").order_by("pk").first()
    table = seat.table if seat else None
    order = Order.objects.create(
        venue=party.venue, order_type=Order.Type.DINE_IN, party=party, table=table,
        waiter=waiter or party.waiter, reservation=party.reservation, currency=party.venue.currency,
        display_name=party.name or (f"Table {table.name}" if table else ""),
    )
    order.reference, order.lines = str(order.pk), []
    for related_name in ("discounts", "tax_lines", "shares", "payments"):
        rows_known(order, related_name, [])
    record_change(order, ChangeRecord.Action.CREATED)
    return order, True


def order_add_item(
    *,
    venue: Venue,
    order_id: int,
    product: Product,
    quantity: int = 1,
    modifiers: Sequence[ProductModifier] = (),
    note: str = "",
) -> Order:
    """Staff add a product of the catalogue (with some of its modifiers) to an open order."""
    _check_item(venue=venue, product=product, quantity=quantity, modifiers=modifiers)
    with transaction.atomic():
        return _add_item(order_get(venue=venue, order_id=order_id, lock=True), product, quantity, modifiers, note)


def _check_item(*, venue: Venue, product: Product, quantity: int, modifiers: Sequence[ProductModifier]) -> None:
    if product.venue_id != venue.pk or not product.is_active:
        raise InvalidInput(f"{product} is not on this venue's menu.")
    if any(modifier.product_id != product.pk for modifier in modifiers):
        raise InvalidInput(f"Only {product.name}'s own modifiers can be added to it.")
    checked_quantity(quantity, what=product.name)


def _add_item(
    order: Order,
    product: Product,
    quantity: int,
    modifiers: Sequence[ProductModifier],
    note: str,
    *,
    save_also: Sequence[str] = (),
) -> Order:
    """Add the checked item to the order, locked with its rows, with the tax its price
    includes; its amounts follow from the rows it holds, and are stored with the fields
    named in `save_also`. The order's split, if it had one, no longer adds up: its unpaid
    shares go."""
    refuse_pos_edit_while_locked(order)
    if order.is_closed:
        raise Conflict(f"{label(order)} is {order.status}; open a new order for more items.")
    if not order.taxes_included:
        raise Conflict(f"{label(order)} lists prices before tax; add items to it where it was created.")
    last = max((line.position for line in order.lines), default=None)
    item = OrderItem.objects.create(
        order=order, plu=product.plu, name=product.name, quantity=quantity, amount_per_item=product.price,
        note=note, position=0 if last is None else last + 1, tax_rate=product.tax_rate,
    )
    rows_known(item, "modifiers", OrderItemModifier.objects.bulk_create(
        OrderItemModifier(item=item, plu=m.plu, name=m.name, quantity=1, amount=m.price) for m in modifiers
    ))
    rows_known(item, "sub_items", [])
    order.lines.append(item)
    if split_clear(order):
        order = order_get(venue=order.venue, order_id=order.pk)  # its items and payments left their shares
    reprice(order)
    order = store_amounts(order, also=save_also)
    record_change(order, ChangeRecord.Action.UPDATED)
    return order


def order_set_status(*, venue: Venue, order_id: int, status: str) -> Order:
    """Move an order along its allowed transitions (see `models.ALLOWED_TRANSITIONS`)."""
    with transaction.atomic():
        order = locked_order(venue=venue, order_id=order_id)
        refuse_pos_edit_while_locked(order)
        if status == OrderStatus.CANCELED:
            _refuse_cancelling_paid(order)
        move(order, status)
        order = refresh(order)
        record_change(order, ChangeRecord.Action.UPDATED)
    return order


def _refuse_cancelling_paid(order: Order) -> None:
    if order.paid_amount:
        paid = Money(order.paid_amount, order.currency)
        raise Conflict(f"{label(order)} has {paid} of payments on it; refund them before cancelling it.")


def order_cancel(*, venue: Venue, order_id: int) -> Order:
    """Cancel an order that has taken no payment. Cancelling it again changes nothing."""
    with transaction.atomic():
        order = locked_order(venue=venue, order_id=order_id)
        if order.status == OrderStatus.CANCELED:
            return order_get(venue=venue, order_id=order.pk)
        refuse_pos_edit_while_locked(order)
        _refuse_cancelling_paid(order)
        move(order, OrderStatus.CANCELED)
        order.lock_id, order.lock_expires_at = "", None
        order.save(update_fields=["lock_id", "lock_expires_at"])
        order = refresh(order)
        record_change(order, ChangeRecord.Action.UPDATED)
    return order

"""Correcting an order: voiding items, applying a discount, writing off a bill the guests
left unpaid. Each needs a reason, and staff a manager has allowed to (`CorrectionGrant`).

On Dojo's wire a voided item is simply no longer among the order's `items` (they are what the
guests are charged for, and the total is derived from them), while the bill the staff see and
print lists it as voided. A discount is one of the order's `discounts`, named by its reason.
A write-off is a discount of what was left to pay ("Written off: …"), which settles the order:
it is then finalised, and its `paidAmount` is what the guests really paid.
"""
from django.db import transaction

from floorplan.models import Venue
from posbackoffice.kernel.actor import Source, current_actor
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotAllowed, NotFound
from posbackoffice.kernel.models import ChangeRecord

from ..amounts import PricedLine, line_total
from ..models import Order, OrderDiscount, OrderItem, OrderStatus, OrderVoid
from ..selectors import staff_may_correct
from ..values import DiscountRequest
from .pricing import reprice
from .splits import split_clear
from .steps import (
    acting_user_id,
    checked_reason,
    label,
    locked_order,
    minor_units,
    move,
    record_change,
    refresh,
    refuse_pos_edit_while_locked,
)


def order_void_item(*, venue: Venue, order_id: int, item_id: int, quantity: int, reason: str) -> Order:
    """Take `quantity` of one of the order's lines off the bill, keeping a record of it."""
    reason = checked_reason(reason, what="the item is voided")
    with transaction.atomic():
        order = _correctable(venue=venue, order_id=order_id)
        line = OrderItem.objects.filter(order=order, parent=None, pk=item_id).first()
        if line is None:
            raise NotFound(f"{label(order)} has no item {item_id}.")
        if not 1 <= quantity <= line.quantity:
            raise InvalidInput(f"{label(order)} has {line.quantity} × {line.name}: void from 1 to {line.quantity}.")
        _void(order, line, quantity=quantity, reason=reason)
        return _repriced(order)


def order_discount(*, venue: Venue, order_id: int, discount: DiscountRequest) -> Order:
    """Take an amount, or a percentage of the items, off the whole order."""
    reason = checked_reason(discount.reason, what="the discount is given")
    with transaction.atomic():
        order = _correctable(venue=venue, order_id=order_id)
        row = OrderDiscount(order=order, origin=OrderDiscount.Origin.STAFF, name=reason, created_by_id=acting_user_id())
        if (discount.amount is None) == (discount.percentage is None):
            raise InvalidInput("Give the discount as an amount or as a percentage.")
        if discount.percentage is not None:
            if not 1 <= discount.percentage <= 10000:
                raise InvalidInput("A percentage discount is between 0.01% and 100%.")
            row.percentage, row.amount = discount.percentage, 0  # worked out by `reprice`
        else:
            row.amount = minor_units(discount.amount, venue=venue, what="The discount")
            if not row.amount:
                raise InvalidInput("The discount must be more than zero.")
        row.save()
        row.reference = f"pos-discount-{row.pk}"
        row.save(update_fields=["reference"])
        return _repriced(order)


def order_write_off(*, venue: Venue, order_id: int, reason: str) -> Order:
    """Settle an order whose guests left without paying all of it: what was left to pay is
    written off, and the order is finalised. Not while the party is still seated."""
    reason = checked_reason(reason, what="the bill is written off")
    with transaction.atomic():
        order = _locked_open_order(venue=venue, order_id=order_id)
        if order.party is not None and order.party.is_active:
            raise Conflict(f"{order.party} is still seated: take their payment or give a discount instead.")
        left = order.total_amount - order.paid_amount
        if left <= 0:
            raise Conflict(f"{label(order)} has nothing left to pay.")
        OrderDiscount.objects.create(
            order=order, origin=OrderDiscount.Origin.WRITE_OFF, name=f"Written off: {reason}"[:200], amount=left,
            reference=f"pos-write-off-{order.pk}", created_by_id=acting_user_id(),
        )
        split_clear(order)
        reprice(order)
        order = refresh(order)
        move(order, OrderStatus.FINALIZED)
        order = refresh(order)
        record_change(order, ChangeRecord.Action.UPDATED)
        return order


def _refuse_unless_allowed(venue: Venue) -> None:
    actor = current_actor()
    if actor.source == Source.SYSTEM:
        return
    if actor.user_id is None or not staff_may_correct(venue=venue, user_id=actor.user_id):
        raise NotAllowed("Voids, discounts and write-offs need a manager's permission: ask a manager.")


def _locked_open_order(*, venue: Venue, order_id: int) -> Order:
    _refuse_unless_allowed(venue)
    order = locked_order(venue=venue, order_id=order_id)
    refuse_pos_edit_while_locked(order)
    if order.is_closed:
        raise Conflict(f"{label(order)} is {order.status}; it can no longer be changed.")
    return order


def _correctable(*, venue: Venue, order_id: int) -> Order:
    """The locked order, open, made on the POS, and the actor allowed to correct it."""
    order = _locked_open_order(venue=venue, order_id=order_id)
    if order.dojo_order_id:
        raise Conflict(f"{label(order)} was created on Dojo, with Dojo's prices and taxes: correct it there.")
    return order


def _void(order: Order, line: OrderItem, *, quantity: int, reason: str) -> None:
    priced = line.priced()
    one = line_total(PricedLine(1, priced.amount_per_item, priced.modifiers, priced.sub_lines))
    modifiers = ", ".join(modifier.name for modifier in line.modifiers.all())
    OrderVoid.objects.create(
        order=order, plu=line.plu, name=f"{line.name} + {modifiers}" if modifiers else line.name,
        quantity=quantity, amount=quantity * one, reason=reason, voided_by_id=acting_user_id(),
    )
    if quantity == line.quantity:
        line.delete()
    else:
        line.quantity -= quantity
        line.save(update_fields=["quantity"])


def _repriced(order: Order) -> Order:
    split_clear(order)
    reprice(order)
    order = refresh(order)
    record_change(order, ChangeRecord.Action.UPDATED)
    return order


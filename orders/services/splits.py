"""Splitting a bill between the guests: equally, or by what each of them had.

A split divides what is left to pay into shares, one per guest; each share is then paid on
its own (`payments.order_take_payment` with its `share_id`), in one payment or several. The
shares are the POS's own bookkeeping: Dojo sees the payments, not the split.

A share keeps what it was paid. Splitting again, or changing the order's items or discounts
(after which the shares no longer add up), drops the shares nothing was paid on and closes a
share paid in part at what it was paid; what is left to pay can then be split afresh.
"""
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max, prefetch_related_objects

from floorplan.models import Venue
from posbackoffice.kernel.errors import Conflict, InvalidInput
from posbackoffice.kernel.models import ChangeRecord

from ..amounts import allocate, line_total
from ..models import Order, OrderShare
from ..values import Money
from .steps import label, locked_order, record_change, refresh, refuse_pos_edit_while_locked

MAX_GUESTS = 50


def split_clear(order: Order) -> bool:
    """Drop the locked order's split: unpaid shares go (their items with them), a share
    paid in part keeps what it was paid. True when the order had a split."""
    shares = list(order.shares.all())
    prefetch_related_objects(shares, "payments")  # unless the order's rows were read with them
    for share in shares:
        paid = sum(payment.paid_amount for payment in share.payments.all())
        if paid == 0:
            share.delete()
        elif paid < share.amount:
            share.amount = paid
            share.save(update_fields=["amount"])
    return bool(shares)


def order_split_equally(*, venue: Venue, order_id: int, guests: int) -> Order:
    """Share what is left to pay on the order equally between `guests`; the first shares
    take the odd pennies."""
    _check_guests(guests)
    with transaction.atomic():
        order = _splittable(venue=venue, order_id=order_id)
        split_clear(order)
        left = order.total_amount - order.paid_amount
        if left < guests:
            raise Conflict(f"{Money(left, order.currency)} cannot be shared between {guests} guests.")
        _write_shares(order, allocate(left, [1] * guests))
        return _saved(order)


def order_split_by_items(*, venue: Venue, order_id: int, guests: int, items_of: Mapping[int, int]) -> Order:
    """Share the bill by what each guest had: `items_of` maps the primary key of each of
    the order's lines to the guest (1 to `guests`) who pays for it; lines nobody is given
    are shared equally. Discounts and service charge are shared in proportion to what each
    guest had. Only before anything is paid: afterwards, what is left is split equally."""
    _check_guests(guests)
    with transaction.atomic():
        order = _splittable(venue=venue, order_id=order_id)
        if order.paid_amount:
            raise Conflict(
                f"{Money(order.paid_amount, order.currency)} is already paid on {label(order)}: "
                "share what is left equally instead."
            )
        split_clear(order)
        lines = {line.pk: line for line in order.items.filter(parent=None).prefetch_related("modifiers", "sub_items")}
        amounts = allocate(order.total_amount, _weights(lines, items_of, guests))
        if 0 in amounts:
            raise InvalidInput(f"Guest {amounts.index(0) + 1} would have nothing to pay: split between fewer guests.")
        shares = _write_shares(order, amounts)
        for line_id, guest in items_of.items():
            line = lines[line_id]
            line.share = shares[guest - 1]
            line.save(update_fields=["share"])
        return _saved(order)


def _check_guests(guests: int) -> None:
    if not 2 <= guests <= MAX_GUESTS:
        raise InvalidInput(f"A bill is split between 2 and {MAX_GUESTS} guests, not {guests}.")


def _splittable(*, venue: Venue, order_id: int) -> Order:
    order = locked_order(venue=venue, order_id=order_id)
    refuse_pos_edit_while_locked(order)
    if order.is_closed:
        raise Conflict(f"{label(order)} is {order.status}; there is nothing to split.")
    return order


def _weights(lines: dict, items_of: Mapping[int, int], guests: int) -> list[int]:
    """Each guest's part of the bill, as `guests` × what they had + what was shared (whole
    numbers in the same proportion as their share)."""
    unknown = set(items_of) - set(lines)
    if unknown:
        raise InvalidInput(f"Item {min(unknown)} is not on this order.")
    if any(not 1 <= guest <= guests for guest in items_of.values()):
        raise InvalidInput(f"Give each item to a guest from 1 to {guests}.")
    prices = {pk: line_total(line.priced()) for pk, line in lines.items()}
    shared = sum(price for pk, price in prices.items() if pk not in items_of)
    weights = [shared] * guests
    for line_id, guest in items_of.items():
        weights[guest - 1] += guests * prices[line_id]
    if sum(weights) == 0:
        raise Conflict("There is nothing on the order to split.")
    if empty := [str(guest) for guest, weight in enumerate(weights, start=1) if weight == 0]:
        raise InvalidInput(f"Guest {', '.join(empty)} would have nothing to pay: split between fewer guests.")
    return weights


def _write_shares(order: Order, amounts: list[int]) -> list[OrderShare]:
    last = order.shares.aggregate(last=Max("position"))["last"] or 0
    return [
        OrderShare.objects.create(order=order, position=last + n, amount=amount)
        for n, amount in enumerate(amounts, start=1)
    ]


def _saved(order: Order) -> Order:
    order = refresh(order)
    record_change(order, ChangeRecord.Action.UPDATED)
    return order

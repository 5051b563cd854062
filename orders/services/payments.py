"""Payments: those Dojo takes (RecordOrderPaymentById) and those staff take at the table, in
cash or on the venue's own card terminal.

Both kinds are rows of the same table and reach Dojo the same way: as entries of the order's
`payments`, so that its `paidAmount` and `tipsAmount` add up and Dojo's pay at table asks the
guests only for what is really left. A staff payment's payment intent ID is made by the POS
(`pos-cash-…`, `pos-card-…`) from the key of the form it was taken on, so that it is recorded
once however many times the form is sent. The payment that completes an order finalises it.
"""
import re

from django.db import transaction

from floorplan.models import Venue
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord
from posbackoffice.kernel.rows import rows_known

from ..amounts import PaymentAmounts
from ..models import Order, OrderPayment, OrderShare, OrderStatus
from ..selectors import order_get
from ..values import Money, PaymentSpec, StaffPaymentSpec
from .steps import (
    acting_user_id,
    conflicting_lock,
    label,
    minor_units,
    moved,
    payment_amounts,
    record_change,
    refuse_pos_edit_while_locked,
    store_amounts,
)

IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
Method = OrderPayment.Method


def order_record_payment(*, venue: Venue, order_id: int, payment: PaymentSpec, lock_id: str = "") -> Order:
    """Record a payment taken by Dojo. The same payment intent is recorded once; a payment
    that would overpay the order, or pay a closed one, is refused (Dojo then refunds it)."""
    if not payment.payment_intent_id:
        raise InvalidInput("The payment intent ID must not be empty.")
    amounts = payment_amounts(payment, venue=venue)
    with transaction.atomic():
        order = order_get(venue=venue, order_id=order_id, lock=True)
        if _already_recorded(order, payment.payment_intent_id, amounts):
            return order
        held = order.active_lock_id()
        if held and lock_id and held != lock_id:
            raise conflicting_lock(order, held)
        _refuse_payment(order, paid=amounts.paid)
        recorded = OrderPayment.objects.create(order=order, payment_intent_id=payment.payment_intent_id,
                                               paid_amount=amounts.paid, tips_amount=amounts.tips)
        return _settled(order, recorded)


def order_take_payment(*, venue: Venue, order_id: int, payment: StaffPaymentSpec) -> OrderPayment:
    """Record a payment staff took, for the whole order or one guest's share. Refused while
    Dojo holds the order's lock (the guests are paying at the table). Returns the payment,
    whose `change_due` is the cash to hand back, with its order as it now stands."""
    intent = _staff_intent(payment)
    amounts = payment_amounts(PaymentSpec(intent, payment.amount, payment.tip), venue=venue)
    tendered = _tendered(payment, venue=venue, due=amounts.paid + amounts.tips)
    reference = _card_reference(payment)
    with transaction.atomic():
        order = order_get(venue=venue, order_id=order_id, lock=True)
        if recorded := _already_recorded(order, intent, amounts):
            recorded.order = order
            return recorded
        refuse_pos_edit_while_locked(order)
        _refuse_payment(order, paid=amounts.paid)
        share = _share(order, payment.share_id, paid=amounts.paid)
        recorded = OrderPayment.objects.create(
            order=order, payment_intent_id=intent, method=payment.method, paid_amount=amounts.paid,
            tips_amount=amounts.tips, tendered=tendered, card_reference=reference, share=share,
            taken_by_id=acting_user_id(),
        )
        recorded.order = _settled(order, recorded)
        return recorded


def _staff_intent(payment: StaffPaymentSpec) -> str:
    if payment.method not in (Method.CASH, Method.CARD):
        raise InvalidInput(f"Staff take payments in cash or by card, not {payment.method!r}.")
    if not IDEMPOTENCY_KEY.fullmatch(payment.idempotency_key or ""):
        raise InvalidInput("The payment form has expired: open the bill again.")
    return f"pos-{payment.method}-{payment.idempotency_key}"


def _tendered(payment: StaffPaymentSpec, *, venue: Venue, due: int) -> int | None:
    """Cash handed over, enough for the payment and its tip; exactly that when not said."""
    if payment.method != Method.CASH:
        if payment.tendered is not None:
            raise InvalidInput("Only cash is tendered.")
        return None
    if payment.tendered is None:
        return due
    tendered = minor_units(payment.tendered, venue=venue, what="The cash tendered")
    if tendered < due:
        raise InvalidInput(f"{Money(tendered, venue.currency)} tendered is less than the {Money(due, venue.currency)} due.")
    return tendered


def _card_reference(payment: StaffPaymentSpec) -> str:
    reference = payment.card_reference.strip()
    if payment.method == Method.CARD and not reference:
        raise InvalidInput("Enter the reference the card terminal printed.")
    if payment.method == Method.CASH and reference:
        raise InvalidInput("A cash payment has no card reference.")
    if len(reference) > 64:
        raise InvalidInput("The card reference is at most 64 characters.")
    return reference


def _already_recorded(order: Order, intent: str, amounts: PaymentAmounts) -> OrderPayment | None:
    """The payment recorded before under the same intent (among the payments the locked
    order holds); the same intent with other amounts is a Conflict."""
    recorded = next((paid for paid in order.payments.all() if paid.payment_intent_id == intent), None)
    if recorded and (recorded.paid_amount, recorded.tips_amount) != (amounts.paid, amounts.tips):
        raise Conflict(f"Payment {intent} is already recorded with other amounts.")
    return recorded


def _refuse_payment(order: Order, *, paid: int) -> None:
    if order.status == OrderStatus.FINALIZED:
        raise Conflict(f"{label(order)} is already paid in full.")
    if order.is_closed:
        raise Conflict(f"{label(order)} is {order.status}; it cannot take payments.")
    outstanding = order.total_amount - order.paid_amount
    if paid > outstanding:
        raise Conflict(
            f"The payment of {Money(paid, order.currency)} is more than the "
            f"{Money(outstanding, order.currency)} left to pay on {label(order)}."
        )


def _share(order: Order, share_id: int | None, *, paid: int) -> OrderShare | None:
    if share_id is None:
        return None
    share = order.shares.filter(pk=share_id).first()
    if share is None:
        raise NotFound(f"{label(order)} has no share {share_id}: the bill has been split again.")
    left = share.amount - sum(share.payments.values_list("paid_amount", flat=True))
    if paid > left:
        raise Conflict(f"The payment of {Money(paid, order.currency)} is more than the "
                       f"{Money(left, order.currency)} left on guest {share.position}'s share.")
    return share


def _settled(order: Order, recorded: OrderPayment) -> Order:
    """Store the amounts of the order, locked with its rows, after the payment `recorded`;
    finalise it once paid in full (the stored amounts of the locked row tell), in the same
    UPDATE."""
    rows_known(order, "payments", [*order.payments.all(), recorded])
    finalised = order.paid_amount + recorded.paid_amount == order.total_amount
    if finalised:
        moved(order, OrderStatus.FINALIZED)
    order = store_amounts(order, also=["status"] if finalised else [])
    record_change(order, ChangeRecord.Action.UPDATED)
    return order

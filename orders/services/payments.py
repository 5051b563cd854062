"""Recording the payments Dojo takes (RecordOrderPaymentById)."""
from django.db import transaction

from floorplan.models import Venue
from posbackoffice.kernel.errors import Conflict, InvalidInput
from posbackoffice.kernel.models import ChangeRecord

from ..models import Order, OrderPayment, OrderStatus
from ..selectors import order_get
from ..values import Money, PaymentSpec
from .steps import conflicting_lock, label, locked_order, move, payment_amounts, record_change, refresh


def _refuse_payment(order: Order, *, paid: int, lock_id: str) -> None:
    held = order.active_lock_id()
    if held and lock_id and held != lock_id:
        raise conflicting_lock(order, held)
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


def order_record_payment(*, venue: Venue, order_id: int, payment: PaymentSpec, lock_id: str = "") -> Order:
    """Record a payment taken by Dojo. The same payment intent is recorded once; a payment
    that would overpay the order, or pay a closed one, is refused (Dojo then refunds it).
    The payment that completes the order finalises it."""
    if not payment.payment_intent_id:
        raise InvalidInput("The payment intent ID must not be empty.")
    amounts = payment_amounts(payment, venue=venue)
    with transaction.atomic():
        order = locked_order(venue=venue, order_id=order_id)
        if recorded := order.payments.filter(payment_intent_id=payment.payment_intent_id).first():
            if (recorded.paid_amount, recorded.tips_amount) != (amounts.paid, amounts.tips):
                raise Conflict(f"Payment {payment.payment_intent_id} is already recorded with other amounts.")
            return order_get(venue=venue, order_id=order.pk)
        _refuse_payment(order, paid=amounts.paid, lock_id=lock_id)
        OrderPayment.objects.create(order=order, payment_intent_id=payment.payment_intent_id,
                                    paid_amount=amounts.paid, tips_amount=amounts.tips)
        if order.paid_amount + amounts.paid == order.total_amount:  # the stored amounts of the locked row
            move(order, OrderStatus.FINALIZED)
        order = refresh(order)
        record_change(order, ChangeRecord.Action.UPDATED)
    return order

"""Payments staff take at the table: cash with what was tendered, card on the venue's own
terminal with its reference, tips, part payments and mixes; each recorded once."""
import datetime as dt

import pytest
from django.utils import timezone

from orders import services
from orders.models import Order, OrderPayment, OrderStatus
from orders.values import PaymentSpec, StaffPaymentSpec
from posbackoffice.kernel.errors import Conflict, InvalidInput
from posbackoffice.kernel.models import ChangeRecord

from .factories import dojo_order, gbp

pytestmark = pytest.mark.django_db

KEY = "0123456789abcdef"


def cash(amount, *, key=KEY, tendered=None, tip=None, **fields) -> StaffPaymentSpec:
    return StaffPaymentSpec(method="cash", amount=gbp(amount), idempotency_key=key,
                            tendered=gbp(tendered) if tendered is not None else None,
                            tip=gbp(tip) if tip is not None else None, **fields)


def card(amount, *, key=KEY, reference="A1B2C3", tip=None, **fields) -> StaffPaymentSpec:
    return StaffPaymentSpec(method="card", amount=gbp(amount), idempotency_key=key, card_reference=reference,
                            tip=gbp(tip) if tip is not None else None, **fields)


def take(venue, order, spec):
    return services.order_take_payment(venue=venue, order_id=order.pk, payment=spec)


def unchanged(order) -> bool:
    fresh = Order.objects.get(pk=order.pk)
    return (fresh.paid_amount, fresh.status, fresh.payments.count()) == (order.paid_amount, order.status,
                                                                          order.payments.count())


def test_cash_with_change_pays_the_bill_and_finalises_it(venue, tab, staff_member):
    payment = take(venue, tab, cash(3600, tendered=4000))

    assert (payment.method, payment.paid_amount, payment.tendered, payment.change_due) == ("cash", 3600, 4000, 400)
    assert payment.payment_intent_id == f"pos-cash-{KEY}"
    assert payment.taken_by == staff_member
    assert (payment.order.status, payment.order.paid_amount, payment.order.payable) == ("Finalized", 3600, False)
    assert ChangeRecord.objects.filter(entity="order", entity_id=tab.pk, action="updated", user=staff_member).exists()


def test_cash_without_a_tendered_amount_is_exact(venue, tab, staff_member):
    payment = take(venue, tab, cash(1000, tip=200))

    assert (payment.tendered, payment.change_due, payment.tips_amount) == (1200, 0, 200)


def test_a_tip_is_recorded_beside_the_payment_not_in_it(venue, tab, staff_member):
    order = take(venue, tab, card(3600, tip=500)).order

    assert (order.total_amount, order.paid_amount, order.tips_amount, order.status) == (3600, 3600, 500, "Finalized")


def test_part_payments_in_cash_and_by_card_settle_the_bill_together(venue, tab, staff_member):
    first = take(venue, tab, cash(1000, key="k" * 16)).order
    assert (first.status, first.paid_amount, first.payable) == ("New", 1000, True)

    last = take(venue, tab, card(2600, key="c" * 16, reference="0042")).order

    assert last.status == OrderStatus.FINALIZED
    assert [(p.method, p.paid_amount, p.card_reference) for p in last.payments.all()] == [
        ("cash", 1000, ""), ("card", 2600, "0042")]


def test_the_same_form_sent_twice_records_one_payment(venue, tab, staff_member):
    first = take(venue, tab, cash(1000, tendered=2000))

    again = take(venue, tab, cash(1000, tendered=2000))

    assert again.pk == first.pk
    assert OrderPayment.objects.filter(order=tab).count() == 1
    assert again.order.paid_amount == 1000


def test_the_same_key_with_other_amounts_is_refused(venue, tab, staff_member):
    take(venue, tab, cash(1000))

    with pytest.raises(Conflict, match="already recorded with other amounts"):
        take(venue, tab, cash(1500))

    assert Order.objects.get(pk=tab.pk).paid_amount == 1000


@pytest.mark.parametrize(("spec", "error", "message"), [
    (cash(3601), Conflict, "more than the £36.00 left to pay"),
    (cash(1000, tendered=500), InvalidInput, "£5.00 tendered is less than the £10.00 due"),
    (card(1000, reference=" "), InvalidInput, "reference the card terminal printed"),
    (StaffPaymentSpec(method="card", amount=gbp(1000), idempotency_key=KEY, card_reference="1",
                      tendered=gbp(2000)), InvalidInput, "Only cash is tendered"),
    (StaffPaymentSpec(method="cash", amount=gbp(1000), idempotency_key=KEY, card_reference="1"), InvalidInput,
     "no card reference"),
    (StaffPaymentSpec(method="cheque", amount=gbp(1000), idempotency_key=KEY), InvalidInput, "cash or by card"),
    (cash(1000, key="short"), InvalidInput, "form has expired"),
    (cash(0), InvalidInput, "more than zero"),
], ids=["overpaying", "too little cash", "card without reference", "tendered card", "cash with reference",
        "cheque", "bad key", "nothing"])
def test_a_payment_the_rules_refuse_writes_nothing(venue, tab, staff_member, spec, error, message):
    with pytest.raises(error, match=message):
        take(venue, tab, spec)

    assert unchanged(tab)


def test_a_closed_order_takes_no_payment(venue, tab, staff_member):
    take(venue, tab, cash(3600))
    paid = Order.objects.get(pk=tab.pk)

    with pytest.raises(Conflict, match="already paid in full"):
        take(venue, paid, cash(100, key="another-key-1"))

    assert unchanged(paid)


def test_staff_cannot_take_a_payment_while_dojo_holds_the_lock(venue, tab, staff_member):
    until = timezone.now() + dt.timedelta(minutes=3)
    services.order_lock_create(venue=venue, order_id=tab.pk, lock_id="lock-7", expires_at=until)

    with pytest.raises(Conflict, match=r"being paid on a Dojo terminal \(lock lock-7 until \d\d:\d\d:\d\d UTC\)"):
        take(venue, tab, cash(1000))

    assert not OrderPayment.objects.exists()


def test_an_expired_lock_no_longer_stops_staff(venue, tab, staff_member):
    Order.objects.filter(pk=tab.pk).update(lock_id="old", lock_expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert take(venue, tab, cash(1000)).order.paid_amount == 1000


def test_staff_payments_and_dojos_share_the_bill(venue, tables, party, staff_member):
    order = services.order_create(venue=venue, spec=dojo_order(table=tables[0], party=party))
    services.order_record_payment(venue=venue, order_id=order.pk,
                                  payment=PaymentSpec("pi_dojo", gbp(1500)))

    with pytest.raises(Conflict, match="£5.00 left to pay"):
        take(venue, Order.objects.get(pk=order.pk), cash(1000))
    paid = take(venue, order, cash(500)).order

    assert [(p.method, p.payment_intent_id) for p in paid.payments.all()] == [("dojo", "pi_dojo"),
                                                                            ("cash", f"pos-cash-{KEY}")]
    assert paid.status == "Finalized"

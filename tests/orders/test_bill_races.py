"""Races on one bill, on PostgreSQL: staff on two tablets paying it, a payment form sent
twice at once, and staff paying while Dojo's pay at table locks the order and pays.

The order's row lock queues the payments: each sees what the one before it recorded."""
import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from orders import services
from orders.models import Order, OrderPayment
from orders.values import PaymentSpec, StaffPaymentSpec
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import Conflict
from tests.factories import PartyFactory

from .factories import ProductFactory, gbp

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

STAFF, DOJO = Actor(source=Source.STAFF), Actor(source=Source.EPOS_API)


@pytest.fixture
def bill(venue, tables):
    party = PartyFactory(venue=venue, tables=[tables[0]])
    order = services.order_open_for_party(party=party)
    return services.order_add_item(venue=venue, order_id=order.pk, product=ProductFactory(venue=venue, price=4000))


def at_once(*calls) -> list[str]:
    """Run the calls in threads released together; each outcome is "done" or "refused: ..."."""
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            call()
            outcomes[index] = "done"
        except Conflict as refusal:
            outcomes[index] = f"refused: {refusal}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def staff_pays(venue, order, key, method="card"):
    spec = StaffPaymentSpec(method=method, amount=gbp(4000), idempotency_key=key,
                            card_reference="R" if method == "card" else "")

    def pay():
        with acting_as(STAFF):
            services.order_take_payment(venue=venue, order_id=order.pk, payment=spec)

    return pay


def test_two_staff_paying_the_same_bill_record_one_payment(venue, bill):
    outcomes = at_once(staff_pays(venue, bill, "tablet-one-key"), staff_pays(venue, bill, "tablet-two-key", "cash"))

    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["done", "refused"]
    assert any("already paid in full" in outcome for outcome in outcomes)
    assert OrderPayment.objects.filter(order=bill).count() == 1
    assert Order.objects.get(pk=bill.pk).status == "Finalized"


def test_a_payment_form_sent_twice_at_once_is_recorded_once(venue, bill):
    outcomes = at_once(staff_pays(venue, bill, "same-tap-key"), staff_pays(venue, bill, "same-tap-key"))

    assert outcomes == ["done", "done"]
    assert list(OrderPayment.objects.filter(order=bill).values_list("payment_intent_id", "paid_amount")) == [
        ("pos-card-same-tap-key", 4000)]


def test_staff_paying_while_dojo_pays_at_the_table_never_pays_twice(venue, bill):
    def dojo_pays():
        with acting_as(DOJO):
            expiry = timezone.now() + dt.timedelta(minutes=2)
            services.order_lock_create(venue=venue, order_id=bill.pk, lock_id="lock-pat", expires_at=expiry)
            services.order_record_payment(venue=venue, order_id=bill.pk, lock_id="lock-pat",
                                          payment=PaymentSpec("pi_table", gbp(4000)))

    outcomes = at_once(dojo_pays, staff_pays(venue, bill, "staff-at-table"))

    order = Order.objects.get(pk=bill.pk)
    assert (order.paid_amount, order.status) == (4000, "Finalized")
    assert OrderPayment.objects.filter(order=bill).count() == 1
    assert outcomes.count("done") == 1
    refusal = next(outcome for outcome in outcomes if outcome != "done")
    assert "being paid on a Dojo terminal" in refusal or "already paid in full" in refusal or "lock" in refusal

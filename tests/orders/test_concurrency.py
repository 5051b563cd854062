"""Two payments racing for the same order: the row lock lets only one of them overpay-check
at a time, so together they can never pay more than the order's total."""
import threading

import pytest
from django.db import connection

from orders import services
from orders.models import Order, OrderPayment
from posbackoffice.kernel.errors import Conflict

from .factories import dojo_order, payment


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_cannot_overpay(venue):
    # given an order of £20.00, and two terminals each about to take £12.00 for it
    order = services.order_create(venue=venue, spec=dojo_order())
    start = threading.Barrier(2)
    outcomes = []

    def pay(intent):
        try:
            start.wait()
            services.order_record_payment(venue=venue, order_id=order.pk, payment=payment(intent, 1200))
            outcomes.append("recorded")
        except Conflict:
            outcomes.append("refused")
        finally:
            connection.close()

    # when both pay at once
    threads = [threading.Thread(target=pay, args=(intent,)) for intent in ("pi_a", "pi_b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one payment is recorded, the other refused, and the order is not overpaid
    assert sorted(outcomes) == ["recorded", "refused"]
    assert OrderPayment.objects.filter(order=order).count() == 1
    assert Order.objects.get(pk=order.pk).paid_amount == 1200

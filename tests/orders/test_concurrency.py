"""Requests racing for the same order: retries of its creation all answer the one order
made, and payments taken at once never pay more than its total, as the row lock lets only
one of them check at a time. In every round."""
import pytest

from orders import services
from orders.models import Order, OrderPayment
from posbackoffice.kernel.errors import Conflict
from posbackoffice.kernel.models import ChangeRecord

from ..factories import VenueFactory
from ..races import ROUNDS, race
from .factories import dojo_order, payment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TERMINALS = 5
RETRIES = 8


def test_concurrent_payments_cannot_overpay():
    for round_ in range(ROUNDS):
        # given an order of £20.00, and five terminals each about to take £8.00 for it
        venue = VenueFactory(slug=f"pay-race-{round_}", currency="GBP")
        order = services.order_create(venue=venue, spec=dojo_order())

        # when they all pay at once
        results = race([
            lambda intent=f"pi_{n}": services.order_record_payment(
                venue=venue, order_id=order.pk, payment=payment(intent, 800)
            )
            for n in range(TERMINALS)
        ])

        # then two payments are recorded, the others refused, and the order is not overpaid
        assert sorted("refused" if isinstance(r, Conflict) else "recorded" for r in results) == (
            ["recorded"] * 2 + ["refused"] * (TERMINALS - 2)
        ), f"round {round_}"
        assert OrderPayment.objects.filter(order=order).count() == 2
        assert Order.objects.get(pk=order.pk).paid_amount == 1600


def test_concurrent_retries_of_an_order_create_all_answer_the_order_it_made():
    for round_ in range(ROUNDS):
        venue = VenueFactory(slug=f"retry-order-{round_}", currency="GBP")

        results = race([lambda: services.order_create(venue=venue, spec=dojo_order(dojo_order_id="dojo-ord-1"))] * RETRIES)

        order = Order.objects.get(venue=venue)
        assert [r.pk if isinstance(r, Order) else r for r in results] == [order.pk] * RETRIES, f"round {round_}"
        created = ChangeRecord.objects.filter(venue_id=venue.pk, entity="order", action=ChangeRecord.Action.CREATED)
        assert created.count() == 1

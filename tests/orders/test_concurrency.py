"""Requests racing for the same order: retries of its creation all answer the one order
made, and payments taken at once never pay more than its total, as the row lock lets only
one of them check at a time. In every round."""
import threading
import time

import pytest
from django.db import connection, transaction

from orders import services
from orders.models import Order, OrderPayment, OrderStatus
from posbackoffice.kernel.errors import Conflict
from posbackoffice.kernel.models import ChangeRecord

from ..factories import AreaFactory, PartyFactory, TableFactory, VenueFactory
from ..races import ROUNDS, race
from .factories import ProductFactory, dojo_order, payment

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


def test_an_item_added_while_a_payment_closes_the_order_goes_on_a_new_one():
    """The party's open order is found and locked in one statement: when its lock waited for
    a payment that closed the order, PostgreSQL checks the row again and passes it over."""
    venue = VenueFactory(slug="item-while-paid", currency="GBP")
    party = PartyFactory(venue=venue, tables=[TableFactory(area=AreaFactory(venue=venue))])
    burger = ProductFactory(venue=venue, price=1250)
    order = services.order_add_item_for_party(venue=venue, party_id=party.pk, product=burger)
    paid, added = threading.Event(), {}

    def pay_and_hold_the_lock():
        with transaction.atomic():
            services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_all", 1250))
            paid.set()
            wait_for_a_lock_wait()
        connection.close()

    def add_an_item():
        paid.wait()
        added["order"] = services.order_add_item_for_party(venue=venue, party_id=party.pk, product=burger)
        connection.close()

    threads = [threading.Thread(target=pay_and_hold_the_lock), threading.Thread(target=add_an_item)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    closed = Order.objects.get(pk=order.pk)
    assert (closed.status, closed.total_amount, closed.paid_amount, closed.items.count()) == (
        OrderStatus.FINALIZED, 1250, 1250, 1
    )
    assert added["order"].pk != order.pk
    assert [line.name for line in added["order"].lines] == [burger.name]


def wait_for_a_lock_wait(timeout: float = 10) -> None:
    """Until another session of the test database waits for a row lock (the activity is read
    afresh each time: within a transaction, PostgreSQL keeps the first reading)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("No session waited for the order's lock.")

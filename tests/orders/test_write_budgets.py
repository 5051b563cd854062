"""What the floor's and Dojo's writes cost in queries: the same whatever the venue's size,
within a budget. Counted inside the test's transaction, so each service's own transaction
shows as a SAVEPOINT and its RELEASE (two queries a real request does not make), for a
venue connected to Dojo (each change also writes its POS event) and a staff member acting.

Before this budget (the same counting): seating 18, moving 21, ending 13, adding an order
item 27 (43 for the first, which opens the order), recording a payment 15 (24 for the one
that finalises the order). Adding an item then grew by the bill on the floor: each addition
drops the order's split and works its discounts and VAT out again from its rows
(`orders.services.pricing.reprice`), 5 queries more (2 for the first, which has none).
Then each POS event became one statement (it took two, five for a new pending event) and
the floor's party services answer with the party they saved and its seats, read in one
query (not the whole party read again): seating 15 to 10, moving 19 to 16, ending 10 to 8,
adding an item 25 to 24 (36 to 30 for the first). Then the party services kept the seats
they read and wrote with the party (none read again for the answer; the seats a party leaves
deleted in one statement, reported by the party's save), and adding an item or recording a
payment read the order's rows once, after its lock, working its VAT and amounts out from
them and storing those (and a new status or reference) in one UPDATE: seating 10 to 9,
moving 16 to 12, adding an item 24 to 17 (30 to 14 for the first), recording a payment 14
to 12 (15 to 12 for the final one); ending a party stays at 8. Then an order's rows came in
one query (`orders.selectors.order_get`), its split with them, and a party's open order was
found and locked in one statement: adding an item 17 to 10 (14 to 13 for the first),
recording a payment 12 to 7 (the final one too). And the party services stopped reading
whether the tables are free before seating (the unique index refuses a taken table, and
only the refusal reads which), a move re-points the seats it leaves at the tables it takes
(one UPDATE instead of a DELETE and an INSERT), and ending frees the party's seats and
learns them in one UPDATE ... RETURNING (not read again for the answer): seating 9 to 8,
moving 12 to 10, ending 8 to 7. Then ending locked, ended and read the party in one
UPDATE ... RETURNING (`end_if_seated`, which sends the party's `post_save` itself): 7 to 6."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings import services as bookings
from orders import services as orders
from posbackoffice.kernel.actor import Actor, Source, acting_as

from ..factories import PartyFactory, ReservationFactory, TableFactory
from .factories import ProductFactory, dojo_order, payment

pytestmark = pytest.mark.usefixtures("embedded")

BUDGETS = {
    "seat": 8,
    "move": 10,
    "end": 6,
    "add an item": 10,
    "add the first item": 13,
    "record a payment": 7,
    "record the final payment": 7,
}


@pytest.fixture
def staff():
    with acting_as(Actor(source=Source.STAFF)):
        yield


def grow(venue, area, times: int) -> None:
    """More tables, bookings, seated and past parties and orders: what must not cost more."""
    for n in range(times):
        table = TableFactory(area=area)
        ReservationFactory(venue=venue, tables=[table], start_time=timezone.now() + dt.timedelta(minutes=30 + n))
        PartyFactory(venue=venue, tables=[table], end_time=timezone.now())
        seated = PartyFactory(venue=venue, tables=[TableFactory(area=area)])
        orders.order_add_item_for_party(venue=venue, party_id=seated.pk, product=ProductFactory(venue=venue))


def queries_of(write) -> int:
    with CaptureQueriesContext(connection) as queries:
        write()
    return len(queries)


def costs(venue, tables) -> dict[str, int]:
    """The queries of each write, on a table of `tables` and a party seated for it."""
    burger = ProductFactory(venue=venue)
    party = bookings.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=2)
    measured = {"seat": queries_of(lambda: bookings.party_seat_walk_in(venue=venue, table_ids=[tables[2].pk], covers=2))}
    measured["move"] = queries_of(lambda: bookings.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk]))
    measured["add the first item"] = queries_of(
        lambda: orders.order_add_item_for_party(venue=venue, party_id=party.pk, product=burger))
    measured["add an item"] = queries_of(
        lambda: orders.order_add_item_for_party(venue=venue, party_id=party.pk, product=burger))
    order = orders.order_create(venue=venue, spec=dojo_order(dojo_order_id=f"o-{party.pk}", table=tables[1], party=party))
    with acting_as(Actor(source=Source.EPOS_API)):
        measured["record a payment"] = queries_of(
            lambda: orders.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_1", 500)))
        measured["record the final payment"] = queries_of(
            lambda: orders.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_2", 1500)))
    measured["end"] = queries_of(lambda: bookings.party_end(venue=venue, party_id=party.pk))
    return measured


def test_each_write_stays_within_its_budget_however_big_the_venue(dojo_venue, area, staff):
    small = costs(dojo_venue, [TableFactory(area=area) for _ in range(3)])
    grow(dojo_venue, area, 15)

    big = costs(dojo_venue, [TableFactory(area=area) for _ in range(3)])

    assert big == small
    assert {write: count for write, count in big.items() if count > BUDGETS[write]} == {}

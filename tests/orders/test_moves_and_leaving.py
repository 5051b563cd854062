"""An order belongs to its party, always: moved with it, merged when two parties sit
together, and never lent to the next guests at a table the party has left."""
import pytest

from bookings.models import Party
from bookings.services import party_end_undo, party_seat_walk_in
from orders import selectors, services
from orders.models import Order
from orders.values import StaffPaymentSpec
from posbackoffice.kernel.errors import Conflict, InvalidInput
from tests.factories import PartyFactory

from .factories import dojo_order, gbp

pytestmark = pytest.mark.django_db


@pytest.fixture
def okafor(venue, tables):
    return PartyFactory(venue=venue, name="Okafor", covers=2, tables=[tables[1], tables[2]])


def order_for(venue, party, product, quantity=1):
    order = services.order_open_for_party(party=party)
    return services.order_add_item(venue=venue, order_id=order.pk, product=product, quantity=quantity)


# Moving an order


def test_an_order_moves_to_another_party_and_table(venue, tab, okafor, tables, staff_member):
    order = services.order_move(venue=venue, order_id=tab.pk, party_id=okafor.pk, table_id=tables[2].pk)

    assert (order.party, order.table, order.display_name) == (okafor, tables[2], "Okafor")
    assert selectors.order_outstanding_by_party(venue=venue).keys() == {okafor.pk}


def test_an_order_does_not_move_to_a_party_with_its_own(venue, tab, okafor, burger, staff_member):
    order_for(venue, okafor, burger)

    with pytest.raises(Conflict, match="has an open order already"):
        services.order_move(venue=venue, order_id=tab.pk, party_id=okafor.pk)

    assert Order.objects.get(pk=tab.pk).party_id == tab.party_id


@pytest.mark.parametrize(("target", "error", "message"), [
    ("departed", Conflict, "has left"), ("same", InvalidInput, "already Patel's"), ("elsewhere", InvalidInput, "does not sit"),
])
def test_a_move_the_rules_refuse_writes_nothing(venue, tab, party, okafor, tables, staff_member, target, error, message):
    table_id = None
    if target == "departed":
        services.party_end_with_bill(venue=venue, party_id=okafor.pk)
    if target == "elsewhere":
        table_id = tables[0].pk
    party_id = party.pk if target == "same" else okafor.pk

    with pytest.raises(error, match=message):
        services.order_move(venue=venue, order_id=tab.pk, party_id=party_id, table_id=table_id)

    assert (Order.objects.get(pk=tab.pk).party_id, Order.objects.get(pk=tab.pk).table_id) == (party.pk, tables[0].pk)


# Two parties sitting together


def test_merging_seats_the_parties_together_with_one_bill(venue, tab, party, okafor, burger, tables, staff_member):
    theirs = order_for(venue, okafor, burger, quantity=2)

    merged = services.party_orders_merge(venue=venue, party_id=party.pk, other_party_id=okafor.pk)

    assert merged.pk == tab.pk
    assert [(line.name, line.quantity) for line in merged.lines] == [("Burger", 2), ("Lager", 2), ("Burger", 2)]
    assert merged.total_amount == 3600 + 2500
    assert Order.objects.get(pk=theirs.pk).status == "Canceled"
    okafor.refresh_from_db()
    party.refresh_from_db()
    assert okafor.end_time is not None
    assert sorted(t.pk for t in party.tables.filter(party_tables__is_active=True)) == [t.pk for t in tables[:3]]
    assert party.covers == 3 + 2


def test_a_party_without_an_order_takes_the_others_whole(venue, party, okafor, burger, staff_member):
    theirs = order_for(venue, okafor, burger)
    services.order_take_payment(venue=venue, order_id=theirs.pk, payment=StaffPaymentSpec(
        method="cash", amount=gbp(500), idempotency_key="paid-a-little"))

    merged = services.party_orders_merge(venue=venue, party_id=party.pk, other_party_id=okafor.pk)

    assert (merged.pk, merged.party, merged.paid_amount) == (theirs.pk, party, 500)


def test_an_order_with_payments_is_not_merged_into_another(venue, tab, party, okafor, burger, staff_member):
    theirs = order_for(venue, okafor, burger)
    services.order_take_payment(venue=venue, order_id=theirs.pk, payment=StaffPaymentSpec(
        method="cash", amount=gbp(500), idempotency_key="paid-a-little"))

    with pytest.raises(Conflict, match="has payments on it"):
        services.party_orders_merge(venue=venue, party_id=party.pk, other_party_id=okafor.pk)

    assert Party.objects.get(pk=okafor.pk).end_time is None
    assert Order.objects.get(pk=theirs.pk).items.count() == 1


# Leaving


def test_ending_a_party_with_money_left_asks_first(venue, party, tab, staff_member):
    with pytest.raises(services.BillLeftToPay, match="Patel still has £36.00 left to pay") as asked:
        services.party_end_with_bill(venue=venue, party_id=party.pk)

    assert asked.value.left == gbp(3600)
    assert Party.objects.get(pk=party.pk).end_time is None


def test_ended_anyway_the_bill_waits_among_the_unsettled_and_not_at_the_table(venue, tables, party, tab, staff_member):
    services.party_end_with_bill(venue=venue, party_id=party.pk, end_anyway=True)
    walk_in = party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=2)

    assert list(selectors.orders_unsettled(venue=venue)) == [tab]
    assert selectors.order_outstanding_by_party(venue=venue) == {}
    assert selectors.party_bills(party=walk_in) == []
    assert Order.objects.get(pk=tab.pk).party_id == party.pk


def test_the_bill_returns_to_a_party_seated_again(venue, party, tab, staff_member):
    services.party_end_with_bill(venue=venue, party_id=party.pk, end_anyway=True)

    party_end_undo(venue=venue, party_id=party.pk)

    assert list(selectors.orders_unsettled(venue=venue)) == []
    assert selectors.order_outstanding_by_party(venue=venue)[party.pk].outstanding == 3600


def test_a_paid_party_leaves_without_being_asked_and_an_empty_order_is_cancelled(venue, party, okafor, tab,
                                                                               staff_member):
    services.order_take_payment(venue=venue, order_id=tab.pk, payment=StaffPaymentSpec(
        method="card", amount=gbp(3600), idempotency_key="paid-in-full", card_reference="7"))
    empty = services.order_open_for_party(party=okafor)

    services.party_end_with_bill(venue=venue, party_id=party.pk)
    services.party_end_with_bill(venue=venue, party_id=okafor.pk)

    assert Order.objects.get(pk=empty.pk).status == "Canceled"
    assert Order.objects.get(pk=tab.pk).status == "Finalized"
    assert list(selectors.orders_unsettled(venue=venue)) == []


def test_a_dojo_order_placed_at_a_table_is_the_seated_partys(venue, tables, party):
    order = services.order_create(venue=venue, spec=dojo_order(table=tables[0]))

    assert (order.party, order.reservation) == (party, party.reservation)


def test_a_dojo_order_at_a_free_table_belongs_to_no_party(venue, tables, party):
    order = services.order_create(venue=venue, spec=dojo_order(table=tables[3]))

    assert order.party is None
    assert list(selectors.orders_unsettled(venue=venue)) == [order]


def test_the_floor_reads_open_and_unsettled_bills_together_as_each_selector_has_them(
    venue, tables, party, okafor, tab, burger, staff_member, django_assert_num_queries
):
    left = PartyFactory(venue=venue, name="Silva", tables=[tables[3]])
    order_for(venue, left, burger)
    services.party_end_with_bill(venue=venue, party_id=left.pk, end_anyway=True)
    order_for(venue, okafor, burger, quantity=3)
    services.order_create(venue=venue, spec=dojo_order(table=tables[3]))  # free again: no party

    with django_assert_num_queries(1):
        bills = selectors.floor_bills(venue=venue)

    assert bills.by_party == selectors.order_outstanding_by_party(venue=venue)
    assert bills.by_party.keys() == {party.pk, okafor.pk}
    assert bills.unsettled_count == selectors.orders_unsettled(venue=venue).count() == 2

"""Finding orders (by table, waiter, party, reservation, payable) and printing their bills."""
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders import selectors, services
from orders.bills import HorizontalLine, MerchantAddress, MerchantName, Text
from orders.values import DineInSpec, ItemSpec, ModifierSpec
from posbackoffice.dojo.operations.orders.schemas import Order as OrderBody
from posbackoffice.kernel.errors import NotFound
from tests.factories import PartyFactory, ReservationFactory, VenueFactory, WaiterFactory

from .factories import dojo_order, gbp, payment


def ids(orders):
    return [order.pk for order in orders]


@pytest.mark.django_db
def test_a_partys_orders_are_found_by_party(venue, tables, party, burger):
    # given the party's order from the floor, one from Dojo, and another party's order
    from_floor = services.order_open_for_party(party=party)
    from_dojo = services.order_create(venue=venue, spec=dojo_order(party=party))
    other_party = PartyFactory(venue=venue, tables=[tables[1]])
    services.order_open_for_party(party=other_party)

    # when
    found = selectors.order_search(venue=venue, party_id=party.pk)

    # then
    assert ids(found) == [from_floor.pk, from_dojo.pk]
    assert all(order.party == party for order in found)


@pytest.mark.django_db
def test_orders_are_found_by_table_waiter_and_reservation(venue, tables):
    waiter = WaiterFactory(venue=venue)
    reservation = ReservationFactory(venue=venue)
    at_table = services.order_create(venue=venue, spec=dojo_order(dojo_order_id="a", table=tables[1]))
    dine_in = DineInSpec(waiter_id=waiter.pk, reservation_id=reservation.pk)
    by_waiter = services.order_create(venue=venue, spec=replace(dojo_order(dojo_order_id="b"), dine_in=dine_in))

    assert ids(selectors.order_search(venue=venue, table_id=tables[1].pk)) == [at_table.pk]
    assert ids(selectors.order_search(venue=venue, waiter_id=waiter.pk)) == [by_waiter.pk]
    assert ids(selectors.order_search(venue=venue, reservation_id=reservation.pk)) == [by_waiter.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("nothing", [0, -1, 999_999, 2**63 - 1], ids=["zero", "negative", "unknown", "largest-bigint"])
def test_an_id_that_names_nothing_matches_nothing(venue, tables, nothing):
    services.order_create(venue=venue, spec=dojo_order(table=tables[0]))

    assert ids(selectors.order_search(venue=venue, table_id=nothing)) == []
    with pytest.raises(NotFound):
        selectors.order_get(venue=venue, order_id=nothing)


@pytest.mark.django_db
def test_payable_only_leaves_out_paid_and_cancelled_orders(venue):
    open_order = services.order_create(venue=venue, spec=dojo_order(dojo_order_id="open"))
    paid = services.order_create(venue=venue, spec=dojo_order(dojo_order_id="paid"))
    services.order_record_payment(venue=venue, order_id=paid.pk, payment=payment("pi_1", 2000))
    cancelled = services.order_create(venue=venue, spec=dojo_order(dojo_order_id="cancelled"))
    services.order_cancel(venue=venue, order_id=cancelled.pk)

    assert ids(selectors.order_search(venue=venue, payable_only=True)) == [open_order.pk]
    assert len(selectors.order_search(venue=venue)) == 3


@pytest.mark.django_db
def test_another_venues_orders_are_never_found(venue):
    elsewhere = services.order_create(venue=VenueFactory(), spec=dojo_order())

    assert ids(selectors.order_search(venue=venue)) == []
    with pytest.raises(NotFound):
        selectors.order_get(venue=venue, order_id=elsewhere.pk)


def _rich_order(venue, n):
    item = ItemSpec(name="Burger", plu="B", quantity=1, amount_per_item=gbp(1000),
                    modifiers=(ModifierSpec(name="Cheese", plu="C", quantity=1, amount=gbp(100)),),
                    sub_items=(ItemSpec(name="Fries", plu="F", quantity=1, amount_per_item=gbp(300),
                                        modifiers=(ModifierSpec(name="Salt", plu="S", quantity=1, amount=gbp(0)),)),))
    return services.order_create(venue=venue, spec=dojo_order(
        dojo_order_id=f"rich-{n}", items=[item, item], total=gbp(2800), payments=[payment(f"pi_{n}", 100)]))


def _everything_on(order) -> list[str]:
    """Every row an order's representation shows."""
    names = [row.payment_intent_id for row in order.payments.all()]
    names += [row.name for row in [*order.discounts.all(), *order.tax_lines.all()]]
    for line in order.lines:
        names += [m.name for m in line.modifiers.all()]
        for sub_item in line.sub_items.all():
            names += [sub_item.name, *(m.name for m in sub_item.modifiers.all())]
    return names


def _queries_to_read_every_line(venue):
    with CaptureQueriesContext(connection) as queries:
        shown = [_everything_on(order) for order in selectors.order_search(venue=venue)]
    assert all("Salt" in names for names in shown)
    return len(queries)


@pytest.mark.django_db
def test_reading_a_page_of_orders_takes_the_same_queries_however_many_orders(venue):
    _rich_order(venue, 1)
    few = _queries_to_read_every_line(venue)
    for n in range(2, 8):
        _rich_order(venue, n)

    assert _queries_to_read_every_line(venue) == few


@pytest.mark.django_db
def test_the_bill_of_a_real_order(venue, party, burger, lager):
    # given a venue with an address, and the party's order of a burger and two lagers, part paid
    venue.address = "12 Mill Lane\nCambridge\nCB2 1RX"
    venue.save()
    order = services.order_open_for_party(party=party)
    services.order_add_item(venue=venue, order_id=order.pk, product=burger)
    services.order_add_item(venue=venue, order_id=order.pk, product=lager, quantity=2)
    services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_1", 1000, tips=100))

    # when
    bill = selectors.order_bill(venue=venue, order_id=order.pk)

    # then the header names the venue, its address, the table and the waiter
    assert bill.header[:3] == (
        MerchantName(name="Test Bistro"),
        MerchantAddress(address_lines=("12 Mill Lane", "Cambridge"), postcode="CB2 1RX"),
        HorizontalLine(),
    )
    assert bill.header[3] == Text(value="Table T1", size="Header2")
    assert bill.header[4].value.startswith("Becky")
    assert bill.header[5] == Text(value=f"Order {order.reference}", align="Right")
    # and the order is the order, its lines in the order they were added
    assert [(line.name, line.quantity) for line in bill.order.lines] == [("Burger", 1), ("Lager", 2)]
    # and the footer sums it up, tips apart
    footer = [line.value for line in bill.footer if isinstance(line, Text)]
    assert footer == ["Total £23.50", "Paid £10.00", "Left to pay £13.50", "Thank you"]


@pytest.mark.django_db
def test_the_floor_sees_each_seated_partys_open_orders_total(venue, tables, party, burger):
    order = services.order_open_for_party(party=party)
    services.order_add_item(venue=venue, order_id=order.pk, product=burger, quantity=2)
    services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_1", 500))
    closed = services.order_create(venue=venue, spec=dojo_order(table=tables[1]))
    services.order_cancel(venue=venue, order_id=closed.pk)

    totals = selectors.order_outstanding_by_party(venue=venue)

    assert list(totals) == [party.pk]
    assert (totals[party.pk].total, totals[party.pk].outstanding) == (2500, 2000)


@pytest.mark.django_db
def test_one_order_is_read_in_two_queries_as_a_page_of_orders_gives_it(venue):
    # given an order with sub-items, modifiers, discounts, tax lines and a payment
    order = _rich_order(venue, 1)

    # when it is read alone, and answered
    with CaptureQueriesContext(connection) as queries:
        alone = selectors.order_get(venue=venue, order_id=order.pk)
        body = OrderBody(alone).data  # reaches each row's order through its relations

    # then: its row, then all its rows, and the same answer as from a page of orders
    assert len(queries) == 2
    assert body == OrderBody(selectors.order_search(venue=venue).get(pk=order.pk)).data
    assert _everything_on(alone) == _everything_on(selectors.order_search(venue=venue).get(pk=order.pk))
    assert "Salt" in _everything_on(alone)

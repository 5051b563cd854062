"""Creating Dojo's orders: validated against the venue, idempotent on Dojo's ID."""
from dataclasses import replace

import pytest

from orders import services
from orders.models import Order, OrderStatus
from orders.values import CollectionSpec, DiscountSpec, ItemSpec, ModifierSpec, Money, TaxLineSpec
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import InvalidInput
from tests.factories import PartyFactory, ReservationFactory, TableFactory, VenueFactory
from posbackoffice.kernel.models import ChangeRecord

from .factories import dojo_order, gbp, payment


@pytest.mark.django_db
def test_an_order_is_created_with_its_lines_and_amounts(venue, tables, party):
    # given a burger with a modifier and a side, a discount, a tax line and a service charge
    burger = ItemSpec(
        name="Burger", plu="B1", quantity=2, amount_per_item=gbp(1000), note="medium",
        modifiers=(ModifierSpec(name="Cheese", plu="M1", quantity=1, amount=gbp(100)),),
        sub_items=(ItemSpec(name="Fries", plu="F1", quantity=1, amount_per_item=gbp(300)),),
    )
    spec = dojo_order(
        table=tables[0], party=party, items=[burger], total=gbp(2800 - 280 + 250),
        discounts=(DiscountSpec(name="10% off", amount=gbp(280), percentage=1000),),
        tax_lines=(TaxLineSpec(tax_id="VAT", name="VAT", percentage=2000, amount=gbp(445)),),
        service_charge=gbp(250), reference="A-17", display_name="Patel, table 1",
    )

    # when
    with acting_as(Actor(source=Source.EPOS_API, requesting_product="Order&Pay")):
        order = services.order_create(venue=venue, spec=spec)

    # then
    assert (order.table, order.party, order.waiter) == (tables[0], party, None)
    assert (order.reference, order.display_name, order.currency) == ("A-17", "Patel, table 1", "GBP")
    assert (order.total_amount, order.paid_amount, order.payable) == (2770, 0, True)
    assert order.taxes_included is True
    [line] = order.lines
    assert [m.name for m in line.modifiers.all()] == ["Cheese"]
    assert [s.name for s in line.sub_items.all()] == ["Fries"]
    record = ChangeRecord.objects.get(entity="order", entity_id=order.pk)
    assert (record.action, record.source, record.requesting_product) == ("created", "epos_api", "Order&Pay")


@pytest.mark.django_db
def test_creating_the_same_dojo_order_twice_returns_the_first(venue, tables):
    first = services.order_create(venue=venue, spec=dojo_order(table=tables[0]))

    again = services.order_create(venue=venue, spec=dojo_order(table=tables[1]))

    assert again.pk == first.pk
    assert again.table == tables[0]
    assert Order.objects.count() == 1
    assert ChangeRecord.objects.filter(entity="order").count() == 1


@pytest.mark.django_db
def test_the_same_dojo_id_in_another_venue_is_another_order(venue, tables):
    other_venue = VenueFactory()
    services.order_create(venue=venue, spec=dojo_order())

    services.order_create(venue=other_venue, spec=dojo_order())

    assert Order.objects.filter(dojo_order_id="dojo-ord-1").count() == 2


@pytest.mark.django_db
def test_a_total_that_adds_taxes_on_top_is_accepted(venue):
    spec = dojo_order(total=gbp(2400), tax_lines=(TaxLineSpec(name="Sales tax", amount=gbp(400)),))

    order = services.order_create(venue=venue, spec=spec)

    assert order.taxes_included is False
    assert order.total_amount == 2400


@pytest.mark.django_db
def test_a_total_that_does_not_add_up_is_refused(venue):
    with pytest.raises(InvalidInput, match="The total 1999 does not match"):
        services.order_create(venue=venue, spec=dojo_order(total=gbp(1999)))

    assert not Order.objects.exists()


@pytest.mark.django_db
def test_another_currency_is_refused(venue):
    spec = dojo_order(items=[ItemSpec(name="Pizza", plu="P", quantity=1, amount_per_item=gbp(1000))],
                      total=Money(1000, "EUR"))

    with pytest.raises(InvalidInput, match="EUR; this venue takes GBP"):
        services.order_create(venue=venue, spec=spec)


@pytest.mark.django_db
def test_a_table_of_another_venue_is_refused(venue):
    elsewhere = TableFactory()

    with pytest.raises(InvalidInput, match=f"no table {elsewhere.pk} in this venue"):
        services.order_create(venue=venue, spec=dojo_order(table=elsewhere))


@pytest.mark.django_db
def test_a_dine_in_order_needs_its_details(venue):
    spec = replace(dojo_order(), dine_in=None)

    with pytest.raises(InvalidInput, match="dine-in order needs to say where it is served"):
        services.order_create(venue=venue, spec=spec)


@pytest.mark.django_db
def test_a_collection_order_keeps_its_collection_time(venue):
    spec = replace(dojo_order(), order_type="Collection", dine_in=None, collection=CollectionSpec(asap=True))

    order = services.order_create(venue=venue, spec=spec)

    assert (order.order_type, order.collect_asap, order.table) == ("Collection", True, None)


@pytest.mark.django_db
def test_a_prepaid_order_is_recorded_with_its_payments_and_not_payable(venue):
    order = services.order_create(venue=venue, spec=dojo_order(payments=[payment("pi_1", 2000, tips=200)]))

    assert (order.paid_amount, order.tips_amount, order.payable) == (2000, 200, False)
    assert order.status == OrderStatus.NEW


@pytest.mark.django_db
def test_payments_above_the_total_are_refused_at_creation(venue):
    with pytest.raises(InvalidInput, match="more than the order's total"):
        services.order_create(venue=venue, spec=dojo_order(payments=[payment("pi_1", 2001)]))


@pytest.mark.django_db
def test_a_quantity_below_one_is_refused(venue):
    spec = dojo_order(items=[ItemSpec(name="Pizza", plu="P", quantity=0, amount_per_item=gbp(1000))], total=gbp(0))

    with pytest.raises(InvalidInput, match="quantity of item 'P' must be between 1"):
        services.order_create(venue=venue, spec=spec)


@pytest.mark.django_db
def test_the_party_brings_its_reservation(venue, tables):
    reservation = ReservationFactory(venue=venue)
    party = PartyFactory(venue=venue, reservation=reservation, tables=[tables[1]])

    order = services.order_create(venue=venue, spec=dojo_order(party=party))

    assert order.reservation == reservation

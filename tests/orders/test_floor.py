"""Staff at the floor: a party's open order, items from the catalogue, the order's status."""
import pytest
from django.utils import timezone

from orders import services
from orders.models import Order, OrderStatus
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from tests.factories import PartyFactory
from posbackoffice.kernel.models import ChangeRecord

from .factories import ProductFactory, ProductModifierFactory, dojo_order


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user(username="maria")
    with acting_as(Actor(source=Source.STAFF, user_id=user.pk)):
        yield user


@pytest.mark.django_db
def test_a_party_gets_one_open_order_at_its_table(party, tables, waiter, staff):
    first = services.order_open_for_party(party=party)

    again = services.order_open_for_party(party=party)

    assert again.pk == first.pk
    assert (first.table, first.waiter, first.party, first.order_type) == (tables[0], waiter, party, "DineIn")
    assert first.reference == str(first.pk)
    record = ChangeRecord.objects.get(entity="order", entity_id=first.pk)
    assert (record.action, record.source, record.user_id) == ("created", "staff", staff.pk)


@pytest.mark.django_db
def test_a_party_that_has_left_gets_no_new_order(venue, tables):
    gone = PartyFactory(venue=venue, end_time=timezone.now(), tables=[tables[2]])

    with pytest.raises(Conflict, match="has left"):
        services.order_open_for_party(party=gone)


@pytest.mark.django_db
def test_adding_items_prices_them_and_counts_their_tax(venue, party, burger, staff):
    cheese = ProductModifierFactory(product=burger, name="Cheese", plu="CHEESE", price=150)
    order = services.order_open_for_party(party=party)

    order = services.order_add_item(venue=venue, order_id=order.pk, product=burger, quantity=2, modifiers=[cheese])

    [line] = order.lines
    assert (line.plu, line.name, line.quantity, line.amount_per_item) == ("BURGER", "Burger", 2, 1250)
    assert [(m.name, m.amount) for m in line.modifiers.all()] == [("Cheese", 150)]
    assert (order.total_amount, order.payable) == (2800, True)
    [vat] = order.tax_lines.all()
    assert (vat.name, vat.percentage, vat.amount) == ("VAT 20%", 2000, 467)  # 2800 / 6, rounded
    assert ChangeRecord.objects.filter(entity="order", entity_id=order.pk, action="updated").count() == 1


@pytest.mark.django_db
def test_items_of_the_same_rate_share_a_tax_line(venue, party, burger, lager):
    order = services.order_open_for_party(party=party)
    services.order_add_item(venue=venue, order_id=order.pk, product=burger)

    order = services.order_add_item(venue=venue, order_id=order.pk, product=lager)

    assert [line.name for line in order.lines] == ["Burger", "Lager"]
    assert [(t.name, t.amount) for t in order.tax_lines.all()] == [("VAT 20%", 208 + 92)]
    assert order.total_amount == 1800


@pytest.mark.django_db
def test_another_venues_product_or_modifier_is_refused(venue, party, burger):
    order = services.order_open_for_party(party=party)
    foreign = ProductFactory()

    with pytest.raises(InvalidInput, match="not on this venue's menu"):
        services.order_add_item(venue=venue, order_id=order.pk, product=foreign)
    with pytest.raises(InvalidInput, match="own modifiers"):
        services.order_add_item(venue=venue, order_id=order.pk, product=burger,
                                modifiers=[ProductModifierFactory(product=ProductFactory(venue=venue))])


@pytest.mark.django_db
def test_a_closed_order_takes_no_more_items(venue, party, burger):
    order = services.order_open_for_party(party=party)
    services.order_cancel(venue=venue, order_id=order.pk)

    with pytest.raises(Conflict, match="is Canceled; open a new order"):
        services.order_add_item(venue=venue, order_id=order.pk, product=burger)


@pytest.mark.django_db
def test_the_status_moves_forward_and_is_audited(venue, party, staff):
    order = services.order_open_for_party(party=party)

    order = services.order_set_status(venue=venue, order_id=order.pk, status=OrderStatus.PREPARING)

    assert order.status == "Preparing"
    assert ChangeRecord.objects.filter(entity="order", entity_id=order.pk, action="updated", user=staff).exists()


@pytest.mark.django_db
def test_the_status_never_moves_back_or_out_of_a_closed_order(venue, party):
    order = services.order_open_for_party(party=party)
    services.order_set_status(venue=venue, order_id=order.pk, status=OrderStatus.READY)

    with pytest.raises(Conflict, match="is Ready; it cannot become Preparing"):
        services.order_set_status(venue=venue, order_id=order.pk, status=OrderStatus.PREPARING)
    services.order_cancel(venue=venue, order_id=order.pk)
    with pytest.raises(Conflict, match="is Canceled; it cannot become New"):
        services.order_set_status(venue=venue, order_id=order.pk, status=OrderStatus.NEW)


@pytest.mark.django_db
def test_cancelling_twice_changes_nothing_the_second_time(venue):
    order = services.order_create(venue=venue, spec=dojo_order())
    services.order_cancel(venue=venue, order_id=order.pk)

    again = services.order_cancel(venue=venue, order_id=order.pk)

    assert (again.status, again.payable) == ("Canceled", False)
    assert ChangeRecord.objects.filter(entity="order", entity_id=order.pk, action="updated").count() == 1


@pytest.mark.django_db
def test_adding_an_item_for_a_party_opens_its_order_once(venue, party, burger, lager, staff):
    first = services.order_add_item_for_party(venue=venue, party_id=party.pk, product=burger)

    again = services.order_add_item_for_party(venue=venue, party_id=party.pk, product=lager, quantity=2)

    assert again.pk == first.pk
    assert [(line.name, line.quantity) for line in again.lines] == [("Burger", 1), ("Lager", 2)]
    assert (again.party, again.total_amount) == (party, 1250 + 2 * 550)


@pytest.mark.django_db
def test_an_item_refused_for_a_party_leaves_no_empty_order_behind(venue, party, burger, staff):
    croutons = ProductModifierFactory(product=ProductFactory(venue=venue, name="Salad"), name="Croutons")
    gone = PartyFactory(venue=venue, end_time=timezone.now())

    with pytest.raises(InvalidInput, match="own modifiers"):
        services.order_add_item_for_party(venue=venue, party_id=party.pk, product=burger, modifiers=[croutons])
    with pytest.raises(Conflict, match="has left"):
        services.order_add_item_for_party(venue=venue, party_id=gone.pk, product=burger)

    assert not Order.objects.exists()


@pytest.mark.django_db
def test_adding_an_item_for_another_venues_party_is_not_found(venue, burger):
    elsewhere = PartyFactory()

    with pytest.raises(NotFound, match=f"No party {elsewhere.pk} in this venue"):
        services.order_add_item_for_party(venue=venue, party_id=elsewhere.pk, product=burger)

    assert not Order.objects.exists()

"""Fixtures for the order tests: a waiter, a seated party and a small catalogue."""
import pytest

from orders import services
from orders.models import CorrectionGrant
from posbackoffice.kernel.actor import Actor, Source, acting_as
from tests.dojo.conftest import dojo_venue, embedded, stand_in, stand_in_server  # noqa: F401  (a stand-in Dojo)
from tests.epos.conftest import credential, epos, other_venue_epos  # noqa: F401  (Dojo's API clients)
from tests.factories import PartyFactory, WaiterFactory

from .factories import ProductFactory


@pytest.fixture
def waiter(venue):
    return WaiterFactory(venue=venue, name="Becky", initials="BK")


@pytest.fixture
def party(venue, tables, waiter):
    return PartyFactory(venue=venue, name="Patel", covers=3, waiter=waiter, tables=[tables[0]])


@pytest.fixture
def burger(venue):
    return ProductFactory(venue=venue, name="Burger", plu="BURGER", price=1250, tax_rate=2000)


@pytest.fixture
def lager(venue):
    return ProductFactory(venue=venue, name="Lager", plu="LAGER", price=550, tax_rate=2000)


@pytest.fixture
def staff_member(venue, django_user_model):
    """A waiter logged in on the floor, acting: no permission to correct bills."""
    user = django_user_model.objects.create_user(username="ana")
    venue.staff.add(user)
    with acting_as(Actor(source=Source.STAFF, user_id=user.pk)):
        yield user


@pytest.fixture
def manager(venue, django_user_model):
    """A staff member a manager allowed to void, discount and write off, acting."""
    user = django_user_model.objects.create_user(username="maria")
    venue.staff.add(user)
    CorrectionGrant.objects.create(venue=venue, user=user)
    with acting_as(Actor(source=Source.STAFF, user_id=user.pk)):
        yield user


@pytest.fixture
def tab(venue, party, burger, lager):
    """The party's open order: two burgers and two lagers, £36.00 (VAT 20 % included: £6.00)."""
    order = services.order_open_for_party(party=party)
    services.order_add_item(venue=venue, order_id=order.pk, product=burger, quantity=2)
    return services.order_add_item(venue=venue, order_id=order.pk, product=lager, quantity=2)

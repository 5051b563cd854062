"""Fixtures for the order tests: a waiter, a seated party and a small catalogue."""
import pytest

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

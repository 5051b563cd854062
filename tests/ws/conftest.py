"""The WebSocket bridge's tests. The bridge answers Dojo from worker threads, each with its
own database connection, committing as it goes: these tests need PostgreSQL (skipped on a
laptop's SQLite, required under CI), where rows those threads commit cannot be mistaken for
a later test's, as SQLite's reused row IDs allow."""
from pathlib import Path

import pytest

from orders.services import order_create
from posbackoffice.dojo.bridge.connection import Backoff, Bridge, Endpoint

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, VenueFactory, WaiterFactory
from ..orders.factories import dojo_order
from .standin import DojoStandIn

API_KEY = "sk_sandbox_c2VjcmV0LWtleS1mb3ItdGVzdHM"
SOFTWARE_HOUSE_ID = "sh-test-house"
RESELLER_ID = "rs-test-reseller"
FAST_BACKOFF = Backoff(initial=0.05, maximum=0.2)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def dojo():
    stand_in = DojoStandIn(api_key=API_KEY, software_house_id=SOFTWARE_HOUSE_ID).start()
    yield stand_in
    stand_in.close()


@pytest.fixture
def ws_venue(transactional_db):
    return VenueFactory(name="Socket Bistro", slug="socket-bistro", currency="GBP")


@pytest.fixture
def floor(ws_venue):
    """An area with a waiter, four tables, a reservation on the first two, a party seated at
    the first and its order."""
    area = AreaFactory(venue=ws_venue, name="Terrace")
    waiter = WaiterFactory(venue=ws_venue)
    area.waiters.add(waiter)
    tables = [TableFactory(area=area, name=f"T{n}", max_covers=4) for n in range(1, 5)]
    tables[0].waiters.add(waiter)
    reservation = ReservationFactory(venue=ws_venue, tables=tables[:2], guest_requests="window seat")
    party = PartyFactory(venue=ws_venue, tables=[tables[0]], reservation=reservation)
    order = order_create(venue=ws_venue, spec=dojo_order(table=tables[0], party=party))
    return {
        "area": area,
        "waiter": waiter,
        "tables": tables,
        "reservation": reservation,
        "party": party,
        "order": order,
    }


def endpoint(url: str, *, api_key: str = API_KEY) -> Endpoint:
    return Endpoint(url=url, api_key=api_key, software_house_id=SOFTWARE_HOUSE_ID, reseller_id=RESELLER_ID)


@pytest.fixture
def bridge(dojo, ws_venue):
    """The bridge connected to the stand-in, running on the stand-in's loop."""
    bridge = Bridge(venue_id=ws_venue.pk, endpoint=endpoint(dojo.url), backoff=FAST_BACKOFF)
    running = dojo.submit(bridge.run())
    dojo.wait_connections(1)
    yield bridge
    dojo.loop.call_soon_threadsafe(bridge.stop)
    running.result(timeout=15)

"""What each EPOS read costs in queries: the credential check, then the read itself, the same
however many rows the venue holds or the page returns."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders import services as orders
from posbackoffice.dojo.sync import recording

from ..factories import PartyFactory, ReservationFactory, TableFactory, WaiterFactory
from ..orders.factories import dojo_order

# Each read: the credential (1), then its rows, with what they list (waiters, tables) in the
# same query. One order is its row, then all its rows (items, discounts, tax lines, shares,
# payments) in one query; a page of orders takes a query for each kind of row. The bill also
# reads the venue's row (1: its name, address and time zone); the others use only the
# venue's ID, which the credential gives.
READS = {
    "ListAreas": (1 + 1, lambda ids: ("get", "/epos/v1/areas", None)),
    "SearchTables": (1 + 1, lambda ids: ("post", "/epos/v1/tables/search", {"cursor": {"limit": 100}})),
    "GetReservationById": (1 + 1, lambda ids: ("get", f"/epos/v1/reservations/{ids['reservation']}", None)),
    "SearchReservations": (1 + 1, lambda ids: ("post", "/epos/v1/reservations/search", {"cursor": {"limit": 100}})),
    "GetPartyById": (1 + 1, lambda ids: ("get", f"/epos/v1/parties/{ids['party']}", None)),
    "SearchParties": (1 + 1, lambda ids: ("post", "/epos/v1/parties/search", {"cursor": {"limit": 100}})),
    "GetOrderById": (1 + 2, lambda ids: ("get", f"/epos/v1/orders/{ids['order']}", None)),
    "SearchOrders": (1 + 7, lambda ids: ("post", "/epos/v1/orders/search", {"cursor": {"limit": 100}})),
    "GetOrderBillById": (1 + 1 + 2, lambda ids: ("get", f"/epos/v1/orders/{ids['order']}/bill", None)),
}


@pytest.fixture(autouse=True)
def _ok_calls_recorded_lately(monkeypatch):
    """A venue's successful calls are recorded at most every few seconds per process (one
    upsert, `posbackoffice.dojo.sync.recording`), not by each read: counted out here, as
    in a steady stream of calls."""
    monkeypatch.setattr(recording, "_ok_call_recorded_lately", lambda venue_id: True)


def add_to(venue, area, times: int) -> dict[str, int]:
    """Tables with waiters, reservations, seated parties and their orders; the IDs of the last."""
    for n in range(times):
        table = TableFactory(area=area)
        table.waiters.add(WaiterFactory(venue=venue))
        reservation = ReservationFactory(venue=venue, tables=[table], start_time=timezone.now() + dt.timedelta(hours=n + 1))
        party = PartyFactory(venue=venue, tables=[table], reservation=reservation)
        order = orders.order_create(venue=venue, spec=dojo_order(dojo_order_id=f"o-{party.pk}", table=table, party=party))
    return {"reservation": reservation.pk, "party": party.pk, "order": order.pk}


def queries_of(epos, request) -> int:
    method, path, body = request
    with CaptureQueriesContext(connection) as queries:
        response = getattr(epos, method)(path, body, format="json") if body is not None else getattr(epos, method)(path)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("capability", READS)
def test_each_read_takes_its_queries_however_much_the_venue_holds(epos, venue, area, capability):
    budget, request = READS[capability]
    few = queries_of(epos, request(add_to(venue, area, 1)))

    many = queries_of(epos, request(add_to(venue, area, 12)))

    assert few == many == budget

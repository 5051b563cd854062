"""The EPOS reads build their bodies directly (a list costs a fraction of a serializer's
time): each must be, field for field and in the same order, what the serializer that
documents it gives, for rows with every optional field set and with none."""
import datetime as dt
import json

import pytest
from django.utils import timezone

from bookings import selectors as bookings
from floorplan.selectors import area_list_with_waiters, table_search
from posbackoffice.dojo.operations.floor import Area, Table, area_body, table_body
from posbackoffice.dojo.operations.parties import Party, party_body
from posbackoffice.dojo.operations.reservations import Reservation, reservation_body

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, WaiterFactory


def same_json(built, documented) -> bool:
    return json.dumps(built) == json.dumps(documented)


def test_areas_and_tables_as_their_serializers_give_them(venue, area, tables):
    area.waiters.add(WaiterFactory(venue=venue, name="Zoe"), WaiterFactory(venue=venue, name="Ali"))
    tables[0].waiters.add(*area.waiters.all())
    area.assigned_waiters = list(area.waiters.order_by("name"))
    rows = {row.pk: row for row in table_search(venue_id=venue.pk).rows()}

    [area_row] = area_list_with_waiters(venue_id=venue.pk)
    assert same_json(area_body(area_row, area_row.waiter_ids), Area(area).data)
    for table in tables[:2]:
        table.assigned_waiters = list(table.waiters.order_by("name"))
        assert same_json(table_body(rows[table.pk], rows[table.pk].waiter_ids), Table(table).data)


@pytest.mark.parametrize("full", [True, False])
def test_parties_as_their_serializer_gives_them(venue, tables, full):
    details = {
        "name": "Okafor", "covers": 4, "host_notes": "Window", "guest_requests": "No nuts",
        "expected_end_time": timezone.now() + dt.timedelta(hours=2), "end_time": timezone.now() + dt.timedelta(hours=1),
        "reservation": ReservationFactory(venue=venue, tables=[tables[0]]), "deposit_value": 2000,
        "deposit_currency": "GBP", "deposit_description": "Booking", "deposit_payment_intent_ids": ["pi_1", "pi_2"],
    } if full else {"name": "", "covers": None}
    party = PartyFactory(venue=venue, tables=[tables[1], tables[0]], **details)
    party = bookings.party_get(venue=venue, party_id=party.pk)
    read = bookings.party_read(venue_id=venue.pk, party_id=party.pk)
    [found] = bookings.party_search(venue_id=venue.pk, completed_only=full).rows()

    assert same_json(party_body(read, read.table_ids), Party(party).data)
    assert same_json(party_body(found, found.table_ids), Party(party).data)
    assert same_json(party_body(party, bookings.party_table_ids(party)), Party(party).data)


@pytest.mark.parametrize("full", [True, False])
def test_reservations_as_their_serializer_gives_them(venue, area, tables, full):
    terrace = AreaFactory(venue=venue, name="Terrace", display_order=0)
    area.display_order = 1
    area.save()
    patio = TableFactory(area=terrace, name="P9")
    details = {"host_notes": "Window", "guest_requests": "No nuts"} if full else {}
    reservation = ReservationFactory(venue=venue, tables=[tables[1], patio, tables[0]], **details)
    reservation = bookings.reservation_get(venue=venue, reservation_id=reservation.pk)
    read = bookings.reservation_read(venue_id=venue.pk, reservation_id=reservation.pk)
    [found] = bookings.reservation_search(venue_id=venue.pk).rows()

    assert same_json(reservation_body(read, read.table_ids), Reservation(reservation).data)
    assert same_json(reservation_body(found, found.table_ids), Reservation(reservation).data)

"""Each service locks every row it changes once, the reservation or party before its tables."""
import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings import services

from ..factories import PartyFactory, ReservationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = timezone.now().replace(microsecond=0)


def locks_taken(action) -> list[str]:
    """The database table of each `SELECT ... FOR UPDATE` the action ran, in order."""
    with CaptureQueriesContext(connection) as queries:
        action()
    return [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries if "FOR UPDATE" in q["sql"]]


def test_seating_a_walk_in_locks_its_tables_once(venue, tables):
    locks = locks_taken(
        lambda: services.party_seat_walk_in(venue=venue, table_ids=[tables[1].pk, tables[0].pk], covers=2, now=NOW)
    )

    assert locks == ["floorplan_table"]


def test_seating_a_reservation_locks_it_once_then_its_tables_once(venue, tables):
    reservation = ReservationFactory(venue=venue, tables=tables[:2], start_time=NOW, end_time=NOW + dt.timedelta(hours=2))

    locks = locks_taken(lambda: services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, now=NOW))

    assert locks == ["bookings_reservation", "floorplan_table"]


def test_changing_a_booking_locks_the_reservation_once_then_its_tables_once(venue, tables):
    reservation = ReservationFactory(venue=venue, tables=tables[:1])

    locks = locks_taken(
        lambda: services.reservation_change_booking(
            venue=venue, reservation_id=reservation.pk, name="Kim", covers=2, start_time=NOW,
            end_time=NOW + dt.timedelta(hours=1), table_ids=[tables[1].pk], host_notes="",
        )
    )

    assert locks == ["bookings_reservation", "floorplan_table"]


def test_moving_a_party_locks_it_once_then_its_tables_once(venue, tables):
    party = PartyFactory(venue=venue, tables=tables[:1], start_time=NOW)

    locks = locks_taken(
        lambda: services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[2].pk, tables[1].pk], now=NOW)
    )

    assert locks == ["bookings_party", "floorplan_table"]

"""A floor at a fixed moment, for the tests of the floor's actions."""
import datetime as dt

from bookings.models import Party, PartyTable, Reservation

from ..factories import PartyFactory, ReservationFactory

NOW = dt.datetime(2026, 6, 12, 18, 0, tzinfo=dt.UTC)


def active_table_ids(party: Party) -> list[int]:
    return sorted(PartyTable.objects.filter(party=party, is_active=True).values_list("table_id", flat=True))


def seated(venue, tables, **kwargs) -> Party:
    return PartyFactory(venue=venue, tables=tables, start_time=NOW - dt.timedelta(minutes=30), **kwargs)


def booked(venue, tables, *, starts_in: dt.timedelta, **kwargs) -> Reservation:
    start = NOW + starts_in
    return ReservationFactory(venue=venue, tables=tables, start_time=start, end_time=start + dt.timedelta(hours=2), **kwargs)

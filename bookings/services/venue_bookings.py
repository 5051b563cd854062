"""Bookings staff take and change at the venue (by phone, at the door), from the floor.

They keep the rules of every reservation (`reservations`, `steps`) and ask first
(`confirm`) when the booking overlaps another on one of its tables or seats more covers than
its tables hold. Dojo's bookings come through the EPOS Data API to `reservations`, which
takes them as Dojo sends them: Dojo owns availability.
"""
import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from floorplan.models import Venue
from floorplan.selectors import tables_for_booking

from ..models import Reservation
from ..selectors import reservation_get
from .confirm import ask_first, booked_at_the_same_time, covers_over_seats
from .reservations import reservation_create
from .steps import check_reservation_details, locked, write_reservation


def reservation_book(
    *,
    venue: Venue,
    name: str,
    covers: int,
    start_time: dt.datetime,
    end_time: dt.datetime,
    table_ids: Iterable[int],
    host_notes: str = "",
    guest_requests: str = "",
    confirmed: bool = False,
) -> Reservation:
    """Take a booking at the venue; the guest's requests (allergies, diet) are written as
    they said them."""
    table_ids = list(table_ids)
    check_reservation_details(covers=covers, start_time=start_time, end_time=end_time)
    with transaction.atomic():
        tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True)
        ask_first(
            booked_at_the_same_time(venue, tables, start=start_time, end=end_time),
            covers_over_seats(covers, tables),
            confirmed=confirmed,
        )
        reservation, _ = reservation_create(
            venue=venue, name=name, covers=covers, start_time=start_time, end_time=end_time, table_ids=table_ids,
            host_notes=host_notes, guest_requests=guest_requests,
        )
    return reservation


def reservation_change_booking(
    *,
    venue: Venue,
    reservation_id: int,
    name: str,
    covers: int,
    start_time: dt.datetime,
    end_time: dt.datetime,
    table_ids: Iterable[int],
    host_notes: str,
    guest_requests: str | None = None,
    confirmed: bool = False,
) -> Reservation:
    """Change a booking from the floor: everything but its link to Dojo. Guest requests
    change only on a booking taken at the venue (staff wrote them down); on one made through
    Dojo they are the guest's own words and stay as they are."""
    check_reservation_details(covers=covers, start_time=start_time, end_time=end_time)
    with transaction.atomic():
        reservation = locked(Reservation, venue=venue, pk=reservation_id, what="reservation")
        tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True)
        ask_first(
            booked_at_the_same_time(venue, tables, start=start_time, end=end_time, except_reservation_id=reservation.pk),
            covers_over_seats(covers, tables),
            confirmed=confirmed,
        )
        taken_at_venue = not reservation.dojo_reservation_id
        write_reservation(
            reservation,
            venue=venue,
            name=name,
            covers=covers,
            start_time=start_time,
            end_time=end_time,
            table_ids=[table.pk for table in tables],
            host_notes=host_notes,
            guest_requests=guest_requests if taken_at_venue and guest_requests is not None else reservation.guest_requests,
        )
    return reservation_get(venue=venue, reservation_id=reservation_id)

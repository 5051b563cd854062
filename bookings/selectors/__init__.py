"""Reads of reservations and parties.

- `records`: a reservation or a party by its ID, and their searches (the parties' as Dojo
  reads them, in one query compiled once: `posbackoffice.kernel.queries`);
- `floor`: front of house: the live floor, the waitlist;
- `day`: the venue's day, and its reservations sorted into what the host needs to act on.
"""
from .day import (
    DAY_STARTS_AT,
    venue_day,
    venue_today,
    venue_date_bounds,
    ReservationsToday,
    ListedReservation,
    SeatedParty,
    reservations_today,
    reservations_on,
)
from .floor import (
    RESERVATION_SOON,
    TableState,
    FloorTable,
    FloorArea,
    FloorReservations,
    floor_reservations,
    reservations_due,
    floor_areas,
    floor_area_list,
    floor_area,
    floor_waiters,
    waiter_for_user,
    Waiting,
    waitlist_waiting,
    waitlist_entry_get,
)
from .records import (
    reservation_get,
    reservation_read,
    reservation_search,
    party_get,
    party_with_seats,
    PARTY_READ_FIELDS,
    RESERVATION_READ_FIELDS,
    party_read,
    party_search,
    party_table_ids,
)

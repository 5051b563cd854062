"""Writes to reservations, parties and the waitlist: every rule the POS applies to bookings lives here.

- `reservations`: booking tables ahead of time, changing and cancelling a booking (as Dojo does);
- `parties`: seating a party, changing it in full, removing it (as Dojo does);
- `floor`: what staff do on the live floor (seat walk-ins and reservations, move, join,
  release, bring two parties together, change, end and undo, no-shows);
- `venue_bookings`: bookings staff take and change at the venue;
- `waitlist`: walk-ins waiting for a table, the POS's own (Dojo never hears of them);
- `confirm`: what staff are asked before a floor action goes ahead;
- `steps`: the checks and steps those share, and the order in which they lock rows.
"""
from ..values import Deposit
from .confirm import NeedsConfirmation
from .floor import (
    END_UNDO_WINDOW,
    party_absorb,
    party_end,
    party_end_undo,
    party_join_table,
    party_move,
    party_release_table,
    party_seat_reservation,
    party_seat_walk_in,
    party_update_details,
    reservation_mark_no_show,
)
from .parties import party_create, party_delete, party_update
from .reservations import reservation_create, reservation_delete, reservation_update
from .venue_bookings import reservation_book, reservation_change_booking
from .waitlist import waitlist_add, waitlist_mark_left, waitlist_remove, waitlist_seat

__all__ = [
    "END_UNDO_WINDOW",
    "Deposit",
    "NeedsConfirmation",
    "party_absorb",
    "party_create",
    "party_delete",
    "party_end",
    "party_end_undo",
    "party_join_table",
    "party_move",
    "party_release_table",
    "party_seat_reservation",
    "party_seat_walk_in",
    "party_update",
    "party_update_details",
    "reservation_book",
    "reservation_change_booking",
    "reservation_create",
    "reservation_delete",
    "reservation_mark_no_show",
    "reservation_update",
    "waitlist_add",
    "waitlist_mark_left",
    "waitlist_remove",
    "waitlist_seat",
]

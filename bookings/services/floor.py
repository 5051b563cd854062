"""What staff do on the live floor: seat walk-ins and reservations, move a party, join or
release a table, change a party's details and server, end a party (and undo that), mark a
no-show. Bookings taken and changed at the venue are `venue_bookings`.

These keep the rules of reservations and parties (tables free and in service, details
checked: `steps`) and add the floor's own: staff are asked first before seating guests at a
table that booked guests need soon or at tables with fewer seats than covers (`confirm`), and
have a short window to undo ending a party.
"""
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst

from floorplan.models import Venue, Waiter
from floorplan.selectors import tables_for_booking
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.errors import Conflict, InvalidInput
from posbackoffice.kernel.models import ChangeRecord
from posbackoffice.kernel.rows import rows_known

from ..models import Party, Reservation
from ..selectors import party_with_seats, reservation_get
from .confirm import ask_first, covers_over_seats, reserved_soon
from .steps import (
    check_covers,
    check_party_details,
    end_if_seated,
    free_seats,
    held_table_ids,
    locked,
    party_words,
    seat,
    seat_new_party,
    seating,
)

END_UNDO_WINDOW = dt.timedelta(minutes=5)
SEATED_MEANWHILE = "One of the tables was seated on another device at the same moment; check the floor and try again."


# Seating


def party_seat_walk_in(
    *,
    venue: Venue,
    table_ids: Iterable[int],
    covers: int,
    name: str = "",
    host_notes: str = "",
    now: dt.datetime | None = None,
    confirmed: bool = False,
) -> Party:
    """Seat guests who came without a booking."""
    now = now or timezone.now()
    check_covers(covers)
    with seating(SEATED_MEANWHILE):
        tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True)
        ask_first(reserved_soon(venue, tables, now=now), covers_over_seats(covers, tables), confirmed=confirmed)
        party = seat_new_party(venue=venue, tables=tables, start_time=now, name=name, covers=covers, host_notes=host_notes)
    return party_with_seats(party)


def party_seat_reservation(
    *,
    venue: Venue,
    reservation_id: int,
    table_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
    confirmed: bool = False,
) -> Party:
    """Seat a reservation's guests on its booked tables, or on `table_ids`. The party is
    linked to the reservation and takes its name, covers, notes and guest requests.
    Guests marked no-show who turn up after all are seated and the mark is cleared."""
    now = now or timezone.now()
    with seating(SEATED_MEANWHILE):
        reservation = locked(Reservation, venue=venue, pk=reservation_id, what="reservation")
        if reservation.parties.filter(end_time__isnull=True).exists():
            raise Conflict(f"{reservation.name} is already seated.")
        if table_ids is None:
            table_ids = reservation.tables.values_list("pk", flat=True)
        tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True)
        ask_first(
            reserved_soon(venue, tables, now=now, except_reservation_id=reservation.pk),
            covers_over_seats(reservation.covers, tables),
            confirmed=confirmed,
        )
        _clear_no_show(reservation)
        party = seat_new_party(
            venue=venue,
            tables=tables,
            start_time=now,
            name=reservation.name,
            covers=reservation.covers,
            expected_end_time=_expected_end(reservation, now),
            host_notes=reservation.host_notes,
            guest_requests=reservation.guest_requests,
            reservation=reservation,
            dojo_reservation_id=reservation.dojo_reservation_id or "",
        )
    return party_with_seats(party)


# Changing a seated party


def party_move(
    *,
    venue: Venue,
    party_id: int,
    table_ids: Iterable[int],
    now: dt.datetime | None = None,
    confirmed: bool = False,
) -> Party:
    """Move a seated party to exactly these tables (it may keep some of its own)."""
    with _changing_seated_party(venue, party_id) as party:
        _reseat(venue, party, table_ids, now=now or timezone.now(), confirmed=confirmed, fits=True)
    return party_with_seats(party)


def party_join_table(
    *,
    venue: Venue,
    party_id: int,
    table_id: int,
    now: dt.datetime | None = None,
    confirmed: bool = False,
) -> Party:
    """Add a table to those a seated party holds (more seats: covers are not asked about)."""
    with _changing_seated_party(venue, party_id) as party:
        held = held_table_ids(party)
        if table_id in held:
            raise InvalidInput("The party already sits at that table.")
        _reseat(venue, party, [*held, table_id], now=now or timezone.now(), confirmed=confirmed)
    return party_with_seats(party)


def party_release_table(*, venue: Venue, party_id: int, table_id: int) -> Party:
    """Free one of a seated party's tables. A party always keeps one: to free its last
    table, end the party or move it."""
    with _changing_seated_party(venue, party_id) as party:
        held = held_table_ids(party)
        if table_id not in held:
            raise InvalidInput("The party does not sit at that table.")
        if held == [table_id]:
            raise InvalidInput("That is the party's only table: end the party or move it instead.")
        _reseat(venue, party, [pk for pk in held if pk != table_id], now=timezone.now(), confirmed=True)
    return party_with_seats(party)


def party_update_details(
    *,
    venue: Venue,
    party_id: int,
    covers: int | None,
    status: str,
    expected_end_time: dt.datetime | None,
    host_notes: str,
    waiter_id: int | None,
    confirmed: bool = False,
) -> Party:
    """Change what staff may change about a seated party, its server included. Its guest
    requests are the guest's own words and are left as they are. More covers than its
    tables seat are asked about when the covers change."""
    with _changing_seated_party(venue, party_id) as party:
        check_party_details(
            covers=covers, status=status, start_time=party.start_time, expected_end_time=expected_end_time
        )
        if covers != party.covers:
            ask_first(covers_over_seats(covers, list(party.tables.all())), confirmed=confirmed)
        party.covers, party.status = covers, status.strip()
        party.expected_end_time, party.host_notes = expected_end_time, host_notes
        party.waiter = _waiter(venue, waiter_id)
    return party_with_seats(party)


def party_absorb(*, venue: Venue, party_id: int, other_party_id: int, now: dt.datetime | None = None) -> Party:
    """Two seated parties become one: the other party's guests and tables join this party,
    and the other party ends (its guests have not left, but they are now this party's)."""
    now = now or timezone.now()
    if party_id == other_party_id:
        raise InvalidInput("Pick another party to join with.")
    with seating(SEATED_MEANWHILE):
        locked_parties = {pk: locked(Party, venue=venue, pk=pk, what="party") for pk in sorted({party_id, other_party_id})}
        party, other = locked_parties[party_id], locked_parties[other_party_id]
        if not (party.is_active and other.is_active):
            raise Conflict(f"{party if not party.is_active else other} has already left.")
        table_ids = held_table_ids(party) + held_table_ids(other)
        other.end_time = max(now, other.start_time)
        seat(other, list(other.tables.order_by("pk")))
        other.save()
        change_record(venue_id=venue.pk, entity="party", entity_id=other.pk, action=ChangeRecord.Action.UPDATED)
        tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True, still_allowed=table_ids)
        seat(party, tables)
        if party.covers and other.covers:
            party.covers += other.covers
            check_covers(party.covers)
        party.save()
        change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)
    return party_with_seats(party)


# Ending a party, and undoing it


def party_end(*, venue: Venue, party_id: int, now: dt.datetime | None = None) -> Party:
    """The guests have left: set the party's end time and free its tables. The party is
    locked as it is ended (`end_if_seated`), then its seats, as every service locks them."""
    now = now or timezone.now()
    with transaction.atomic():
        party = end_if_seated(venue=venue, party_id=party_id, now=now)
        if party is None:
            left = locked(Party, venue=venue, pk=party_id, what="party")  # NotFound if it never was
            raise Conflict(f"{capfirst(party_words(left))} has already left.")
        rows_known(party, "party_tables", free_seats(party))
        change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)
    return party_with_seats(party)


def party_end_undo(*, venue: Venue, party_id: int, now: dt.datetime | None = None) -> Party:
    """Seat a party ended by mistake again, on the same tables: only within
    END_UNDO_WINDOW of its end and while none of its tables has been taken since."""
    now = now or timezone.now()
    with seating(SEATED_MEANWHILE):
        party = locked(Party, venue=venue, pk=party_id, what="party")
        if party.is_active:
            raise Conflict(f"{capfirst(party_words(party))} has not left; there is nothing to undo.")
        if now - party.end_time > END_UNDO_WINDOW:
            raise Conflict(f"{capfirst(party_words(party))} left more than {END_UNDO_WINDOW.seconds // 60} minutes ago; seat them again instead.")
        held = held_table_ids(party)
        tables = tables_for_booking(venue=venue, table_ids=held, lock=True, still_allowed=held)
        party.end_time = None
        seat(party, tables)
        party.save()
        change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)
    return party_with_seats(party)


# Reservations


def reservation_mark_no_show(*, venue: Venue, reservation_id: int, now: dt.datetime | None = None) -> Reservation:
    """Record that a reservation's guests did not come (from its start time on)."""
    now = now or timezone.now()
    with transaction.atomic():
        reservation = locked(Reservation, venue=venue, pk=reservation_id, what="reservation")
        if reservation.start_time > now:
            raise InvalidInput(f"{reservation.name} is not due yet; a no-show can be marked from the start time.")
        if reservation.parties.exists():
            raise Conflict(f"{reservation.name} has been seated.")
        if reservation.no_show_at is None:
            reservation.no_show_at = now
            reservation.save(update_fields=["no_show_at", "updated_at"])
            change_record(venue_id=venue.pk, entity="reservation", entity_id=reservation.pk, action=ChangeRecord.Action.UPDATED)
    return reservation_get(venue=venue, reservation_id=reservation_id)


@contextmanager
def _changing_seated_party(venue: Venue, party_id: int) -> Iterator[Party]:
    """Lock a party that has not ended for the change made in the `with` block, then
    save and audit it. A table taken concurrently becomes a Conflict."""
    with seating(SEATED_MEANWHILE):
        party = locked(Party, venue=venue, pk=party_id, what="party")
        if not party.is_active:
            raise Conflict(f"{capfirst(party_words(party))} has already left.")
        yield party
        party.save()
        change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)


def _reseat(
    venue: Venue, party: Party, table_ids: Iterable[int], *, now: dt.datetime, confirmed: bool, fits: bool = False
) -> None:
    """Seat the party at exactly these tables, asking first about tables booked soon among
    those added and, with `fits`, about covers over the seats."""
    held = held_table_ids(party)
    tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True, still_allowed=held)
    added = [table for table in tables if table.pk not in held]
    ask_first(
        reserved_soon(venue, added, now=now, except_reservation_id=party.reservation_id),
        covers_over_seats(party.covers, tables) if fits else None,
        confirmed=confirmed,
    )
    seat(party, tables)


def _waiter(venue: Venue, waiter_id: int | None) -> Waiter | None:
    if waiter_id is None:
        return None
    waiter = Waiter.objects.filter(venue=venue, pk=waiter_id, is_active=True).first()
    if waiter is None:
        raise InvalidInput("Pick one of this venue's waiters.")
    return waiter


def _expected_end(reservation: Reservation, now: dt.datetime) -> dt.datetime:
    """Booked guests may stay until the booking ends; late ones for as long as they booked."""
    if reservation.end_time > now:
        return reservation.end_time
    return now + (reservation.end_time - reservation.start_time)


def _clear_no_show(reservation: Reservation) -> None:
    if reservation.no_show_at is not None:
        reservation.no_show_at = None
        reservation.save(update_fields=["no_show_at", "updated_at"])
        change_record(
            venue_id=reservation.venue_id, entity="reservation", entity_id=reservation.pk, action=ChangeRecord.Action.UPDATED
        )

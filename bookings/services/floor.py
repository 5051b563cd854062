"""What staff do on the live floor: seat walk-ins and reservations, move a party, join or
release a table, change a party's details, end a party (and undo that), mark a no-show,
change a booking.

These keep the rules of reservations and parties (tables free and in service, details
checked: `steps`) and add the floor's own: a warning before seating guests at a table that
booked guests need soon, and a short window to undo ending a party.
"""
import datetime as dt
import zoneinfo
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from floorplan.models import Table, Venue
from floorplan.selectors import tables_for_booking
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.errors import Conflict, InvalidInput
from posbackoffice.kernel.models import ChangeRecord

from ..models import Party, Reservation
from ..selectors import party_get, reservation_get, reservations_due
from .steps import (
    check_covers,
    check_party_details,
    check_reservation_details,
    ensure_tables_free,
    held_table_ids,
    locked,
    seat,
    seat_new_party,
    seating,
    write_reservation,
)

END_UNDO_WINDOW = dt.timedelta(minutes=5)
SEATED_MEANWHILE = "One of the tables was seated on another device at the same moment; check the floor and try again."


class ReservationDueSoon(Conflict):
    """Seating would put guests at a table that other booked guests need soon. Staff may
    go ahead once they have seen which reservations (`acknowledge_reservations=True`)."""

    def __init__(self, venue: Venue, reservations: Sequence[Reservation]):
        self.reservations = list(reservations)
        zone = zoneinfo.ZoneInfo(venue.timezone)
        due = ", ".join(
            f"{r.start_time.astimezone(zone):%H:%M} {r.name} ×{r.covers}" for r in self.reservations
        )
        super().__init__(f"Reserved soon: {due}.")


# Seating


def party_seat_walk_in(
    *,
    venue: Venue,
    table_ids: Iterable[int],
    covers: int,
    name: str = "",
    now: dt.datetime | None = None,
    acknowledge_reservations: bool = False,
) -> Party:
    """Seat guests who came without a booking."""
    now = now or timezone.now()
    check_covers(covers)
    with seating(SEATED_MEANWHILE):
        tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True)
        _ensure_no_reservation_due(venue, tables, now=now, acknowledged=acknowledge_reservations)
        party = seat_new_party(venue=venue, tables=tables, start_time=now, name=name, covers=covers)
    return party_get(venue=venue, party_id=party.pk)


def party_seat_reservation(
    *,
    venue: Venue,
    reservation_id: int,
    table_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
    acknowledge_reservations: bool = False,
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
        _ensure_no_reservation_due(
            venue, tables, now=now, acknowledged=acknowledge_reservations, except_reservation_id=reservation.pk
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
    return party_get(venue=venue, party_id=party.pk)


# Changing a seated party


def party_move(
    *,
    venue: Venue,
    party_id: int,
    table_ids: Iterable[int],
    now: dt.datetime | None = None,
    acknowledge_reservations: bool = False,
) -> Party:
    """Move a seated party to exactly these tables (it may keep some of its own)."""
    with _changing_seated_party(venue, party_id) as party:
        _reseat(venue, party, table_ids, now=now or timezone.now(), acknowledged=acknowledge_reservations)
    return party_get(venue=venue, party_id=party_id)


def party_join_table(
    *,
    venue: Venue,
    party_id: int,
    table_id: int,
    now: dt.datetime | None = None,
    acknowledge_reservations: bool = False,
) -> Party:
    """Add a table to those a seated party holds."""
    with _changing_seated_party(venue, party_id) as party:
        held = held_table_ids(party)
        if table_id in held:
            raise InvalidInput("The party already sits at that table.")
        _reseat(venue, party, [*held, table_id], now=now or timezone.now(), acknowledged=acknowledge_reservations)
    return party_get(venue=venue, party_id=party_id)


def party_release_table(*, venue: Venue, party_id: int, table_id: int) -> Party:
    """Free one of a seated party's tables. A party always keeps one: to free its last
    table, end the party or move it."""
    with _changing_seated_party(venue, party_id) as party:
        held = held_table_ids(party)
        if table_id not in held:
            raise InvalidInput("The party does not sit at that table.")
        if held == [table_id]:
            raise InvalidInput("That is the party's only table: end the party or move it instead.")
        _reseat(venue, party, [pk for pk in held if pk != table_id], now=timezone.now(), acknowledged=True)
    return party_get(venue=venue, party_id=party_id)


def party_update_details(
    *,
    venue: Venue,
    party_id: int,
    covers: int | None,
    status: str,
    expected_end_time: dt.datetime | None,
    host_notes: str,
) -> Party:
    """Change what staff may change about a seated party. Its guest requests are the
    guest's own words and are left as they are."""
    with _changing_seated_party(venue, party_id) as party:
        check_party_details(
            covers=covers, status=status, start_time=party.start_time, expected_end_time=expected_end_time
        )
        party.covers, party.status = covers, status.strip()
        party.expected_end_time, party.host_notes = expected_end_time, host_notes
    return party_get(venue=venue, party_id=party_id)


# Ending a party, and undoing it


def party_end(*, venue: Venue, party_id: int, now: dt.datetime | None = None) -> Party:
    """The guests have left: set the party's end time and free its tables."""
    now = now or timezone.now()
    with _changing_seated_party(venue, party_id) as party:
        party.end_time = max(now, party.start_time)
        party.party_tables.filter(is_active=True).update(is_active=False)
    return party_get(venue=venue, party_id=party_id)


def party_end_undo(*, venue: Venue, party_id: int, now: dt.datetime | None = None) -> Party:
    """Seat a party ended by mistake again, on the same tables: only within
    END_UNDO_WINDOW of its end and while none of its tables has been taken since."""
    now = now or timezone.now()
    with seating(SEATED_MEANWHILE):
        party = locked(Party, venue=venue, pk=party_id, what="party")
        if party.is_active:
            raise Conflict(f"{party} has not ended; there is nothing to undo.")
        if now - party.end_time > END_UNDO_WINDOW:
            raise Conflict(f"{party} ended more than {END_UNDO_WINDOW.seconds // 60} minutes ago; seat them again instead.")
        held = held_table_ids(party)
        tables = tables_for_booking(venue=venue, table_ids=held, lock=True, still_allowed=held)
        ensure_tables_free(tables, party=party)
        party.end_time = None
        seat(party, tables)
        party.save()
        change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)
    return party_get(venue=venue, party_id=party_id)


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
) -> Reservation:
    """Change a booking from the floor: everything but its guest requests, which are the
    guest's own words, and its link to Dojo."""
    check_reservation_details(covers=covers, start_time=start_time, end_time=end_time)
    with transaction.atomic():
        reservation = locked(Reservation, venue=venue, pk=reservation_id, what="reservation")
        write_reservation(
            reservation,
            venue=venue,
            name=name,
            covers=covers,
            start_time=start_time,
            end_time=end_time,
            table_ids=table_ids,
            host_notes=host_notes,
            guest_requests=reservation.guest_requests,
        )
    return reservation_get(venue=venue, reservation_id=reservation_id)


@contextmanager
def _changing_seated_party(venue: Venue, party_id: int) -> Iterator[Party]:
    """Lock a party that has not ended for the change made in the `with` block, then
    save and audit it. A table taken concurrently becomes a Conflict."""
    with seating(SEATED_MEANWHILE):
        party = locked(Party, venue=venue, pk=party_id, what="party")
        if not party.is_active:
            raise Conflict(f"{party} has already left.")
        yield party
        party.save()
        change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)


def _reseat(venue: Venue, party: Party, table_ids: Iterable[int], *, now: dt.datetime, acknowledged: bool) -> None:
    held = held_table_ids(party)
    tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True, still_allowed=held)
    added = [table for table in tables if table.pk not in held]
    _ensure_no_reservation_due(
        venue, added, now=now, acknowledged=acknowledged, except_reservation_id=party.reservation_id
    )
    ensure_tables_free(tables, party=party)
    seat(party, tables, held=held)


def _ensure_no_reservation_due(
    venue: Venue,
    tables: Sequence[Table],
    *,
    now: dt.datetime,
    acknowledged: bool,
    except_reservation_id: int | None = None,
) -> None:
    if acknowledged or not tables:
        return
    due = reservations_due(
        venue=venue, table_ids=[table.pk for table in tables], now=now, except_reservation_id=except_reservation_id
    )
    if due:
        raise ReservationDueSoon(venue, due)


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

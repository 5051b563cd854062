"""Parties as Dojo makes them: seated, changed in full (moved, ended), removed."""
import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from floorplan.models import Venue
from floorplan.selectors import tables_for_booking
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.errors import InvalidInput
from posbackoffice.kernel.models import ChangeRecord

from ..models import Party, Reservation
from ..selectors import party_get
from ..values import Deposit
from .steps import (
    apply_deposit,
    check_party_details,
    delete,
    held_table_ids,
    locked,
    refusal,
    same_or_first_external_id,
    save_claiming_external_id,
    seat,
    seat_new_party,
    seating,
)

SEATED_BY_ANOTHER_REQUEST = "One of the tables was seated by another request at the same moment; reload and try again."


def party_create(
    *,
    venue: Venue,
    table_ids: Iterable[int],
    start_time: dt.datetime,
    name: str = "",
    covers: int | None = None,
    status: str = Party.DEFAULT_STATUS,
    expected_end_time: dt.datetime | None = None,
    host_notes: str = "",
    guest_requests: str = "",
    reservation_id: int | None = None,
    deposit: Deposit | None = None,
    dojo_party_id: str | None = None,
    dojo_reservation_id: str = "",
) -> tuple[Party, bool]:
    """Seat a party at free tables, from a reservation or as a walk-in. Idempotent on
    `dojo_party_id`, however retries interleave: each answers the party made (and False).
    Refused with Conflict when a table already holds another active party."""
    check_party_details(covers=covers, status=status, start_time=start_time, expected_end_time=expected_end_time)
    existing = _party_by_dojo_id(venue, dojo_party_id)
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True)
            # A retry that waited for the tables' locks finds them taken by the party it asks for.
            if existing := _party_by_dojo_id(venue, dojo_party_id):
                return existing, False
            party = seat_new_party(
                venue=venue,
                tables=tables,
                start_time=start_time,
                name=name,
                covers=covers,
                status=status,
                expected_end_time=expected_end_time,
                host_notes=host_notes,
                guest_requests=guest_requests,
                reservation=_reservation_for_party(venue, reservation_id),
                deposit=deposit,
                dojo_party_id=dojo_party_id,
                dojo_reservation_id=dojo_reservation_id,
            )
    except IntegrityError as error:
        existing = _party_by_dojo_id(venue, dojo_party_id)
        if existing:
            return existing, False
        raise refusal(error, SEATED_BY_ANOTHER_REQUEST)
    return party_get(venue=venue, party_id=party.pk), True


def party_update(
    *,
    venue: Venue,
    party_id: int,
    table_ids: Iterable[int],
    start_time: dt.datetime,
    status: str,
    name: str = "",
    covers: int | None = None,
    expected_end_time: dt.datetime | None = None,
    end_time: dt.datetime | None = None,
    host_notes: str = "",
    guest_requests: str = "",
    deposit: Deposit | None = None,
    dojo_party_id: str | None = None,
) -> Party:
    """Set the party's details to those given (its reservation link is kept). Setting
    `end_time` ends the party and frees its tables; moving it onto a table that holds
    another active party is a Conflict."""
    check_party_details(covers=covers, status=status, start_time=start_time, expected_end_time=expected_end_time)
    if end_time is not None and end_time < start_time:
        raise InvalidInput("The end time must not be before the start time.")
    with seating(SEATED_BY_ANOTHER_REQUEST):
        party = locked(Party, venue=venue, pk=party_id, what="party")
        party.dojo_party_id = same_or_first_external_id(party.dojo_party_id, dojo_party_id, "party")
        held = held_table_ids(party)
        tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True, still_allowed=held)
        party.name, party.covers, party.status = name, covers, status
        party.start_time, party.expected_end_time, party.end_time = start_time, expected_end_time, end_time
        party.host_notes, party.guest_requests = host_notes, guest_requests
        apply_deposit(party, deposit)
        seat(party, tables)
        save_claiming_external_id(party, "party")
        change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)
    return party_get(venue=venue, party_id=party.pk)


def party_delete(*, venue: Venue, party_id: int) -> None:
    """Remove the party altogether (its tables are freed)."""
    delete(Party, venue=venue, pk=party_id, entity="party")


def _party_by_dojo_id(venue: Venue, dojo_party_id: str | None) -> Party | None:
    if not dojo_party_id:
        return None
    found = Party.objects.filter(venue=venue, dojo_party_id=dojo_party_id).first()
    return party_get(venue=venue, party_id=found.pk) if found else None


def _reservation_for_party(venue: Venue, reservation_id: int | None) -> Reservation | None:
    if reservation_id is None:
        return None
    reservation = Reservation.objects.filter(venue=venue, pk=reservation_id).first()
    if reservation is None:
        raise InvalidInput(f"Unknown reservation ID for this venue: {reservation_id}.")
    return reservation

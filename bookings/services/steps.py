"""Steps the booking services share: checking the details given, locking and deleting a row,
keeping Dojo's IDs, writing a reservation, and seating a new party.

Each service locks every row it changes once, always in the same order: the reservation or
the party first, then the tables in ID order (`floorplan.selectors.tables_for_booking`). The
steps that take a reservation, a party or tables take rows the calling service has already
locked, and never lock them again. The database has the last word on "one active party per
table" (a partial unique index); `seating` turns its refusal into a Conflict.
"""
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from floorplan.models import Table, Venue
from floorplan.selectors import tables_for_booking
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord

from ..models import Party, PartyTable, Reservation
from ..values import Deposit

MAX_COVERS = 999


# Checking the details given


def check_covers(covers: int | None) -> None:
    if covers is not None and not 1 <= covers <= MAX_COVERS:
        raise InvalidInput(f"covers must be between 1 and {MAX_COVERS}, got {covers}.")


def check_ends_after(start: dt.datetime, end: dt.datetime | None, what: str) -> None:
    if end is not None and end <= start:
        raise InvalidInput(f"{what} must be after the start time.")


def check_reservation_details(*, covers: int, start_time: dt.datetime, end_time: dt.datetime) -> None:
    check_covers(covers)
    check_ends_after(start_time, end_time, "The end time")


def check_party_details(
    *, covers: int | None, status: str, start_time: dt.datetime, expected_end_time: dt.datetime | None
) -> None:
    check_covers(covers)
    if not status or not status.strip():
        raise InvalidInput("status must not be empty.")
    check_ends_after(start_time, expected_end_time, "The expected end time")


# Rows


def locked(model: type[Reservation] | type[Party], *, venue: Venue, pk: int, what: str):
    """The venue's row, locked until the transaction ends."""
    instance = model.objects.select_for_update(of=("self",)).filter(venue=venue, pk=pk).first()
    if instance is None:
        raise NotFound(f"No {what} {pk} in this venue.")
    return instance


def delete(model: type[Reservation] | type[Party], *, venue: Venue, pk: int, entity: str) -> None:
    with transaction.atomic():
        locked(model, venue=venue, pk=pk, what=entity).delete()
        change_record(venue_id=venue.pk, entity=entity, entity_id=pk, action=ChangeRecord.Action.DELETED)


# Dojo's IDs


def same_or_first_external_id(current: str | None, given: str | None, what: str) -> str | None:
    """The reservation platform's ID of an entity never changes once known."""
    if given and current and given != current:
        raise Conflict(f"This {what} is linked to Dojo {what} ID {current!r}, not {given!r}.")
    return current or given or None


def save_claiming_external_id(instance: Reservation | Party, what: str) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise Conflict(f"Another {what} in this venue already has that Dojo {what} ID.")


# Reservations


def write_reservation(
    reservation: Reservation,
    *,
    venue: Venue,
    name: str,
    covers: int,
    start_time: dt.datetime,
    end_time: dt.datetime,
    table_ids: Iterable[int],
    host_notes: str,
    guest_requests: str,
) -> None:
    """Set every detail of a locked reservation to those given, and record the change."""
    tables = tables_for_booking(venue=venue, table_ids=table_ids)
    reservation.name, reservation.covers = name, covers
    reservation.start_time, reservation.end_time = start_time, end_time
    reservation.host_notes, reservation.guest_requests = host_notes, guest_requests
    save_claiming_external_id(reservation, "reservation")
    reservation.tables.set(tables)
    change_record(venue_id=venue.pk, entity="reservation", entity_id=reservation.pk, action=ChangeRecord.Action.UPDATED)


# Parties and their tables


@contextmanager
def seating(conflict_message: str) -> Iterator[None]:
    """A transaction in which a table seated by a concurrent request, refused by the
    database's unique index, becomes a Conflict with this message."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise Conflict(conflict_message)


def seat_new_party(
    *,
    venue: Venue,
    tables: Sequence[Table],
    start_time: dt.datetime,
    name: str = "",
    covers: int | None = None,
    status: str = Party.DEFAULT_STATUS,
    expected_end_time: dt.datetime | None = None,
    host_notes: str = "",
    guest_requests: str = "",
    reservation: Reservation | None = None,
    deposit: Deposit | None = None,
    dojo_party_id: str | None = None,
    dojo_reservation_id: str = "",
) -> Party:
    """Seat a new party at `tables` (locked by the caller) once none of them holds an active
    party, and record its creation."""
    ensure_tables_free(tables, party=None)
    party = Party(
        venue=venue,
        dojo_party_id=dojo_party_id,
        dojo_reservation_id=dojo_reservation_id,
        reservation=reservation,
        name=name,
        covers=covers,
        status=status,
        start_time=start_time,
        expected_end_time=expected_end_time,
        host_notes=host_notes,
        guest_requests=guest_requests,
    )
    apply_deposit(party, deposit)
    party.save()
    PartyTable.objects.bulk_create(PartyTable(party=party, table=table, is_active=party.is_active) for table in tables)
    change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.CREATED)
    return party


def ensure_tables_free(tables: Sequence[Table], *, party: Party | None) -> None:
    """Refuses tables where another active party sits (`party` may already sit there)."""
    taken = PartyTable.objects.filter(table__in=tables, is_active=True).select_related("table", "party")
    if party is not None:
        taken = taken.exclude(party=party)
    clash = taken.first()
    if clash:
        raise Conflict(f"{clash.table.name} is already seated with {party_words(clash.party)}.")


def party_words(party: Party) -> str:
    """How staff know a party, in a message: "Okafor ×5", "a walk-in ×2"; never by its ID."""
    who = party.name or "a walk-in"
    return f"{who} ×{party.covers}" if party.covers else who


def seat(party: Party, tables: Sequence[Table], *, held: Iterable[int] | None = None) -> None:
    """Make the party's seats exactly `tables`, active while the party has not ended,
    writing only what changes. `held`: the tables it sits at, when the caller knows."""
    wanted = {table.pk for table in tables}
    held = set(held if held is not None else party.party_tables.values_list("table_id", flat=True))
    if held - wanted:
        party.party_tables.exclude(table_id__in=wanted).delete()
    if held & wanted:
        party.party_tables.filter(table_id__in=wanted).update(is_active=party.is_active)
    PartyTable.objects.bulk_create(
        PartyTable(party=party, table=table, is_active=party.is_active) for table in tables if table.pk not in held
    )


def held_table_ids(party: Party) -> list[int]:
    """The IDs of the tables the party sits (or sat) at, in ID order."""
    return sorted(party.party_tables.values_list("table_id", flat=True))


def apply_deposit(party: Party, deposit: Deposit | None) -> None:
    party.deposit_value = deposit.value if deposit else None
    party.deposit_currency = deposit.currency if deposit else ""
    party.deposit_description = deposit.description if deposit else ""
    party.deposit_payment_intent_ids = list(deposit.payment_intent_ids) if deposit else []

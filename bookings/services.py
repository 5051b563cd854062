"""Writes to reservations and parties: every rule the POS applies to bookings lives here."""
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from floorplan.models import Table, Venue
from floorplan.selectors import tables_for_booking
from posbackoffice.errors import Conflict, InvalidInput, NotFound

from .audit import change_record
from .models import ChangeRecord, Party, PartyTable, Reservation
from .selectors import party_get, reservation_get

MAX_COVERS = 999


@dataclass(frozen=True)
class Deposit:
    """Money taken before arrival to secure a booking (minor units)."""

    value: int
    currency: str
    payment_intent_ids: Sequence[str] = field(default_factory=tuple)
    description: str = ""


def _check_covers(covers: int | None) -> None:
    if covers is not None and not 1 <= covers <= MAX_COVERS:
        raise InvalidInput(f"covers must be between 1 and {MAX_COVERS}, got {covers}.")


def _check_ends_after(start: dt.datetime, end: dt.datetime | None, what: str) -> None:
    if end is not None and end <= start:
        raise InvalidInput(f"{what} must be after the start time.")


# Reservations


def reservation_create(
    *,
    venue: Venue,
    name: str,
    covers: int,
    start_time: dt.datetime,
    end_time: dt.datetime,
    table_ids: Iterable[int],
    host_notes: str = "",
    guest_requests: str = "",
    dojo_reservation_id: str | None = None,
) -> tuple[Reservation, bool]:
    """Book tables ahead of time. Idempotent on `dojo_reservation_id`: a retry returns the
    reservation already made (and False), creating nothing."""
    _check_covers(covers)
    _check_ends_after(start_time, end_time, "The end time")
    existing = _reservation_by_dojo_id(venue, dojo_reservation_id)
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            tables = tables_for_booking(venue=venue, table_ids=table_ids)
            reservation = Reservation.objects.create(
                venue=venue,
                dojo_reservation_id=dojo_reservation_id,
                name=name,
                covers=covers,
                start_time=start_time,
                end_time=end_time,
                host_notes=host_notes,
                guest_requests=guest_requests,
            )
            reservation.tables.set(tables)
            change_record(venue_id=venue.pk, entity="reservation", entity_id=reservation.pk, action=ChangeRecord.Action.CREATED)
    except IntegrityError:
        # A concurrent retry created it first.
        existing = _reservation_by_dojo_id(venue, dojo_reservation_id)
        if existing is None:
            raise
        return existing, False
    return reservation_get(venue=venue, reservation_id=reservation.pk), True


def reservation_update(
    *,
    venue: Venue,
    reservation_id: int,
    name: str,
    covers: int,
    start_time: dt.datetime,
    end_time: dt.datetime,
    table_ids: Iterable[int],
    host_notes: str = "",
    guest_requests: str = "",
    dojo_reservation_id: str | None = None,
) -> Reservation:
    """Set every detail of the reservation to those given."""
    _check_covers(covers)
    _check_ends_after(start_time, end_time, "The end time")
    with transaction.atomic():
        reservation = _locked(Reservation, venue, reservation_id, "reservation")
        reservation.dojo_reservation_id = _same_or_first_external_id(
            reservation.dojo_reservation_id, dojo_reservation_id, "reservation"
        )
        tables = tables_for_booking(venue=venue, table_ids=table_ids)
        reservation.name, reservation.covers = name, covers
        reservation.start_time, reservation.end_time = start_time, end_time
        reservation.host_notes, reservation.guest_requests = host_notes, guest_requests
        _save_claiming_external_id(reservation, "reservation")
        reservation.tables.set(tables)
        change_record(venue_id=venue.pk, entity="reservation", entity_id=reservation.pk, action=ChangeRecord.Action.UPDATED)
    return reservation_get(venue=venue, reservation_id=reservation.pk)


def reservation_delete(*, venue: Venue, reservation_id: int) -> None:
    """Cancel the reservation. A party already seated from it stays, unlinked."""
    _delete(Reservation, venue, reservation_id, "reservation")


def _reservation_by_dojo_id(venue: Venue, dojo_reservation_id: str | None) -> Reservation | None:
    if not dojo_reservation_id:
        return None
    found = Reservation.objects.filter(venue=venue, dojo_reservation_id=dojo_reservation_id).first()
    return reservation_get(venue=venue, reservation_id=found.pk) if found else None


# Parties


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
    `dojo_party_id`. Refused with Conflict when a table already holds an active party."""
    _check_party_details(covers=covers, status=status, start_time=start_time, expected_end_time=expected_end_time)
    existing = _party_by_dojo_id(venue, dojo_party_id)
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True)
            reservation = _reservation_for_party(venue, reservation_id)
            _ensure_tables_free(tables, party=None)
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
            _apply_deposit(party, deposit)
            party.save()
            _seat(party, tables)
            change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.CREATED)
    except IntegrityError:
        existing = _party_by_dojo_id(venue, dojo_party_id)
        if existing:
            return existing, False
        raise Conflict("One of the tables was seated by another request at the same moment; reload and try again.")
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
    _check_party_details(covers=covers, status=status, start_time=start_time, expected_end_time=expected_end_time)
    if end_time is not None and end_time < start_time:
        raise InvalidInput("The end time must not be before the start time.")
    try:
        with transaction.atomic():
            party = _locked(Party, venue, party_id, "party")
            party.dojo_party_id = _same_or_first_external_id(party.dojo_party_id, dojo_party_id, "party")
            held = party.party_tables.values_list("table_id", flat=True)
            tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True, still_allowed=held)
            if end_time is None:
                _ensure_tables_free(tables, party=party)
            party.name, party.covers, party.status = name, covers, status
            party.start_time, party.expected_end_time, party.end_time = start_time, expected_end_time, end_time
            party.host_notes, party.guest_requests = host_notes, guest_requests
            _apply_deposit(party, deposit)
            _save_claiming_external_id(party, "party")
            _seat(party, tables)
            change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)
    except IntegrityError:
        raise Conflict("One of the tables was seated by another request at the same moment; reload and try again.")
    return party_get(venue=venue, party_id=party.pk)


def party_delete(*, venue: Venue, party_id: int) -> None:
    """Remove the party altogether (its tables are freed)."""
    _delete(Party, venue, party_id, "party")


def _check_party_details(*, covers, status, start_time, expected_end_time) -> None:
    _check_covers(covers)
    if not status or not status.strip():
        raise InvalidInput("status must not be empty.")
    _check_ends_after(start_time, expected_end_time, "The expected end time")


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


def _ensure_tables_free(tables: Sequence[Table], *, party: Party | None) -> None:
    taken = PartyTable.objects.filter(table__in=tables, is_active=True).select_related("table")
    if party is not None:
        taken = taken.exclude(party=party)
    clash = taken.first()
    if clash:
        raise Conflict(f"Table {clash.table.name} (ID {clash.table_id}) is already seated with party {clash.party_id}.")


def _seat(party: Party, tables: Sequence[Table]) -> None:
    """Make the party's seats exactly `tables`, active while the party has not ended."""
    wanted = {table.pk for table in tables}
    party.party_tables.exclude(table_id__in=wanted).delete()
    party.party_tables.filter(table_id__in=wanted).update(is_active=party.is_active)
    kept = set(party.party_tables.values_list("table_id", flat=True))
    PartyTable.objects.bulk_create(
        PartyTable(party=party, table=table, is_active=party.is_active) for table in tables if table.pk not in kept
    )


def _apply_deposit(party: Party, deposit: Deposit | None) -> None:
    party.deposit_value = deposit.value if deposit else None
    party.deposit_currency = deposit.currency if deposit else ""
    party.deposit_description = deposit.description if deposit else ""
    party.deposit_payment_intent_ids = list(deposit.payment_intent_ids) if deposit else []


# Shared by reservations and parties


def _locked(model, venue: Venue, pk: int, what: str):
    instance = model.objects.select_for_update(of=("self",)).filter(venue=venue, pk=pk).first()
    if instance is None:
        raise NotFound(f"No {what} {pk} in this venue.")
    return instance


def _delete(model, venue: Venue, pk: int, entity: str) -> None:
    with transaction.atomic():
        _locked(model, venue, pk, entity).delete()
        change_record(venue_id=venue.pk, entity=entity, entity_id=pk, action=ChangeRecord.Action.DELETED)


def _same_or_first_external_id(current: str | None, given: str | None, what: str) -> str | None:
    """The reservation platform's ID of an entity never changes once known."""
    if given and current and given != current:
        raise Conflict(f"This {what} is linked to Dojo {what} ID {current!r}, not {given!r}.")
    return current or given or None


def _save_claiming_external_id(instance, what: str) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise Conflict(f"Another {what} in this venue already has that Dojo {what} ID.")

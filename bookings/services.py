"""Writes to reservations and parties: every rule the POS applies to bookings lives here."""
import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from floorplan.models import Table, Venue
from floorplan.selectors import tables_for_booking
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord

from .models import Party, PartyTable, Reservation
from .selectors import party_get, reservation_get, reservations_due

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


# Front of house: what staff do on the live floor view
#
# These build on the rules above (tables must be free and in service, party details,
# locking order: the party first, then its tables in ID order) rather than restating them.

END_UNDO_WINDOW = dt.timedelta(minutes=5)
_SEATED_MEANWHILE = "One of the tables was seated on another device at the same moment; check the floor and try again."


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
    now, table_ids = now or timezone.now(), list(table_ids)
    with transaction.atomic():
        tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True)
        _ensure_no_reservation_due(venue, tables, now=now, acknowledged=acknowledge_reservations)
        party, _ = party_create(venue=venue, table_ids=table_ids, start_time=now, name=name, covers=covers)
    return party


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
    with transaction.atomic():
        reservation = _locked(Reservation, venue, reservation_id, "reservation")
        if reservation.parties.filter(end_time__isnull=True).exists():
            raise Conflict(f"{reservation.name} is already seated.")
        table_ids = list(reservation.tables.values_list("pk", flat=True) if table_ids is None else table_ids)
        tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True)
        _ensure_no_reservation_due(
            venue, tables, now=now, acknowledged=acknowledge_reservations, except_reservation_id=reservation.pk
        )
        _clear_no_show(reservation)
        party, _ = party_create(
            venue=venue,
            table_ids=table_ids,
            start_time=now,
            name=reservation.name,
            covers=reservation.covers,
            expected_end_time=_expected_end(reservation, now),
            host_notes=reservation.host_notes,
            guest_requests=reservation.guest_requests,
            reservation_id=reservation.pk,
            dojo_reservation_id=reservation.dojo_reservation_id or "",
        )
    return party


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
        held = _held_table_ids(party)
        if table_id in held:
            raise InvalidInput("The party already sits at that table.")
        _reseat(venue, party, [*held, table_id], now=now or timezone.now(), acknowledged=acknowledge_reservations)
    return party_get(venue=venue, party_id=party_id)


def party_release_table(*, venue: Venue, party_id: int, table_id: int) -> Party:
    """Free one of a seated party's tables. A party always keeps one: to free its last
    table, end the party or move it."""
    with _changing_seated_party(venue, party_id) as party:
        held = _held_table_ids(party)
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
        _check_party_details(
            covers=covers, status=status, start_time=party.start_time, expected_end_time=expected_end_time
        )
        party.covers, party.status = covers, status.strip()
        party.expected_end_time, party.host_notes = expected_end_time, host_notes
    return party_get(venue=venue, party_id=party_id)


def party_end(*, venue: Venue, party_id: int, now: dt.datetime | None = None) -> Party:
    """The guests have left: set the party's end time and free its tables."""
    now = now or timezone.now()
    with _changing_seated_party(venue, party_id) as party:
        party.end_time = max(now, party.start_time)
        _seat(party, list(party.tables.order_by("pk")))
    return party_get(venue=venue, party_id=party_id)


def party_end_undo(*, venue: Venue, party_id: int, now: dt.datetime | None = None) -> Party:
    """Seat a party ended by mistake again, on the same tables: only within
    END_UNDO_WINDOW of its end and while none of its tables has been taken since."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            party = _locked(Party, venue, party_id, "party")
            if party.is_active:
                raise Conflict(f"{party} has not ended; there is nothing to undo.")
            if now - party.end_time > END_UNDO_WINDOW:
                raise Conflict(f"{party} ended more than {END_UNDO_WINDOW.seconds // 60} minutes ago; seat them again instead.")
            held = _held_table_ids(party)
            tables = tables_for_booking(venue=venue, table_ids=held, lock=True, still_allowed=held)
            _ensure_tables_free(tables, party=party)
            party.end_time = None
            _seat(party, tables)
            party.save()
            change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)
    except IntegrityError:
        raise Conflict(_SEATED_MEANWHILE)
    return party_get(venue=venue, party_id=party_id)


def reservation_mark_no_show(*, venue: Venue, reservation_id: int, now: dt.datetime | None = None) -> Reservation:
    """Record that a reservation's guests did not come (from its start time on)."""
    now = now or timezone.now()
    with transaction.atomic():
        reservation = _locked(Reservation, venue, reservation_id, "reservation")
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
    with transaction.atomic():
        current = _locked(Reservation, venue, reservation_id, "reservation")
        return reservation_update(
            venue=venue,
            reservation_id=reservation_id,
            name=name,
            covers=covers,
            start_time=start_time,
            end_time=end_time,
            table_ids=table_ids,
            host_notes=host_notes,
            guest_requests=current.guest_requests,
        )


@contextmanager
def _changing_seated_party(venue: Venue, party_id: int):
    """Lock a party that has not ended for the change made in the `with` block, then
    save and audit it. A table taken concurrently becomes a Conflict."""
    try:
        with transaction.atomic():
            party = _locked(Party, venue, party_id, "party")
            if not party.is_active:
                raise Conflict(f"{party} has already left.")
            yield party
            party.save()
            change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.UPDATED)
    except IntegrityError:
        raise Conflict(_SEATED_MEANWHILE)


def _reseat(venue: Venue, party: Party, table_ids: Iterable[int], *, now: dt.datetime, acknowledged: bool) -> None:
    held = _held_table_ids(party)
    tables = tables_for_booking(venue=venue, table_ids=table_ids, lock=True, still_allowed=held)
    added = [table for table in tables if table.pk not in held]
    _ensure_no_reservation_due(
        venue, added, now=now, acknowledged=acknowledged, except_reservation_id=party.reservation_id
    )
    _ensure_tables_free(tables, party=party)
    _seat(party, tables)


def _held_table_ids(party: Party) -> list[int]:
    return sorted(party.party_tables.values_list("table_id", flat=True))


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

"""Steps the booking services share: checking the details given, locking and deleting a row,
keeping Dojo's IDs, writing a reservation, and seating a new party.

Each service locks every row it changes once, always in the same order: the reservation or
the party first, then the tables in ID order (`floorplan.selectors.tables_for_booking`). The
steps that take a reservation, a party or tables take rows the calling service has already
locked, and never lock them again. The database has the last word on "one active party per
table" (a partial unique index): seats are written without reading first whether the tables
are free, and `seating` turns the index's refusal into a Conflict naming the table taken.
"""
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.signals import post_save
from django.utils import timezone

from floorplan.models import Table, Venue
from floorplan.selectors import tables_for_booking
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord
from posbackoffice.kernel.queries import Instances
from posbackoffice.kernel.rows import rows_known

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


class SeatsRefused(IntegrityError):
    """The database refused `party` seats at `tables` (as a rule, because another active
    party holds one of them): raised by the steps that write seats, so that the refusal can
    name the table once the transaction has rolled back (`refusal`)."""

    def __init__(self, party: Party, tables: Sequence[Table]):
        super().__init__(f"Seats refused for party {party.pk} at tables {[table.pk for table in tables]}.")
        self.party, self.tables = party, tables


@contextmanager
def seating(conflict_message: str) -> Iterator[None]:
    """A transaction whose seats, refused by the database's unique index (a table taken
    long before or by a concurrent request), become a Conflict naming the table, or one
    with `conflict_message` (`refusal`)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise refusal(error, conflict_message)


def refusal(error: IntegrityError, fallback: str) -> Conflict:
    """The Conflict for a write the database refused, to be made once its transaction has
    rolled back (on PostgreSQL nothing can be read in an aborted one): for refused seats,
    the table among them that another active party holds, read now; `fallback` when there
    is none (another constraint refused, or the table has been freed since)."""
    if isinstance(error, SeatsRefused):
        return _table_taken(error.tables, party=error.party) or Conflict(fallback)
    return Conflict(fallback)


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
    """Seat a new party at `tables` (locked by the caller), and record its creation. A table
    that holds an active party is refused by the database (SeatsRefused)."""
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
    with _writing_seats(party, tables):
        seats = PartyTable.objects.bulk_create(
            PartyTable(party=party, table=table, is_active=party.is_active) for table in tables
        )
    rows_known(party, "party_tables", seats)
    change_record(venue_id=venue.pk, entity="party", entity_id=party.pk, action=ChangeRecord.Action.CREATED)
    return party


def _table_taken(tables: Sequence[Table], *, party: Party) -> Conflict | None:
    """The refusal of the first of `tables` where an active party other than `party` sits, if any."""
    clash = (
        PartyTable.objects.filter(table__in=tables, is_active=True)
        .exclude(party=party)
        .select_related("table", "party")
        .first()
    )
    return Conflict(f"{clash.table.name} is already seated with {party_words(clash.party)}.") if clash else None


@contextmanager
def _writing_seats(party: Party, tables: Sequence[Table]) -> Iterator[None]:
    """Seats of `party` written in the block; the database's refusal says at which tables."""
    try:
        yield
    except IntegrityError as error:
        raise SeatsRefused(party, tables) from error


def party_words(party: Party) -> str:
    """How staff know a party, in a message: "Okafor ×5", "a walk-in ×2"; never by its ID."""
    who = party.name or "a walk-in"
    return f"{who} ×{party.covers}" if party.covers else who


def seat(party: Party, tables: Sequence[Table]) -> None:
    """Make the party's seats exactly `tables`, active while the party has not ended,
    writing only what changes, and leave them with the party for its answer (in ID order,
    the order its tables are listed in: those it keeps first). A party that keeps none of
    its tables has its seats moved to the tables it takes, in place (all in one UPDATE, in
    the tables' order); the seats left over are deleted, the tables left over get new ones.
    Seats written here
    send no signal: every caller saves the party in the same transaction, and that reports
    them to Dojo. A table another active party holds is refused by the database
    (SeatsRefused)."""
    seats = held_seats(party)
    wanted, held = {table.pk for table in tables}, {seat.table_id for seat in seats}
    staying = [seat for seat in seats if seat.table_id in wanted]
    leaving = [seat for seat in seats if seat.table_id not in wanted]
    taking = [table for table in tables if table.pk not in held]
    moving = [] if staying else list(zip(leaving, taking))
    deleted, created = leaving[len(moving):], taking[len(moving):]
    with _writing_seats(party, tables):
        if deleted:
            # One DELETE: `QuerySet.delete()` would read the rows again to send each its signal.
            PartyTable.objects.filter(pk__in=[seat.pk for seat in deleted])._raw_delete(PartyTable.objects.db)
        if any(seat.is_active != party.is_active for seat in staying):
            PartyTable.objects.filter(pk__in=[seat.pk for seat in staying]).update(is_active=party.is_active)
            for seat in staying:
                seat.is_active = party.is_active
        moved = _move_seats(moving, active=party.is_active)
        added = PartyTable.objects.bulk_create(
            PartyTable(party=party, table=table, is_active=party.is_active) for table in created
        )
    rows_known(party, "party_tables", sorted([*staying, *moved, *added], key=lambda seat: seat.pk))


def _move_seats(moving: Sequence[tuple[PartyTable, Table]], *, active: bool) -> list[PartyTable]:
    """Move each seat to the table paired with it, active or not as the party is: one UPDATE
    for all of them (none when there are none)."""
    fields = ["table"] if all(seat.is_active == active for seat, _ in moving) else ["table", "is_active"]
    for seat, table in moving:
        seat.table, seat.is_active = table, active
    seats = [seat for seat, _ in moving]
    PartyTable.objects.bulk_update(seats, fields)
    return seats


def end_if_seated(*, venue: Venue, party_id: int, now: dt.datetime) -> Party | None:
    """End the venue's party if it has not ended (at `now`, never before its start), and
    answer it as saved; None when there is no such party, or it has ended. One
    `UPDATE ... RETURNING`, which locks, changes and reads the row (the ORM's `update`
    answers a count, and its `save` needs the row locked and read first, a statement more),
    read back as the ORM reads rows (`raw`, which converts each column as its field does).
    It then sends `post_save` as `save` does, so that what follows the party's saves (its
    POS event) follows this one."""
    meta, quote = Party._meta, connection.ops.quote_name
    end, start, updated = (quote(meta.get_field(name).column) for name in ("end_time", "start_time", "updated_at"))
    moment = meta.get_field("end_time").get_db_prep_value
    ended_at, saved_at = moment(now, connection), moment(timezone.now(), connection)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {end} = CASE WHEN %s > {start} THEN %s ELSE {start} END, {updated} = %s "
        f"WHERE {quote(meta.pk.column)} = %s AND {quote(meta.get_field('venue').column)} = %s AND {end} IS NULL "
        f"RETURNING {', '.join(quote(field.column) for field in meta.concrete_fields)}"
    )
    party = next(iter(list(Party.objects.raw(sql, [ended_at, ended_at, saved_at, party_id, venue.pk]))), None)
    if party is not None:
        post_save.send(
            sender=Party, instance=party, created=False, update_fields=frozenset({"end_time", "updated_at"}),
            raw=False, using=party._state.db,
        )
    return party


def free_seats(party: Party) -> list[PartyTable]:
    """Free the seats of a party that is ending, and answer them, freed, in ID order: one
    `UPDATE ... RETURNING`, which the ORM does not write (its `update` answers a count), so
    that they need not be read again. They are all the party's seats: a party that has not
    ended has only active ones (`seat` and `seat_new_party` write seats active while it has
    not ended; the seats it left were deleted or moved). Sends no signal: the caller saves
    the party in the same transaction, and that reports them to Dojo."""
    meta, quote = PartyTable._meta, connection.ops.quote_name
    active, of_party = (quote(meta.get_field(name).column) for name in ("is_active", "party"))
    at_table = quote(meta.get_field("table").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {active} = %s WHERE {of_party} = %s AND {active} "
            f"RETURNING {quote(meta.pk.column)}, {at_table}",
            [False, party.pk],
        )
        freed = sorted(cursor.fetchall())
    return [_freed_seat(party, pk, table_id) for pk, table_id in freed]


def _freed_seat(party: Party, pk: int, table_id: int) -> PartyTable:
    """A seat of the party's, freed, as the ORM would have read it."""
    seat = _SEATS((pk, party.pk, table_id, False))
    seat.party = party
    return seat


_SEATS = Instances(PartyTable)  # id, party, table, is_active


def held_seats(party: Party) -> list[PartyTable]:
    """The party's seats (its tables, active or not), in ID order: read once, then kept
    with the party as if prefetched."""
    prefetch_related_objects([party], Prefetch("party_tables", queryset=PartyTable.objects.order_by("pk")))
    return list(party.party_tables.all())


def held_table_ids(party: Party) -> list[int]:
    """The IDs of the tables the party sits (or sat) at, in ID order."""
    return sorted(seat.table_id for seat in held_seats(party))


def apply_deposit(party: Party, deposit: Deposit | None) -> None:
    party.deposit_value = deposit.value if deposit else None
    party.deposit_currency = deposit.currency if deposit else ""
    party.deposit_description = deposit.description if deposit else ""
    party.deposit_payment_intent_ids = list(deposit.payment_intent_ids) if deposit else []

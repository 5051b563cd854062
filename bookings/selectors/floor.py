"""Front of house: what the live floor view shows, the waitlist."""
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet

from floorplan.models import Area, Table, Venue, Waiter
from floorplan.ordering import in_natural_order
from floorplan.selectors import area_decor, waiter_id_list, with_waiters
from posbackoffice.kernel.errors import NotFound
from posbackoffice.kernel.queries import Instances, Param, PreparedRead

from ..models import Party, PartyTable, Reservation, WaitlistEntry
from .day import ListedReservation, ReservationsToday, reservations_read, sorted_for_the_host, venue_day


RESERVATION_SOON = dt.timedelta(hours=1)


class TableState(models.TextChoices):
    FREE = "free", "Free"
    RESERVED_SOON = "reserved-soon", "Reserved soon"
    SEATED = "seated", "Seated"
    OVER_TIME = "over-time", "Over time"
    BLOCKED = "blocked", "Blocked"


@dataclass(frozen=True)
class FloorTable:
    """One table as the floor view draws it: the party at it, and the next guests due there
    today, whether or not it is seated."""

    table: Table
    state: TableState
    party: Party | None = None
    seats: int = 0  # the places at all the party's tables, to set against its covers
    minutes_seated: int | None = None
    waiters: tuple[Waiter, ...] = ()  # the party's server, or else those of all its tables
    party_tables: tuple[Table, ...] = ()  # every table the party sits at, in natural order
    next_reservation: ListedReservation | None = None

    @property
    def waiter_initials(self) -> tuple[str, ...]:
        return tuple(waiter.initials for waiter in self.waiters)

    @property
    def joined(self) -> str:
        """A party at several tables, as one: "T7+T8"; empty otherwise."""
        return "+".join(table.name for table in self.party_tables) if len(self.party_tables) > 1 else ""

    @property
    def overruns(self) -> bool:
        """The party is expected to stay past the start of the next booking here."""
        end = self.party.expected_end_time if self.party else None
        return end is not None and self.next_reservation is not None and end > self.next_reservation.start_time

    def served_by(self, waiter_id: int) -> bool:
        """The waiter's section: tables assigned to them, and tables of parties they serve."""
        assigned = any(waiter.pk == waiter_id for waiter in self.table.assigned_waiters)
        return assigned or (self.party is not None and self.party.waiter_id == waiter_id)


@dataclass(frozen=True)
class FloorArea:
    area: Area
    tables: list[FloorTable]

    @property
    def width(self) -> int:
        """The plan's size in grid cells, as the manager set it: every table lies within."""
        return self.area.width

    @property
    def height(self) -> int:
        return self.area.height

    @property
    def decor(self):
        """The walls, bar counter and labels drawn on the plan (read when drawn: one query)."""
        return area_decor(area_id=self.area.pk)


def reservations_due(
    *, venue: Venue, table_ids: Iterable[int], now: dt.datetime, except_reservation_id: int | None = None
) -> list[Reservation]:
    """Reservations still expected at any of these tables within RESERVATION_SOON: not
    seated, not marked no-show, not over (late guests still count)."""
    due = _expected_reservations(venue, now).filter(
        tables__id__in=list(table_ids), start_time__lt=now + RESERVATION_SOON
    )
    if except_reservation_id is not None:
        due = due.exclude(pk=except_reservation_id)
    return list(due.distinct().order_by("start_time", "pk"))


@dataclass(frozen=True)
class FloorReservations:
    """Today's reservations, sorted as the list beside the floor shows them, and each
    table's next expected guests: today's, or soon (early next morning, too)."""

    today: ReservationsToday
    next_by_table: dict[int, ListedReservation]


def floor_reservations(*, venue: Venue, now: dt.datetime) -> FloorReservations:
    """What the floor shows of the venue's reservations, from one read (`reservations_read`):
    those starting today or within RESERVATION_SOON, and those started earlier still running."""
    day_start, day_end = venue_day(venue=venue, now=now)
    read = reservations_read(venue=venue, start=day_start, end=max(day_end, now + RESERVATION_SOON), running_at=now)
    next_by_table = {}
    for reservation in read:  # the earliest first
        if reservation.expected(now):
            for table_id in reservation.table_ids:
                next_by_table.setdefault(table_id, reservation)
    today = [reservation for reservation in read if day_start <= reservation.start_time < day_end]
    return FloorReservations(today=sorted_for_the_host(today, now=now), next_by_table=next_by_table)


def floor_areas(
    *, venue: Venue, now: dt.datetime, waiter_id: int | None = None, reservations: FloorReservations | None = None
) -> list[FloorArea]:
    """Every area with its tables' state, in five queries however many tables there are
    (four with the venue's `reservations`, `floor_reservations`, given).
    With `waiter_id`, only the tables in that waiter's section."""
    reservations = reservations or floor_reservations(venue=venue, now=now)
    areas = floor_area_list(venue=venue)
    tables = in_natural_order(with_waiters(Table.objects.filter(venue=venue, retired_at__isnull=True)).order_by("pk"))
    seats = PartyTable.objects.filter(table__venue=venue, is_active=True).select_related("party__waiter")
    parties = _active_parties_by_table((seat.table_id, seat.party) for seat in seats)
    by_area = {area.pk: [] for area in areas}
    for floor_table in _floor_tables(tables, parties, reservations.next_by_table, now=now, waiter_id=waiter_id):
        by_area[floor_table.table.area_id].append(floor_table)
    return [FloorArea(area=area, tables=by_area[area.pk]) for area in areas]


_AREAS = Instances(Area)
_AREA_LIST = PreparedRead(
    lambda: Area.objects.filter(venue_id=Param("venue_id", models.IntegerField()))
    .order_by("display_order", "name", "pk")
    .values_list(*_AREAS.fields)
)


def floor_area_list(*, venue: Venue) -> list[Area]:
    """The venue's areas in the order the floor shows them (its tabs): one query compiled once."""
    return [_AREAS(row) for row in _AREA_LIST.rows(venue_id=venue.pk)]


def floor_area(
    *, venue: Venue, area: Area, now: dt.datetime, waiter_id: int | None = None, waiters: dict[int, Waiter] | None = None,
    reservations: FloorReservations | None = None,
) -> FloorArea:
    """One area with its tables' state, as `floor_areas` has it, in two queries however
    many tables the venue has, each compiled once: the parties seated in the area (and
    their seats elsewhere), and this area's tables and those in other areas where a party
    seated here sits too (a joined party's name, seats and waiters); a third for the
    venue's `waiters` (`floor_waiters`) and a fourth for its `reservations`
    (`floor_reservations`) unless given."""
    waiters = floor_waiters(venue=venue) if waiters is None else waiters
    reservations = reservations or floor_reservations(venue=venue, now=now)
    parties = _active_parties_by_table(_seats_of_parties_in(area.pk, waiters))
    tables = in_natural_order(_tables_of(area.pk, venue.pk, waiters))
    floor_tables = _floor_tables(tables, parties, reservations.next_by_table, now=now, waiter_id=waiter_id)
    return FloorArea(area=area, tables=[t for t in floor_tables if t.table.area_id == area.pk])


_PARTIES, _TABLES, _WAITERS = Instances(Party), Instances(Table), Instances(Waiter)


def _seated_in_area() -> QuerySet:
    """The parties seated at a table of the area (`Param` "area_id")."""
    return PartyTable.objects.filter(table__area_id=Param("area_id", models.IntegerField()), is_active=True).values("party_id")


_SEATS_OF_PARTIES_IN_AREA = PreparedRead(
    lambda: PartyTable.objects.filter(party__in=_seated_in_area(), is_active=True)
    .order_by("pk")
    .values_list("table_id", *(f"party__{name}" for name in _PARTIES.fields))
)


def _seats_of_parties_in(area_id: int, waiters: dict[int, Waiter]) -> list[tuple[int, Party]]:
    """Each table where a party seated in the area sits (here or in another area), and the
    party, with its waiter (from `waiters`); one party is one instance at all its tables."""
    parties, seats = {}, []
    for table_id, *values in _SEATS_OF_PARTIES_IN_AREA.rows(area_id=area_id):
        party = parties.get(values[0])
        if party is None:
            party = parties[values[0]] = _PARTIES(values)
            party.waiter = waiters.get(party.waiter_id)
        seats.append((table_id, party))
    return seats


_TABLES_OF_AREA = PreparedRead(
    lambda: Table.objects.filter(
        Q(area_id=Param("area_id", models.IntegerField()))
        | Q(pk__in=PartyTable.objects.filter(party__in=_seated_in_area(), is_active=True).values("table_id")),
        venue_id=Param("venue_id", models.IntegerField()),
        retired_at__isnull=True,
    )
    .order_by("pk")
    .annotate(waiter_ids=waiter_id_list("tables"))
    .values_list(*_TABLES.fields, "waiter_ids")
)


def _tables_of(area_id: int, venue_id: int, waiters: dict[int, Waiter]) -> list[Table]:
    """The area's tables and those elsewhere its parties sit at too, with their waiters
    (`assigned_waiters`, from `waiters`), in the order of their IDs."""
    tables = []
    for *values, waiter_ids in _TABLES_OF_AREA.rows(area_id=area_id, venue_id=venue_id):
        table = _TABLES(values)
        table.assigned_waiters = [waiters[pk] for pk in waiter_ids]
        tables.append(table)
    return tables


_VENUE_WAITERS = PreparedRead(
    lambda: Waiter.objects.filter(venue_id=Param("venue_id", models.IntegerField())).order_by("name", "pk")
    .values_list(*_WAITERS.fields)
)


def floor_waiters(*, venue: Venue) -> dict[int, Waiter]:
    """All the venue's waiters by ID and in order of their names, those not working too (a
    table keeps its waiters): one query compiled once, which gives the floor both the user's
    waiter (`waiter_for_user`) and those of the tables and parties it shows."""
    return {row.id: _WAITERS(row) for row in _VENUE_WAITERS.rows(venue_id=venue.pk)}


def _floor_tables(
    tables: list[Table], parties: dict[int, tuple[Party, list[int]]], next_reservations: dict[int, ListedReservation], *,
    now: dt.datetime, waiter_id: int | None,
) -> list[FloorTable]:
    """The state of the `tables` (in natural order of their names), with the parties seated
    (`_active_parties_by_table`) and the next bookings."""
    by_id = {table.pk: table for table in tables}
    floor_tables = []
    for table in tables:
        party, party_table_ids = parties.get(table.pk, (None, []))
        party_tables = tuple(in_natural_order(by_id[table_id] for table_id in party_table_ids))
        floor_table = _floor_table(table, party, party_tables, next_reservations.get(table.pk), now)
        if waiter_id is None or floor_table.served_by(waiter_id):
            floor_tables.append(floor_table)
    return floor_tables


def waiter_for_user(*, waiters: dict[int, Waiter], user_id: int) -> Waiter | None:
    """The waiter the logged-in user works as, among the venue's (`floor_waiters`), if any."""
    return next((waiter for waiter in waiters.values() if waiter.user_id == user_id and waiter.is_active), None)


def _expected_reservations(venue: Venue, now: dt.datetime) -> QuerySet[Reservation]:
    return Reservation.objects.filter(venue=venue, end_time__gt=now, no_show_at__isnull=True, parties__isnull=True)


def _active_parties_by_table(seats: Iterable[tuple[int, Party]]) -> dict[int, tuple[Party, list[int]]]:
    """Each occupied table's party, with all the tables that party holds, from the active
    seats: (table ID, party)."""
    parties, tables_of = {}, {}
    for table_id, party in seats:
        parties[table_id] = party
        tables_of.setdefault(party.pk, []).append(table_id)
    return {table_id: (party, tables_of[party.pk]) for table_id, party in parties.items()}


def _floor_table(
    table: Table, party: Party | None, party_tables: tuple[Table, ...], next_reservation: ListedReservation | None,
    now: dt.datetime,
) -> FloorTable:
    if not table.is_active and party is None:
        return FloorTable(table=table, state=TableState.BLOCKED, next_reservation=next_reservation)
    if party is None:
        soon = next_reservation is not None and next_reservation.start_time < now + RESERVATION_SOON
        state = TableState.RESERVED_SOON if soon else TableState.FREE
        return FloorTable(table=table, state=state, next_reservation=next_reservation)
    over = party.expected_end_time is not None and party.expected_end_time < now
    return FloorTable(
        table=table,
        state=TableState.OVER_TIME if over else TableState.SEATED,
        party=party,
        seats=sum(seated_at.max_covers for seated_at in party_tables),
        minutes_seated=max(0, int((now - party.start_time).total_seconds() // 60)),
        waiters=_serving(party, party_tables),
        party_tables=party_tables,
        next_reservation=next_reservation,
    )


def _serving(party: Party, party_tables: tuple[Table, ...]) -> tuple[Waiter, ...]:
    """The party's own server, or else the waiters of all its tables: the same on each."""
    if party.waiter:
        return (party.waiter,)
    waiters = {waiter.pk: waiter for table in party_tables for waiter in table.assigned_waiters}
    return tuple(sorted(waiters.values(), key=lambda waiter: (waiter.name, waiter.pk)))


# The waitlist


@dataclass(frozen=True)
class Waiting:
    """A group on the waitlist, and how long they have waited so far."""

    entry: WaitlistEntry
    minutes: int

    @property
    def over_quote(self) -> bool:
        quoted = self.entry.quoted_minutes
        return quoted is not None and self.minutes > quoted


def waitlist_waiting(*, venue: Venue, now: dt.datetime) -> list[Waiting]:
    """The groups waiting now, first come first."""
    entries = WaitlistEntry.objects.filter(venue=venue, status=WaitlistEntry.Status.WAITING).order_by("added_at", "pk")
    return [Waiting(entry=entry, minutes=max(0, int((now - entry.added_at).total_seconds() // 60))) for entry in entries]


def waitlist_entry_get(*, venue: Venue, entry_id: int) -> WaitlistEntry:
    entry = WaitlistEntry.objects.filter(venue=venue, pk=entry_id).select_related("party").first()
    if entry is None:
        raise NotFound("That group is no longer on the waitlist.")
    return entry

"""Front of house: what the live floor view shows, the venue's day, the waitlist."""
import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from floorplan.models import Area, Table, Venue, Waiter
from floorplan.ordering import in_natural_order, natural_key
from floorplan.selectors import area_decor, waiter_id_list, with_waiters
from posbackoffice.kernel.errors import NotFound
from posbackoffice.kernel.queries import IdList, Param, PreparedRead, prepared

from ..models import Party, PartyTable, Reservation, WaitlistEntry


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
    next_reservation: Reservation | None = None

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


@dataclass(frozen=True)
class ReservationsToday:
    """A day's reservations, sorted into what the host needs to act on (any day, despite the name)."""

    upcoming: list[Reservation]
    late: list[Reservation]
    seated: list[Reservation]
    no_show: list[Reservation]


# A restaurant's evening does not end at midnight: the venue's day (today's reservations, the
# timeline, "tomorrow") runs from this local time to the same time the next morning, so the
# 00:30 table still belongs to Friday night.
DAY_STARTS_AT = dt.time(5)


def venue_day(*, venue: Venue, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The start and end of the venue's day containing `now`."""
    return venue_date_bounds(venue=venue, day=venue_today(venue=venue, now=now))


def venue_today(*, venue: Venue, now: dt.datetime) -> dt.date:
    """The venue's day at `now`: the calendar date, or the one before until DAY_STARTS_AT."""
    local_now = now.astimezone(zoneinfo.ZoneInfo(venue.timezone))
    if local_now.time() < DAY_STARTS_AT:
        return local_now.date() - dt.timedelta(days=1)
    return local_now.date()


def venue_date_bounds(*, venue: Venue, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first and the last moment (exclusive) of a day at the venue, DAY_STARTS_AT to
    DAY_STARTS_AT: wall-clock times, so a day is 23 or 25 hours long when the clocks change."""
    zone = zoneinfo.ZoneInfo(venue.timezone)
    return (
        dt.datetime.combine(day, DAY_STARTS_AT, tzinfo=zone),
        dt.datetime.combine(day + dt.timedelta(days=1), DAY_STARTS_AT, tzinfo=zone),
    )


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


def floor_areas(*, venue: Venue, now: dt.datetime, waiter_id: int | None = None) -> list[FloorArea]:
    """Every area with its tables' state, in five queries however many tables there are.
    With `waiter_id`, only the tables in that waiter's section."""
    areas = floor_area_list(venue=venue)
    tables = in_natural_order(with_waiters(Table.objects.filter(venue=venue, retired_at__isnull=True)).order_by("pk"))
    seats = PartyTable.objects.filter(table__venue=venue, is_active=True).select_related("party__waiter")
    parties = _active_parties_by_table((seat.table_id, seat.party) for seat in seats)
    by_area = {area.pk: [] for area in areas}
    next_reservations = _next_reservations_by_table(venue, now)
    for floor_table in _floor_tables(tables, parties, next_reservations, now=now, waiter_id=waiter_id):
        by_area[floor_table.table.area_id].append(floor_table)
    return [FloorArea(area=area, tables=by_area[area.pk]) for area in areas]


_AREA_FIELDS = [field.attname for field in Area._meta.concrete_fields]
_AREAS = PreparedRead(
    lambda: Area.objects.filter(venue_id=Param("venue_id", models.IntegerField()))
    .order_by("display_order", "name", "pk")
    .values_list(*_AREA_FIELDS)
)


def floor_area_list(*, venue: Venue) -> list[Area]:
    """The venue's areas in the order the floor shows them (its tabs): one query compiled once."""
    return [_instance(Area, _AREA_FIELDS, row) for row in _AREAS.rows(venue_id=venue.pk)]


def floor_area(
    *, venue: Venue, area: Area, now: dt.datetime, waiter_id: int | None = None, waiters: dict[int, Waiter] | None = None
) -> FloorArea:
    """One area with its tables' state, as `floor_areas` has it, in three queries however
    many tables the venue has, each compiled once: the parties seated in the area (and
    their seats elsewhere), this area's tables and those in other areas where a party seated
    here sits too (a joined party's name, seats and waiters), and the area's next bookings;
    a fourth for the venue's `waiters` (`floor_waiters`) unless given."""
    waiters = floor_waiters(venue=venue) if waiters is None else waiters
    parties = _active_parties_by_table(_seats_of_parties_in(area.pk, waiters))
    tables = in_natural_order(_tables_of(area.pk, venue.pk, waiters))
    next_reservations = _next_reservations_by_table(venue, now, area=area)
    floor_tables = _floor_tables(tables, parties, next_reservations, now=now, waiter_id=waiter_id)
    return FloorArea(area=area, tables=[t for t in floor_tables if t.table.area_id == area.pk])


def _instance(model: type[models.Model], fields: list[str], values) -> models.Model:
    """A model instance from the values of all its concrete `fields`, as the ORM makes it."""
    return model.from_db(DEFAULT_DB_ALIAS, fields, values)


_PARTY_FIELDS = [field.attname for field in Party._meta.concrete_fields]
_TABLE_FIELDS = [field.attname for field in Table._meta.concrete_fields]
_WAITER_FIELDS = [field.attname for field in Waiter._meta.concrete_fields]
_RESERVATION_FIELDS = [field.attname for field in Reservation._meta.concrete_fields]


def _seated_in_area() -> QuerySet:
    """The parties seated at a table of the area (`Param` "area_id")."""
    return PartyTable.objects.filter(table__area_id=Param("area_id", models.IntegerField()), is_active=True).values("party_id")


_SEATS_OF_PARTIES_IN_AREA = PreparedRead(
    lambda: PartyTable.objects.filter(party__in=_seated_in_area(), is_active=True)
    .order_by("pk")
    .values_list("table_id", *(f"party__{name}" for name in _PARTY_FIELDS))
)


def _seats_of_parties_in(area_id: int, waiters: dict[int, Waiter]) -> list[tuple[int, Party]]:
    """Each table where a party seated in the area sits (here or in another area), and the
    party, with its waiter (from `waiters`); one party is one instance at all its tables."""
    parties, seats = {}, []
    for table_id, *values in _SEATS_OF_PARTIES_IN_AREA.rows(area_id=area_id):
        party = parties.get(values[0])
        if party is None:
            party = parties[values[0]] = _instance(Party, _PARTY_FIELDS, values)
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
    .values_list(*_TABLE_FIELDS, "waiter_ids")
)


def _tables_of(area_id: int, venue_id: int, waiters: dict[int, Waiter]) -> list[Table]:
    """The area's tables and those elsewhere its parties sit at too, with their waiters
    (`assigned_waiters`, from `waiters`), in the order of their IDs."""
    tables = []
    for *values, waiter_ids in _TABLES_OF_AREA.rows(area_id=area_id, venue_id=venue_id):
        table = _instance(Table, _TABLE_FIELDS, values)
        table.assigned_waiters = [waiters[pk] for pk in waiter_ids]
        tables.append(table)
    return tables


_VENUE_WAITERS = PreparedRead(
    lambda: Waiter.objects.filter(venue_id=Param("venue_id", models.IntegerField())).order_by("name", "pk")
    .values_list(*_WAITER_FIELDS)
)


def floor_waiters(*, venue: Venue) -> dict[int, Waiter]:
    """All the venue's waiters by ID and in order of their names, those not working too (a
    table keeps its waiters): one query compiled once, which gives the floor both the user's
    waiter (`waiter_for_user`) and those of the tables and parties it shows."""
    return {row.id: _instance(Waiter, _WAITER_FIELDS, row) for row in _VENUE_WAITERS.rows(venue_id=venue.pk)}


def _floor_tables(
    tables: list[Table], parties: dict[int, tuple[Party, list[int]]], next_reservations: dict[int, Reservation], *,
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


def reservations_today(*, venue: Venue, now: dt.datetime) -> ReservationsToday:
    """The venue's reservations starting today, sorted into what the host needs to act on."""
    return reservations_on(venue=venue, day=venue_today(venue=venue, now=now), now=now)


def reservations_on(*, venue: Venue, day: dt.date, now: dt.datetime) -> ReservationsToday:
    """The venue's reservations starting on `day` (a date at the venue), sorted as today's
    are: those of a later day are all upcoming, those of an earlier day unseated are late.

    One query compiled once: each reservation comes with its tables' IDs (`table_ids`) and
    names in natural order (`table_names`, "T4, T5"), and the party last seated from it
    (`seated_party`, or None)."""
    start, end = venue_date_bounds(venue=venue, day=day)
    groups = ReservationsToday(upcoming=[], late=[], seated=[], no_show=[])
    for *values, table_ids, names, party_start, party_end, deposit_value, deposit_currency in _DAY_RESERVATIONS.rows(
        venue_id=venue.pk, start=start, end=end
    ):
        reservation = _instance(Reservation, _RESERVATION_FIELDS, values)
        reservation.table_ids = table_ids
        reservation.table_names = ", ".join(sorted(names, key=natural_key))
        seated = party_start is not None
        reservation.seated_party = SeatedParty(party_start, party_end, deposit_value, deposit_currency) if seated else None
        if seated:
            groups.seated.append(reservation)
        elif reservation.no_show_at:
            groups.no_show.append(reservation)
        elif reservation.start_time <= now:
            groups.late.append(reservation)
        else:
            groups.upcoming.append(reservation)
    return groups


class SeatedParty(NamedTuple):
    """What the reservations list shows of the party last seated from a reservation."""

    start_time: dt.datetime
    end_time: dt.datetime | None
    deposit_value: int | None
    deposit_currency: str


def _day_reservations() -> QuerySet:
    """The venue's reservations starting in [start, end) (`Param`s), each with its tables'
    IDs and names and what the list shows of the party last seated from it."""
    booked = Table.objects.filter(reservations=OuterRef("pk")).order_by("pk")
    latest = Party.objects.filter(reservation=OuterRef("pk")).order_by("-start_time", "-pk")
    return (
        Reservation.objects.filter(
            venue_id=Param("venue_id", models.IntegerField()),
            start_time__gte=Param("start", models.DateTimeField()),
            start_time__lt=Param("end", models.DateTimeField()),
        )
        .order_by("start_time", "pk")
        .annotate(
            table_ids=IdList(booked),
            names=IdList(booked, "name"),
            **{
                f"party_{name}": Subquery(latest.values(name)[:1])
                for name in ("start_time", "end_time", "deposit_value", "deposit_currency")
            },
        )
        .values_list(
            *_RESERVATION_FIELDS, "table_ids", "names", "party_start_time", "party_end_time", "party_deposit_value",
            "party_deposit_currency",
        )
    )


_DAY_RESERVATIONS = PreparedRead(_day_reservations)


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


def _next_reservations_by_table(venue: Venue, now: dt.datetime, area: Area | None = None) -> dict[int, Reservation]:
    """Each table's next expected guests today, or soon (early next morning, too); only
    the tables of `area` when given. One query, compiled once for each of its two shapes."""
    _, day_end = venue_day(venue=venue, now=now)
    read = prepared(("next reservations", area is not None), functools.partial(_next_reservation_links, area is not None))
    rows = read.rows(venue_id=venue.pk, now=now, horizon=max(day_end, now + RESERVATION_SOON), area_id=area and area.pk)
    next_by_table = {}
    for table_id, *values in rows:
        if table_id not in next_by_table:
            next_by_table[table_id] = _instance(Reservation, _RESERVATION_FIELDS, values)
    return next_by_table


def _next_reservation_links(in_area: bool) -> QuerySet:
    """The tables of the reservations expected before the `horizon`, each with its
    reservation, the earliest first (`Param`s: venue_id, now, horizon; area_id `in_area`):
    written as joins rather than through `_expected_reservations`, which PostgreSQL plans
    faster (its plan is made again for each run: it depends on the times)."""
    links = Reservation.tables.through.objects.filter(
        ~Exists(Party.objects.filter(reservation=OuterRef("reservation_id"))),
        reservation__venue_id=Param("venue_id", models.IntegerField()),
        reservation__end_time__gt=Param("now", models.DateTimeField()),
        reservation__no_show_at__isnull=True,
        reservation__start_time__lt=Param("horizon", models.DateTimeField()),
    )
    if in_area:
        links = links.filter(table__area_id=Param("area_id", models.IntegerField()))
    return links.order_by("reservation__start_time", "reservation_id").values_list(
        "table_id", *(f"reservation__{name}" for name in _RESERVATION_FIELDS)
    )


def _floor_table(
    table: Table, party: Party | None, party_tables: tuple[Table, ...], next_reservation: Reservation | None, now: dt.datetime
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

"""Front of house: what the live floor view shows, the venue's day, the waitlist."""
import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch, Q, QuerySet

from floorplan.models import Area, Table, Venue, Waiter
from floorplan.ordering import in_natural_order
from floorplan.selectors import with_waiters
from posbackoffice.kernel.errors import NotFound

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
        return self.area.decor.all()


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
    tables = with_waiters(Table.objects.filter(venue=venue, retired_at__isnull=True))
    seats = PartyTable.objects.filter(table__venue=venue, is_active=True).select_related("party__waiter")
    by_area = {area.pk: [] for area in areas}
    for floor_table in _floor_tables(tables, seats, _next_reservations_by_table(venue, now), now=now, waiter_id=waiter_id):
        by_area[floor_table.table.area_id].append(floor_table)
    return [FloorArea(area=area, tables=by_area[area.pk]) for area in areas]


def floor_area_list(*, venue: Venue) -> list[Area]:
    """The venue's areas in the order the floor shows them (its tabs)."""
    return list(Area.objects.filter(venue=venue).order_by("display_order", "name", "pk"))


def floor_area(*, venue: Venue, area: Area, now: dt.datetime, waiter_id: int | None = None) -> FloorArea:
    """One area with its tables' state, as `floor_areas` has it, in four queries however
    many tables the venue has: only this area's tables are read, and those in other areas
    where a party seated here sits too (a joined party's name, seats and waiters)."""
    seated_here = PartyTable.objects.filter(table__area=area, is_active=True).values("party_id")
    seats = list(PartyTable.objects.filter(party__in=seated_here, is_active=True).select_related("party__waiter"))
    their_tables = {seat.table_id for seat in seats}
    tables = with_waiters(Table.objects.filter(Q(area=area) | Q(pk__in=their_tables), venue=venue, retired_at__isnull=True))
    next_reservations = _next_reservations_by_table(venue, now, area=area)
    floor_tables = _floor_tables(tables, seats, next_reservations, now=now, waiter_id=waiter_id)
    return FloorArea(area=area, tables=[t for t in floor_tables if t.table.area_id == area.pk])


def _floor_tables(
    tables: QuerySet[Table], seats: Iterable[PartyTable], next_reservations: dict[int, Reservation], *,
    now: dt.datetime, waiter_id: int | None,
) -> list[FloorTable]:
    """The tables' state, in natural order of their names, with the parties seated
    (`seats`, with their party and its waiter)."""
    tables = in_natural_order(tables.order_by("pk"))
    by_id = {table.pk: table for table in tables}
    parties = _active_parties_by_table(seats)
    floor_tables = []
    for table in tables:
        party, party_table_ids = parties.get(table.pk, (None, []))
        party_tables = tuple(in_natural_order(by_id[table_id] for table_id in party_table_ids))
        floor_table = _floor_table(table, party, party_tables, next_reservations.get(table.pk), now)
        if waiter_id is None or floor_table.served_by(waiter_id):
            floor_tables.append(floor_table)
    return floor_tables


def waiter_for_user(*, venue: Venue, user_id: int) -> Waiter | None:
    """The waiter the logged-in user works as at this venue, if any."""
    return Waiter.objects.filter(venue=venue, user_id=user_id, is_active=True).first()


def reservations_today(*, venue: Venue, now: dt.datetime) -> ReservationsToday:
    """The venue's reservations starting today, sorted into what the host needs to act on."""
    return reservations_on(venue=venue, day=venue_today(venue=venue, now=now), now=now)


def reservations_on(*, venue: Venue, day: dt.date, now: dt.datetime) -> ReservationsToday:
    """The venue's reservations starting on `day` (a date at the venue), sorted as today's
    are: those of a later day are all upcoming, those of an earlier day unseated are late."""
    start, end = venue_date_bounds(venue=venue, day=day)
    reservations = (
        Reservation.objects.filter(venue=venue, start_time__gte=start, start_time__lt=end)
        .prefetch_related(
            # Tables are shown in natural order of their names: none read in the plan's order.
            Prefetch("tables", queryset=Table.objects.order_by()),
            Prefetch("parties", queryset=Party.objects.order_by("-start_time", "-pk")),
        )
        .order_by("start_time", "pk")
    )
    groups = ReservationsToday(upcoming=[], late=[], seated=[], no_show=[])
    for reservation in reservations:
        if reservation.parties.all():
            groups.seated.append(reservation)
        elif reservation.no_show_at:
            groups.no_show.append(reservation)
        elif reservation.start_time <= now:
            groups.late.append(reservation)
        else:
            groups.upcoming.append(reservation)
    return groups


def _expected_reservations(venue: Venue, now: dt.datetime) -> QuerySet[Reservation]:
    return Reservation.objects.filter(venue=venue, end_time__gt=now, no_show_at__isnull=True, parties__isnull=True)


def _active_parties_by_table(seats: Iterable[PartyTable]) -> dict[int, tuple[Party, list[int]]]:
    """Each occupied table's party, with all the tables that party holds."""
    parties, tables_of = {}, {}
    for seat in seats:
        parties[seat.table_id] = seat.party
        tables_of.setdefault(seat.party_id, []).append(seat.table_id)
    return {table_id: (party, tables_of[party.pk]) for table_id, party in parties.items()}


def _next_reservations_by_table(venue: Venue, now: dt.datetime, area: Area | None = None) -> dict[int, Reservation]:
    """Each table's next expected guests today, or soon (early next morning, too); only
    the tables of `area` when given."""
    _, day_end = venue_day(venue=venue, now=now)
    horizon = max(day_end, now + RESERVATION_SOON)
    links = Reservation.tables.through.objects.filter(
        reservation__in=_expected_reservations(venue, now).filter(start_time__lt=horizon)
    )
    if area is not None:
        links = links.filter(table__area=area)
    next_by_table = {}
    for link in links.select_related("reservation").order_by("reservation__start_time", "reservation_id"):
        next_by_table.setdefault(link.table_id, link.reservation)
    return next_by_table


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

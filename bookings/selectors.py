"""Reads of reservations and parties."""
import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch, QuerySet

from floorplan.models import Area, Table, Venue, Waiter
from floorplan.selectors import with_waiters
from posbackoffice.kernel.errors import NotFound

from .models import Party, PartyTable, Reservation


def _reservations(venue: Venue) -> QuerySet[Reservation]:
    return Reservation.objects.filter(venue=venue).prefetch_related("tables")


def _parties(venue: Venue) -> QuerySet[Party]:
    seats = Prefetch("party_tables", queryset=PartyTable.objects.order_by("pk"))
    return Party.objects.filter(venue=venue).prefetch_related(seats)


def reservation_get(*, venue: Venue, reservation_id: int) -> Reservation:
    reservation = _reservations(venue).filter(pk=reservation_id).first()
    if reservation is None:
        raise NotFound(f"No reservation {reservation_id} in this venue.")
    return reservation


def reservation_search(
    *,
    venue: Venue,
    table_id: int | None = None,
    from_time: dt.datetime | None = None,
    to_time: dt.datetime | None = None,
) -> QuerySet[Reservation]:
    """Reservations at the table (if given) whose time overlaps [from_time, to_time)."""
    reservations = _reservations(venue)
    if table_id is not None:
        reservations = reservations.filter(tables__id=table_id)
    if from_time is not None:
        reservations = reservations.filter(end_time__gt=from_time)
    if to_time is not None:
        reservations = reservations.filter(start_time__lt=to_time)
    return reservations


def party_get(*, venue: Venue, party_id: int) -> Party:
    party = _parties(venue).filter(pk=party_id).first()
    if party is None:
        raise NotFound(f"No party {party_id} in this venue.")
    return party


def party_search(*, venue: Venue, table_id: int | None = None, completed_only: bool = False) -> QuerySet[Party]:
    """Seated parties (no end time) by default; only ended ones with `completed_only`."""
    parties = _parties(venue).filter(end_time__isnull=not completed_only)
    if table_id is not None:
        parties = parties.filter(party_tables__table_id=table_id)
    return parties


def party_table_ids(party: Party) -> list[int]:
    """The party's table IDs in seating order, from prefetched rows when available."""
    return [seat.table_id for seat in party.party_tables.all()]


# Front of house: what the live floor view shows


RESERVATION_SOON = dt.timedelta(hours=1)


class TableState(models.TextChoices):
    FREE = "free", "Free"
    RESERVED_SOON = "reserved-soon", "Reserved soon"
    SEATED = "seated", "Seated"
    OVER_TIME = "over-time", "Over time"
    BLOCKED = "blocked", "Blocked"


@dataclass(frozen=True)
class FloorTable:
    """One table as the floor view draws it, with the party at it or the next guests due."""

    table: Table
    state: TableState
    party: Party | None = None
    seats: int = 0  # the places at all the party's tables, to set against its covers
    minutes_seated: int | None = None
    waiter_initials: tuple[str, ...] = ()
    next_reservation: Reservation | None = None

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
        """The plan's extent in grid cells, so that every table fits."""
        return max((t.table.x + t.table.width for t in self.tables), default=1)

    @property
    def height(self) -> int:
        return max((t.table.y + t.table.height for t in self.tables), default=1)


@dataclass(frozen=True)
class ReservationsToday:
    upcoming: list[Reservation]
    late: list[Reservation]
    seated: list[Reservation]
    no_show: list[Reservation]


def venue_day(*, venue: Venue, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The start and end of the venue's local calendar day containing `now`."""
    local_now = now.astimezone(zoneinfo.ZoneInfo(venue.timezone))
    start = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(days=1)  # wall-clock arithmetic: the next midnight, even across DST


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
    areas = list(Area.objects.filter(venue=venue).order_by("display_order", "name", "pk"))
    tables = list(with_waiters(Table.objects.filter(venue=venue)).order_by("name", "pk"))
    seats_at = {table.pk: table.max_covers for table in tables}
    parties = _active_parties_by_table(venue)
    next_reservations = _next_reservations_by_table(venue, now)
    floor_tables = {area.pk: [] for area in areas}
    for table in tables:
        party, party_table_ids = parties.get(table.pk, (None, []))
        seats = sum(seats_at[table_id] for table_id in party_table_ids)
        floor_table = _floor_table(table, party, seats, next_reservations.get(table.pk), now)
        if waiter_id is None or floor_table.served_by(waiter_id):
            floor_tables[table.area_id].append(floor_table)
    return [FloorArea(area=area, tables=floor_tables[area.pk]) for area in areas]


def waiter_for_user(*, venue: Venue, user_id: int) -> Waiter | None:
    """The waiter the logged-in user works as at this venue, if any."""
    return Waiter.objects.filter(venue=venue, user_id=user_id, is_active=True).first()


def reservations_today(*, venue: Venue, now: dt.datetime) -> ReservationsToday:
    """The venue's reservations starting today, sorted into what the host needs to act on."""
    start, end = venue_day(venue=venue, now=now)
    reservations = (
        _reservations(venue)
        .filter(start_time__gte=start, start_time__lt=end)
        .prefetch_related(Prefetch("parties", queryset=Party.objects.order_by("-start_time", "-pk")))
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


def _active_parties_by_table(venue: Venue) -> dict[int, tuple[Party, list[int]]]:
    """Each occupied table's party, with all the tables that party holds."""
    seats = PartyTable.objects.filter(table__venue=venue, is_active=True).select_related("party__waiter")
    parties, tables_of = {}, {}
    for seat in seats:
        parties[seat.table_id] = seat.party
        tables_of.setdefault(seat.party_id, []).append(seat.table_id)
    return {table_id: (party, tables_of[party.pk]) for table_id, party in parties.items()}


def _next_reservations_by_table(venue: Venue, now: dt.datetime) -> dict[int, Reservation]:
    """Each table's next expected guests today, or soon (just after midnight, too)."""
    _, day_end = venue_day(venue=venue, now=now)
    horizon = max(day_end, now + RESERVATION_SOON)
    links = (
        Reservation.tables.through.objects.filter(
            reservation__in=_expected_reservations(venue, now).filter(start_time__lt=horizon)
        )
        .select_related("reservation")
        .order_by("reservation__start_time", "reservation_id")
    )
    next_by_table = {}
    for link in links:
        next_by_table.setdefault(link.table_id, link.reservation)
    return next_by_table


def _floor_table(
    table: Table, party: Party | None, seats: int, next_reservation: Reservation | None, now: dt.datetime
) -> FloorTable:
    if not table.is_active and party is None:
        return FloorTable(table=table, state=TableState.BLOCKED, next_reservation=next_reservation)
    if party is None:
        soon = next_reservation is not None and next_reservation.start_time < now + RESERVATION_SOON
        state = TableState.RESERVED_SOON if soon else TableState.FREE
        return FloorTable(table=table, state=state, next_reservation=next_reservation)
    over = party.expected_end_time is not None and party.expected_end_time < now
    waiters = (party.waiter,) if party.waiter else tuple(table.assigned_waiters)
    return FloorTable(
        table=table,
        state=TableState.OVER_TIME if over else TableState.SEATED,
        party=party,
        seats=seats,
        minutes_seated=max(0, int((now - party.start_time).total_seconds() // 60)),
        waiter_initials=tuple(waiter.initials for waiter in waiters),
        next_reservation=next_reservation,
    )

"""The venue's day: when it starts and ends, and its reservations sorted into what the host
needs to act on (beside the live floor, and in the day view)."""
import datetime as dt
import functools
import itertools
import operator
import zoneinfo
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.db.models import F, Q, QuerySet

from floorplan.models import Venue
from floorplan.ordering import natural_key
from posbackoffice.kernel.queries import Param, PreparedRead

from ..models import Reservation


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


@dataclass(frozen=True)
class ReservationsToday:
    """A day's reservations, sorted into what the host needs to act on (any day, despite the name)."""

    upcoming: list["ListedReservation"]
    late: list["ListedReservation"]
    seated: list["ListedReservation"]
    no_show: list["ListedReservation"]


class SeatedParty(NamedTuple):
    """What the reservations list shows of the party last seated from a reservation."""

    start_time: dt.datetime
    end_time: dt.datetime | None
    deposit_value: int | None
    deposit_currency: str


@dataclass(frozen=True, slots=True)
class ListedReservation:
    """A reservation as the host's lists and the floor's tiles show it: what
    `reservations_read` reads of it, and no more. The list beside the floor is in every
    rendering of the live floor, and a busy day has a hundred reservations: made as models,
    with every field read, they cost more than the rest of the floor."""

    pk: int
    name: str
    covers: int
    start_time: dt.datetime
    end_time: dt.datetime
    host_notes: str
    guest_requests: str
    no_show_at: dt.datetime | None
    table_ids: list[int]  # in the order of their IDs
    table_names: str  # "T4, T5", in natural order
    seated_party: SeatedParty | None  # the party last seated from it, if any

    def expected(self, now: dt.datetime) -> bool:
        """Its guests are still expected: not seated, not marked no-show, not over (late
        guests still count); `floor._expected_reservations` is the same in SQL."""
        return self.seated_party is None and self.no_show_at is None and self.end_time > now


def reservations_today(*, venue: Venue, now: dt.datetime) -> ReservationsToday:
    """The venue's reservations starting today, sorted into what the host needs to act on."""
    return reservations_on(venue=venue, day=venue_today(venue=venue, now=now), now=now)


def reservations_on(*, venue: Venue, day: dt.date, now: dt.datetime) -> ReservationsToday:
    """The venue's reservations starting on `day` (a date at the venue), sorted as today's
    are (`sorted_for_the_host`): one query compiled once."""
    start, end = venue_date_bounds(venue=venue, day=day)
    return sorted_for_the_host(reservations_read(venue=venue, start=start, end=end), now=now)


def sorted_for_the_host(reservations: list[ListedReservation], *, now: dt.datetime) -> ReservationsToday:
    """Reservations sorted into what the host needs to act on: those of a later day are all
    upcoming, those of an earlier day unseated are late."""
    groups = ReservationsToday(upcoming=[], late=[], seated=[], no_show=[])
    for reservation in reservations:
        if reservation.seated_party:
            groups.seated.append(reservation)
        elif reservation.no_show_at:
            groups.no_show.append(reservation)
        elif reservation.start_time <= now:
            groups.late.append(reservation)
        else:
            groups.upcoming.append(reservation)
    return groups


def reservations_read(
    *, venue: Venue, start: dt.datetime, end: dt.datetime, running_at: dt.datetime | None = None
) -> list[ListedReservation]:
    """The venue's reservations starting in [start, end), and with `running_at` also those
    that started earlier, within LONGEST_BOOKING, and have not ended by then; in the order
    of their start. One query compiled once for each of its two shapes, with a row for each
    of a reservation's tables and parties (most have one table and at most one party), which
    PostgreSQL joins once for all of them where subqueries for each reservation cost it
    twice as much."""
    if running_at is None:
        rows = _STARTING.rows(venue_id=venue.pk, start=start, end=end)
    else:
        rows = _RUNNING_TOO.rows(venue_id=venue.pk, start=start, end=end, now=running_at, since=start - LONGEST_BOOKING)
    return [_listed(list(joined)) for _, joined in itertools.groupby(rows, key=operator.itemgetter(0))]


# How long before a window a reservation still running in it may have started: a booking is
# a meal, not a stay, so the floor never reads the venue's history to find one.
LONGEST_BOOKING = dt.timedelta(days=1)


def _listed(rows: list[tuple]) -> ListedReservation:
    """A reservation from its rows, one for each pair of its tables and parties."""
    first = rows[0]
    tables = {row.table_id: row.table_name for row in rows if row.table_id is not None}
    parties = [row for row in rows if row.party_id is not None]
    latest = max(parties, key=lambda row: (row.party_start_time, row.party_id), default=None)
    return ListedReservation(
        pk=first.id,
        name=first.name,
        covers=first.covers,
        start_time=first.start_time,
        end_time=first.end_time,
        host_notes=first.host_notes,
        guest_requests=first.guest_requests,
        no_show_at=first.no_show_at,
        table_ids=sorted(tables),
        table_names=", ".join(sorted(tables.values(), key=natural_key)),
        seated_party=latest and SeatedParty(
            latest.party_start_time, latest.party_end_time, latest.party_deposit_value, latest.party_deposit_currency
        ),
    )


def _reservations_with_tables_and_parties(running: bool) -> QuerySet:
    """The read of `reservations_read`: `Param`s venue_id, start, end, and if `running`
    now and since (the earliest start of one still running)."""
    window = Q(start_time__gte=Param("start", models.DateTimeField()))
    if running:
        running_too = Q(end_time__gt=Param("now", models.DateTimeField()))
        window = Q(window | running_too, start_time__gte=Param("since", models.DateTimeField()))
    return (
        Reservation.objects.filter(
            window, venue_id=Param("venue_id", models.IntegerField()), start_time__lt=Param("end", models.DateTimeField())
        )
        .order_by("start_time", "pk")
        .annotate(
            table_id=F("tables__id"), table_name=F("tables__name"), party_id=F("parties__id"),
            party_start_time=F("parties__start_time"), party_end_time=F("parties__end_time"),
            party_deposit_value=F("parties__deposit_value"), party_deposit_currency=F("parties__deposit_currency"),
        )
        .values_list(
            "id", "name", "covers", "start_time", "end_time", "host_notes", "guest_requests", "no_show_at", "table_id",
            "table_name", "party_id", "party_start_time", "party_end_time", "party_deposit_value", "party_deposit_currency",
        )
    )


_STARTING = PreparedRead(functools.partial(_reservations_with_tables_and_parties, False))
_RUNNING_TOO = PreparedRead(functools.partial(_reservations_with_tables_and_parties, True))

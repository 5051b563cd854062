"""The venue's day: when it starts and ends, and its reservations sorted into what the host
needs to act on (beside the live floor, and in the day view)."""
import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery

from floorplan.models import Table, Venue
from floorplan.ordering import natural_key
from posbackoffice.kernel.queries import IdList, Instances, Param, PreparedRead

from ..models import Party, Reservation


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

    upcoming: list[Reservation]
    late: list[Reservation]
    seated: list[Reservation]
    no_show: list[Reservation]


_RESERVATIONS = Instances(Reservation)


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
        reservation = _RESERVATIONS(values)
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
            *_RESERVATIONS.fields, "table_ids", "names", "party_start_time", "party_end_time", "party_deposit_value",
            "party_deposit_currency",
        )
    )


_DAY_RESERVATIONS = PreparedRead(_day_reservations)

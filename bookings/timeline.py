"""The evening at a glance (a read): a day's bookings and parties, table by table, on a time
axis, for the host's timeline. Any day: today's shows where service stands now."""
import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from floorplan.models import Area, Table, Venue
from floorplan.ordering import in_natural_order

from .models import Party, PartyTable, Reservation
from .selectors import venue_date_bounds

# The axis when the day has nothing on it yet; it always spans at least MIN_SPAN, and runs
# past midnight for a late service, to the end of the venue's day (early next morning).
EVENING = (dt.time(17), dt.time(23))
MIN_SPAN = dt.timedelta(hours=6)
STATE_WORDS = {
    "upcoming": "booked", "late": "late, not seated", "no-show": "no-show", "seated": "seated",
    "open": "seated", "over-time": "over time", "left": "left",
}


@dataclass
class Bar:
    """A booking not seated (yet), or a party (with its booking, if it had one), on one table."""

    start: dt.datetime
    end: dt.datetime
    state: str  # upcoming, late, no-show, seated, over-time, open (seated, no expected end), left
    reservation: Reservation | None = None
    party: Party | None = None
    lane: int = 0
    left: str = "0%"
    width: str = "0%"

    @property
    def name(self) -> str:
        who = self.party or self.reservation
        return who.name or "Walk-in"

    @property
    def covers(self) -> int | None:
        return (self.party or self.reservation).covers

    @property
    def state_words(self) -> str:
        return STATE_WORDS[self.state]


@dataclass
class Row:
    table: Table
    bars: list[Bar] = field(default_factory=list)

    @property
    def lanes(self) -> int:
        """Bars that overlap (a double booking) stack in lanes, one above the other."""
        return max((bar.lane for bar in self.bars), default=0) + 1


@dataclass(frozen=True)
class Timeline:
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    hours: list[tuple[dt.datetime, str]]  # each full hour on the axis, with its position
    now_at: str | None  # where now falls, when it is on the axis
    areas: list[tuple[Area, list[Row]]]


def timeline_for(*, venue: Venue, day: dt.date, now: dt.datetime) -> Timeline:
    """Every table of the venue (by area, in natural order) with its bars on `day`, in six
    queries however many there are."""
    day_start, day_end = venue_date_bounds(venue=venue, day=day)
    tables = in_natural_order(Table.objects.filter(venue=venue).order_by("pk"))
    rows = {table.pk: Row(table=table) for table in tables}
    for table_id, bar in [*_party_bars(venue, day_start, day_end, now), *_reservation_bars(venue, day_start, day_end, now)]:
        if table_id in rows:
            rows[table_id].bars.append(bar)
    start, end = _axis(venue, day, [bar for row in rows.values() for bar in row.bars], now)
    for row in rows.values():
        _lay_out(row.bars, start, end)
    by_area = defaultdict(list)
    for table in tables:
        by_area[table.area_id].append(rows[table.pk])
    areas = Area.objects.filter(venue=venue).order_by("display_order", "name", "pk")
    hours = _hours(start, end)
    return Timeline(
        day=day, start=start, end=end, hours=[(hour, _at(hour, start, end)) for hour in hours],
        now_at=_at(now, start, end) if start <= now <= end else None,
        areas=[(area, by_area[area.pk]) for area in areas if by_area[area.pk]],
    )


def _reservation_bars(venue: Venue, day_start: dt.datetime, day_end: dt.datetime, now: dt.datetime):
    """Bookings of the day whose guests have not been seated: a seated booking is its party's bar."""
    reservations = (
        Reservation.objects.filter(venue=venue, start_time__gte=day_start, start_time__lt=day_end, parties__isnull=True)
        .prefetch_related("tables")
    )
    for reservation in reservations:
        if reservation.no_show_at:
            state = "no-show"
        else:
            state = "upcoming" if reservation.start_time > now else "late"
        for table in reservation.tables.all():
            yield table.pk, Bar(start=reservation.start_time, end=reservation.end_time, state=state, reservation=reservation)


def _party_bars(venue: Venue, day_start: dt.datetime, day_end: dt.datetime, now: dt.datetime):
    """Parties that sat during the day, until they left, or until they are expected to."""
    parties = (
        Party.objects.filter(venue=venue, start_time__lt=day_end)
        .filter(Q(end_time__isnull=True) | Q(end_time__gt=day_start))
        .select_related("reservation")
        .prefetch_related(Prefetch("party_tables", queryset=PartyTable.objects.order_by("pk")))
    )
    for party in parties:
        end, state = _party_end(party, now)
        for seat in party.party_tables.all():
            yield seat.table_id, Bar(start=party.start_time, end=end, state=state, party=party, reservation=party.reservation)


def _party_end(party: Party, now: dt.datetime) -> tuple[dt.datetime, str]:
    if party.end_time:
        return party.end_time, "left"
    if party.expected_end_time is None:
        return max(now, party.start_time), "open"
    if party.expected_end_time < now:
        return now, "over-time"
    return party.expected_end_time, "seated"


def _axis(venue: Venue, day: dt.date, bars: list[Bar], now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Whole hours from the earliest bar (or now, today) to the latest end: the evening
    when the day has nothing yet, at least MIN_SPAN, within the venue's day."""
    zone = zoneinfo.ZoneInfo(venue.timezone)
    day_start, day_end = venue_date_bounds(venue=venue, day=day)
    moments = [bar.start for bar in bars] + [bar.end for bar in bars]
    if day_start <= now < day_end:
        moments.append(now)
    if not moments:
        moments = [dt.datetime.combine(day, time, tzinfo=zone) for time in EVENING]
    start = max(day_start, min(moments).astimezone(zone).replace(minute=0, second=0, microsecond=0))
    latest = max(max(moments), start + MIN_SPAN).astimezone(zone)
    end = latest.replace(minute=0, second=0, microsecond=0)
    if end < latest:
        end += dt.timedelta(hours=1)
    return start, min(end, day_end)


def _lay_out(bars: list[Bar], start: dt.datetime, end: dt.datetime) -> None:
    """Each bar's place on the axis, and its lane: the first free one when bars overlap."""
    bars.sort(key=lambda bar: (bar.start, bar.end))
    lane_ends: list[dt.datetime] = []
    for bar in bars:
        bar.lane = next((lane for lane, busy_until in enumerate(lane_ends) if busy_until <= bar.start), len(lane_ends))
        if bar.lane == len(lane_ends):
            lane_ends.append(bar.end)
        lane_ends[bar.lane] = bar.end
        shown_start, shown_end = max(bar.start, start), min(max(bar.end, bar.start), end)
        bar.left = _at(shown_start, start, end)
        bar.width = _percent((shown_end.timestamp() - shown_start.timestamp()) / (end.timestamp() - start.timestamp()))


def _hours(start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    hours, hour = [], start
    while hour < end:
        hours.append(hour)
        hour += dt.timedelta(hours=1)
    return hours


def _at(moment: dt.datetime, start: dt.datetime, end: dt.datetime) -> str:
    """Where a moment falls on the axis, as a CSS percentage (instants compared, not wall clocks)."""
    moment = min(max(moment, start), end)
    return _percent((moment.timestamp() - start.timestamp()) / (end.timestamp() - start.timestamp()))


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.3f}%"

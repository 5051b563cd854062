"""What staff are asked before a floor action goes ahead.

Some actions break no rule but are usually a slip on a busy night: seating guests at a table
that booked guests need within the hour, more covers than the tables seat, a booking on a
table already booked (or still seated) at that time. The floor's services look for these
before they write anything, and raise them all at once as `NeedsConfirmation`; staff see the
reasons and may go ahead (`confirmed=True`). Nothing here applies to Dojo's own requests
through the EPOS Data API: Dojo owns availability, and its bookings are taken as sent.
"""
import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from floorplan.models import Table, Venue
from floorplan.ordering import table_names
from posbackoffice.kernel.errors import Conflict

from ..models import Party, Reservation
from ..selectors import reservations_due
from .steps import party_words


class NeedsConfirmation(Conflict):
    """The action waits for staff to go ahead: `warnings` say why, one sentence each;
    `reservations` are the bookings they are about."""

    def __init__(self, warnings: Sequence[str], reservations: Sequence[Reservation] = ()):
        self.warnings = list(warnings)
        self.reservations = list(reservations)
        super().__init__(" ".join(self.warnings))


@dataclass(frozen=True)
class Caution:
    text: str
    reservations: tuple[Reservation, ...] = ()


def ask_first(*cautions: Caution | None, confirmed: bool) -> None:
    """Refuse to go on, naming every caution found, unless staff have confirmed."""
    found = [caution for caution in cautions if caution is not None]
    if found and not confirmed:
        raise NeedsConfirmation(
            [caution.text for caution in found], [r for caution in found for r in caution.reservations]
        )


def reserved_soon(
    venue: Venue, tables: Sequence[Table], *, now: dt.datetime, except_reservation_id: int | None = None
) -> Caution | None:
    """Booked guests expected at any of these tables within the hour (late ones too)."""
    if not tables:
        return None
    due = reservations_due(
        venue=venue, table_ids=[table.pk for table in tables], now=now, except_reservation_id=except_reservation_id
    )
    if not due:
        return None
    zone = zoneinfo.ZoneInfo(venue.timezone)
    listed = "; ".join(
        f"{r.start_time.astimezone(zone):%H:%M} {r.name} ×{r.covers} at {table_names(r.tables.all())}" for r in due
    )
    return Caution(f"Reserved soon: {listed}.", tuple(due))


def covers_over_seats(covers: int | None, tables: Sequence[Table]) -> Caution | None:
    """More guests than the tables seat."""
    seats = sum(table.max_covers for table in tables)
    if covers is None or not tables or covers <= seats:
        return None
    verb = "seats" if len(tables) == 1 else "seat"
    return Caution(f"{covers} covers at {table_names(tables, '+')}, which {verb} {seats}.")


def booked_at_the_same_time(
    venue: Venue,
    tables: Sequence[Table],
    *,
    start: dt.datetime,
    end: dt.datetime,
    except_reservation_id: int | None = None,
) -> Caution | None:
    """Other bookings of these tables overlapping [start, end), and parties seated there
    expected to stay past `start`. No-shows and bookings whose guests have left are over."""
    others = (
        Reservation.objects.filter(
            venue=venue, tables__in=tables, start_time__lt=end, end_time__gt=start, no_show_at__isnull=True
        )
        .exclude(parties__end_time__isnull=False)
        .distinct()
        .prefetch_related("tables")
        .order_by("start_time", "pk")
    )
    if except_reservation_id is not None:
        others = others.exclude(pk=except_reservation_id)
    staying = (
        Party.objects.filter(venue=venue, party_tables__table__in=tables, party_tables__is_active=True, expected_end_time__gt=start)
        .distinct()
        .prefetch_related("tables")
        .order_by("start_time", "pk")
    )
    zone = zoneinfo.ZoneInfo(venue.timezone)
    found = [
        f"{r.start_time.astimezone(zone):%H:%M}–{r.end_time.astimezone(zone):%H:%M} {r.name} ×{r.covers} at {table_names(r.tables.all())}"
        for r in others
    ] + [
        f"{party_words(party)} seated at {table_names(party.tables.all())} until {party.expected_end_time.astimezone(zone):%H:%M}"
        for party in staying
    ]
    if not found:
        return None
    return Caution(f"Already booked at that time: {'; '.join(found)}.", tuple(others))

"""Reads of reservations and parties."""
import datetime as dt

from django.db.models import Prefetch, QuerySet

from floorplan.models import Venue
from posbackoffice.errors import NotFound

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

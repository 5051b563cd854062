"""Reservations and parties read one by one and searched: by the EPOS Data API, and by the
services and the staff views."""
import datetime as dt
import functools

from django.db import models
from django.db.models import OuterRef, Prefetch, QuerySet, prefetch_related_objects

from floorplan.models import Table, Venue
from posbackoffice.kernel.errors import NotFound
from posbackoffice.kernel.queries import IdList, Param, ParamQuery, PreparedRead

from ..models import Party, PartyTable, Reservation


def _reservations(venue: Venue) -> QuerySet[Reservation]:
    return Reservation.objects.filter(venue=venue).prefetch_related("tables")


def _seats() -> Prefetch:
    return Prefetch("party_tables", queryset=PartyTable.objects.order_by("pk"))


def _parties(venue: Venue) -> QuerySet[Party]:
    return Party.objects.filter(venue=venue).prefetch_related(_seats())


def reservation_get(*, venue: Venue, reservation_id: int) -> Reservation:
    reservation = _reservations(venue).filter(pk=reservation_id).first()
    if reservation is None:
        raise NotFound(f"No reservation {reservation_id} in this venue.")
    return reservation


# What a read of reservations shows of each (`reservation_body` in the EPOS Data API), with
# `table_ids` in the tables' order.
RESERVATION_READ_FIELDS = ("pk", "name", "covers", "start_time", "end_time", "host_notes", "guest_requests")


def _with_reserved_table_ids(reservations: QuerySet[Reservation]) -> QuerySet:
    tables = Table.objects.filter(reservations=OuterRef("pk")).order_by(*Table._meta.ordering, "pk")
    return reservations.annotate(table_ids=IdList(tables)).values_list(*RESERVATION_READ_FIELDS, "table_ids")


_RESERVATION_READ = PreparedRead(
    lambda: _with_reserved_table_ids(
        Reservation.objects.filter(
            venue_id=Param("venue_id", models.IntegerField()), pk=Param("reservation_id", models.IntegerField())
        )
    )[:1]
)


def reservation_read(*, venue_id: int, reservation_id: int) -> tuple:
    """The reservation as a read shows it (RESERVATION_READ_FIELDS and `table_ids`), in
    one query compiled once."""
    reservation = _RESERVATION_READ.first(venue_id=venue_id, reservation_id=reservation_id)
    if reservation is None:
        raise NotFound(f"No reservation {reservation_id} in this venue.")
    return reservation


def reservation_search(
    *,
    venue_id: int,
    table_id: int | None = None,
    from_time: dt.datetime | None = None,
    to_time: dt.datetime | None = None,
) -> ParamQuery:
    """Reservations at the table (if given) whose time overlaps [from_time, to_time): rows
    of RESERVATION_READ_FIELDS and `table_ids`, in one query compiled once for each
    combination of filters."""
    given = (table_id is not None, from_time is not None, to_time is not None)
    return ParamQuery(
        shape=("reservations", *given),
        build=functools.partial(_reservations_searched, *given),
        values={"venue_id": venue_id, "table_id": table_id, "from_time": from_time, "to_time": to_time},
    )


def _reservations_searched(at_table: bool, ending_after: bool, starting_before: bool) -> QuerySet:
    reservations = Reservation.objects.filter(venue_id=Param("venue_id", models.IntegerField()))
    if at_table:
        reservations = reservations.filter(tables__id=Param("table_id", models.IntegerField()))
    if ending_after:
        reservations = reservations.filter(end_time__gt=Param("from_time", models.DateTimeField()))
    if starting_before:
        reservations = reservations.filter(start_time__lt=Param("to_time", models.DateTimeField()))
    return _with_reserved_table_ids(reservations)


def party_get(*, venue: Venue, party_id: int) -> Party:
    party = _parties(venue).filter(pk=party_id).first()
    if party is None:
        raise NotFound(f"No party {party_id} in this venue.")
    return party


def party_with_seats(party: Party) -> Party:
    """A party as `party_get` gives it, from the row a service has just saved and still
    holds (every field as stored): only its seats are read, in one query."""
    prefetch_related_objects([party], _seats())
    return party


# What a read of parties shows of each (`party_body` in the EPOS Data API), with `table_ids`.
PARTY_READ_FIELDS = (
    "pk", "name", "covers", "status", "start_time", "expected_end_time", "end_time", "host_notes", "guest_requests",
    "reservation_id", "deposit_value", "deposit_currency", "deposit_description", "deposit_payment_intent_ids",
)


def _with_table_ids(parties: QuerySet[Party]) -> QuerySet:
    """Rows of PARTY_READ_FIELDS and the party's table IDs in seating order (`table_ids`)."""
    seats = PartyTable.objects.filter(party=OuterRef("pk")).order_by("pk")
    return parties.annotate(table_ids=IdList(seats, "table_id")).values_list(*PARTY_READ_FIELDS, "table_ids")


_PARTY_READ = PreparedRead(
    lambda: _with_table_ids(
        Party.objects.filter(venue_id=Param("venue_id", models.IntegerField()), pk=Param("party_id", models.IntegerField()))
    )[:1]
)


def party_read(*, venue_id: int, party_id: int) -> tuple:
    """The party as a read shows it (PARTY_READ_FIELDS and `table_ids`), in one query
    compiled once (Dojo reads parties all the time)."""
    party = _PARTY_READ.first(venue_id=venue_id, party_id=party_id)
    if party is None:
        raise NotFound(f"No party {party_id} in this venue.")
    return party


def party_search(*, venue_id: int, table_id: int | None = None, completed_only: bool = False) -> ParamQuery:
    """Seated parties (no end time) by default; only ended ones with `completed_only`: rows
    of PARTY_READ_FIELDS and `table_ids`, in one query compiled once for each combination
    of filters."""
    at_table = table_id is not None
    return ParamQuery(
        shape=("parties", at_table, completed_only),
        build=functools.partial(_parties_searched, at_table=at_table, completed_only=completed_only),
        values={"venue_id": venue_id, "table_id": table_id},
    )


def _parties_searched(*, at_table: bool, completed_only: bool) -> QuerySet:
    parties = Party.objects.filter(venue_id=Param("venue_id", models.IntegerField()), end_time__isnull=not completed_only)
    if at_table:
        parties = parties.filter(party_tables__table_id=Param("table_id", models.IntegerField()))
    return _with_table_ids(parties)


def party_table_ids(party: Party) -> list[int]:
    """The party's table IDs in seating order, from prefetched rows when available."""
    return [seat.table_id for seat in party.party_tables.all()]

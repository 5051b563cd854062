"""Reads of the floor plan."""
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from posbackoffice.kernel.errors import InvalidInput

from .models import Area, Table, Venue


def with_waiters(rows: QuerySet) -> QuerySet:
    """Areas or tables with their waiters as a plain list, `row.assigned_waiters`: read in
    one query, without a related manager made for every row."""
    return rows.prefetch_related(Prefetch("waiters", to_attr="assigned_waiters"))


def area_list(*, venue: Venue) -> QuerySet[Area]:
    return with_waiters(Area.objects.filter(venue=venue)).order_by("display_order", "name", "pk")


def table_search(*, venue: Venue, area_id: int | None = None, waiter_id: int | None = None) -> QuerySet[Table]:
    """The venue's tables in service (those that can be booked and seated), in an area or
    served by a waiter when given."""
    tables = with_waiters(Table.objects.filter(venue=venue, is_active=True))
    if area_id is not None:
        tables = tables.filter(area_id=area_id)
    if waiter_id is not None:
        tables = tables.filter(waiters__id=waiter_id)
    return tables


def tables_for_booking(
    *, venue: Venue, table_ids: Iterable[int], lock: bool = False, still_allowed: Iterable[int] = ()
) -> list[Table]:
    """The venue's active tables with these IDs, in ID order; refuses an empty list, an
    unknown or inactive table (except those in `still_allowed`, which a booking already
    holds). With `lock`, the rows stay locked until the transaction ends, always taken in
    ID order so that concurrent seatings cannot deadlock."""
    wanted = sorted(set(table_ids))
    if not wanted:
        raise InvalidInput("At least one table is required.")
    tables = Table.objects.filter(venue=venue, pk__in=wanted).order_by("pk")
    if lock:
        tables = tables.select_for_update(of=("self",))
    found = list(tables)
    missing = sorted(set(wanted) - {table.pk for table in found})
    if missing:
        raise InvalidInput(f"Unknown table ID(s) for this venue: {', '.join(map(str, missing))}.")
    allowed = set(still_allowed)
    inactive = [table.name for table in found if not table.is_active and table.pk not in allowed]
    if inactive:
        raise InvalidInput(f"Table(s) not in service: {', '.join(inactive)}.")
    return found

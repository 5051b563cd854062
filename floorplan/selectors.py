"""Reads of the floor plan."""
import functools
from collections.abc import Iterable

from django.db import models
from django.db.models import OuterRef, Prefetch, QuerySet

from posbackoffice.kernel.errors import InvalidInput
from posbackoffice.kernel.queries import IdList, Param, ParamQuery, PreparedRead

from .models import Area, Decor, Table, Venue, Waiter
from .values import DecorPlan, Layout, TablePlan


def with_waiters(rows: QuerySet) -> QuerySet:
    """Areas or tables with their waiters as a plain list, `row.assigned_waiters`: read in
    one query, without a related manager made for every row."""
    return rows.prefetch_related(Prefetch("waiters", to_attr="assigned_waiters"))


def waiter_id_list(rows_of_waiter: str) -> IdList:
    """The IDs of each area's (or table's: `rows_of_waiter`, "areas" or "tables") waiters, in
    the order of their names."""
    return IdList(Waiter.objects.filter(**{rows_of_waiter: OuterRef("pk")}).order_by("name", "pk"))


_DECOR_FIELDS = ("kind", "label", "x", "y", "width", "height", "rotation")
_AREA_DECOR = PreparedRead(
    lambda: Decor.objects.filter(area_id=Param("area_id", models.IntegerField())).order_by("pk").values_list(*_DECOR_FIELDS)
)


def area_decor(*, area_id: int) -> list[tuple]:
    """The walls, bar counter and labels drawn on the area's plan: rows of their kind,
    label, place, size and rotation, in one query compiled once (the live floor's)."""
    return _AREA_DECOR.rows(area_id=area_id)


def area_list(*, venue: Venue) -> QuerySet[Area]:
    return Area.objects.filter(venue=venue).order_by("display_order", "name", "pk")


_AREAS_WITH_WAITERS = PreparedRead(
    lambda: Area.objects.filter(venue_id=Param("venue_id", models.IntegerField()))
    .order_by("display_order", "name", "pk")
    .annotate(waiter_ids=waiter_id_list("areas"))
    .values_list("pk", "name", "waiter_ids")
)


def area_list_with_waiters(*, venue_id: int) -> list[tuple]:
    """The venue's areas as `area_list` orders them, each a row of its `pk`, `name` and
    `waiter_ids`: one query, compiled once (Dojo reads them all the time)."""
    return _AREAS_WITH_WAITERS.rows(venue_id=venue_id)


def table_search(*, venue_id: int, area_id: int | None = None, waiter_id: int | None = None) -> ParamQuery:
    """The venue's tables in service (those that can be booked and seated), in an area or
    served by a waiter when given: rows of their `pk`, `name`, `max_covers`, `area_id` and
    `waiter_ids`, in one query compiled once for each combination of filters."""
    in_area, served = area_id is not None, waiter_id is not None
    return ParamQuery(
        shape=("tables", in_area, served),
        build=functools.partial(_tables_in_service, in_area=in_area, served=served),
        values={"venue_id": venue_id, "area_id": area_id, "waiter_id": waiter_id},
    )


def _tables_in_service(*, in_area: bool, served: bool) -> QuerySet:
    tables = Table.objects.filter(venue_id=Param("venue_id", models.IntegerField()), is_active=True)
    if in_area:
        tables = tables.filter(area_id=Param("area_id", models.IntegerField()))
    if served:
        tables = tables.filter(waiters__id=Param("waiter_id", models.IntegerField()))
    tables = tables.annotate(waiter_ids=waiter_id_list("tables"))
    return tables.values_list("pk", "name", "max_covers", "area_id", "waiter_ids")


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


def area_layout(*, area: Area) -> Layout:
    """The area's plan as the layout editor edits it: its size, the tables on it (those in
    service and those out of service, not the retired ones) and its decor."""
    tables = Table.objects.filter(area=area, retired_at__isnull=True).prefetch_related("waiters").order_by("pk")
    return Layout(
        width=area.width,
        height=area.height,
        tables=tuple(_table_plan(table) for table in tables),
        decor=tuple(_decor_plan(item) for item in Decor.objects.filter(area=area).order_by("pk")),
    )


def _table_plan(table: Table) -> TablePlan:
    return TablePlan(
        id=table.pk,
        name=table.name,
        max_covers=table.max_covers,
        shape=table.shape,
        x=table.x,
        y=table.y,
        width=table.width,
        height=table.height,
        rotation=table.rotation,
        is_active=table.is_active,
        waiter_ids=tuple(sorted(waiter.pk for waiter in table.waiters.all())),
    )


def _decor_plan(item: Decor) -> DecorPlan:
    return DecorPlan(
        id=item.pk, kind=item.kind, label=item.label, x=item.x, y=item.y, width=item.width, height=item.height,
        rotation=item.rotation,
    )


def area_seated_tables(*, area: Area) -> dict[int, str]:
    """The area's tables with a party seated at them, and who is seated: the editor keeps
    them in service and on the plan."""
    seats = Table._meta.get_field("party_tables").related_model.objects  # bookings' seats, not imported
    seated = seats.filter(table__area=area, is_active=True).select_related("party").order_by("pk")
    return {seat.table_id: str(seat.party) for seat in seated}

"""Saving an area's whole layout at once, as the layout editor does."""
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from posbackoffice.kernel.errors import Conflict, InvalidInput

from ..models import Area, Decor, Table, Waiter
from ..selectors import area_layout
from ..values import DecorPlan, Layout, TablePlan, layout_changes, layout_version
from .rules import (
    area_check_size,
    area_lock,
    decor_check,
    name_taken,
    table_check_clear_of,
    table_check_deactivation,
    table_check_placement,
    waiters_check_venue,
)
from .tables import table_remove


class LayoutChanged(Conflict):
    """The area changed since the editor opened it; `changes` says how, in words."""

    def __init__(self, changes: list[str]):
        self.changes = changes
        what = "; ".join(changes) if changes else "its layout"
        super().__init__(
            f"Someone else changed this area since you opened it: {what}. Nothing was saved: reload to see the "
            "area as it is now, then make your changes again."
        )


@dataclass(frozen=True)
class LayoutSaved:
    layout: Layout
    version: str
    retired: tuple[str, ...]  # tables that bookings or orders refer to, retired rather than deleted


def layout_save(*, area: Area, layout: Layout, version: str, base: Layout | None = None) -> LayoutSaved:
    """Saves the whole edited area in one transaction: its plan size, its tables (kept by
    ID, added, changed, removed) and its decor, keeping every rule of the floor plan (see
    `floorplan.services`). `version` is the version of the layout the editor started from
    (`base`, when given, lets a refusal say what changed since): another save in between
    refuses this one, never overwritten."""
    with transaction.atomic():
        area_lock(area=area)
        area.refresh_from_db()
        current = area_layout(area=area)
        if layout_version(current) != version:
            raise LayoutChanged(layout_changes(base, current) if base is not None else [])
        saved = area.tables.filter(retired_at__isnull=True).prefetch_related("waiters").in_bulk()
        waiters = _check_layout(area, layout, saved)
        retired = _take_out_of_service(saved, layout.tables)
        area.width, area.height = layout.width, layout.height
        area.save(update_fields=["width", "height"])
        _save_tables(area, layout.tables, saved, waiters)
        _save_decor(area, layout.decor)
    result = area_layout(area=area)
    return LayoutSaved(layout=result, version=layout_version(result), retired=tuple(retired))


def _check_layout(area: Area, layout: Layout, saved: dict[int, Table]) -> dict[int, Waiter]:
    """Every rule a whole area keeps; returns the waiters the layout names, by ID. All the
    area's tables are in the layout (those left out are being removed), so names and
    overlaps are checked among the layout's own tables."""
    area_check_size(width=layout.width, height=layout.height)
    planned = Area(pk=area.pk, venue_id=area.venue_id, name=area.name, width=layout.width, height=layout.height)
    _check_known([table.id for table in layout.tables], saved.keys(), "table")
    _check_known([item.id for item in layout.decor], area.decor.values_list("pk", flat=True), "decor")
    placed = {}
    for table in layout.tables:
        _check_table_fields(table)
        if table.name in placed:
            raise name_taken(table.name)
        table_check_placement(area=planned, **_placement(table))
        table_check_clear_of(name=table.name, footprint=table.footprint, others=placed.items())
        placed[table.name] = table.footprint
    for item in layout.decor:
        decor_check(area=planned, decor=item)
    wanted = {pk for table in layout.tables for pk in table.waiter_ids}
    waiters = Waiter.objects.in_bulk(wanted)
    if missing := wanted - waiters.keys():
        raise InvalidInput(f"Unknown waiter ID(s): {', '.join(map(str, sorted(missing)))}.")
    waiters_check_venue(venue_id=area.venue_id, waiters=waiters.values())
    return waiters


def _check_known(ids: list[int | None], known_ids: Iterable[int], kind: str) -> None:
    ids = [pk for pk in ids if pk is not None]
    if unknown := set(ids) - set(known_ids):
        raise InvalidInput(f"Not {kind} of this area's plan: {', '.join(map(str, sorted(unknown)))}.")
    if len(ids) != len(set(ids)):
        raise InvalidInput(f"The same {kind} is given twice.")


def _check_table_fields(table: TablePlan) -> None:
    if not table.name.strip():
        raise InvalidInput("Every table needs a name.")
    if table.max_covers < 1:
        raise InvalidInput(f"Table {table.name} must seat at least one guest.")
    if table.shape not in Table.Shape.values:
        raise InvalidInput(f"Table {table.name}: a shape is one of {', '.join(Table.Shape.values)}.")
    if not 0 <= table.rotation < 360:
        raise InvalidInput(f"Table {table.name}: a rotation is 0 to 359 degrees.")


def _placement(table: TablePlan) -> dict:
    return {
        "x": table.x, "y": table.y, "width": table.width, "height": table.height, "rotation": table.rotation,
        "shape": table.shape,
    }


def _take_out_of_service(saved: dict[int, Table], plans: tuple[TablePlan, ...]) -> list[str]:
    """Checks, in ID order as seating locks them, the tables leaving service or the plan,
    and removes those the layout left out; returns the names of the tables retired."""
    planned, retired = {plan.id: plan for plan in plans if plan.id is not None}, []
    for pk, table in sorted(saved.items()):
        if pk not in planned and table_remove(table=table):
            retired.append(table.name)
        elif pk in planned and table.is_active and not planned[pk].is_active:
            table_check_deactivation(table=table)
    return retired


def _save_tables(area: Area, plans: tuple[TablePlan, ...], saved: dict[int, Table], waiters: dict) -> None:
    renamed = [plan for plan in plans if plan.id in saved and saved[plan.id].name != plan.name]
    for plan in renamed:  # names may be swapped: free them all before giving them out again
        saved[plan.id].name = f"⟳{plan.id}-{secrets.token_hex(6)}"
        saved[plan.id].save(update_fields=["name"])
    for plan in plans:
        table = saved.get(plan.id) or Table(area=area)
        fields = {"name": plan.name, "max_covers": plan.max_covers, "is_active": plan.is_active, **_placement(plan)}
        changed = [name for name, value in fields.items() if getattr(table, name) != value]
        for name, value in fields.items():
            setattr(table, name, value)
        if table.pk is None:
            table.save()
        elif changed:
            table.save(update_fields=changed)
        if table.pk not in saved or {w.pk for w in table.waiters.all()} != set(plan.waiter_ids):
            table.waiters.set([waiters[pk] for pk in plan.waiter_ids])


def _save_decor(area: Area, plans: tuple[DecorPlan, ...]) -> None:
    existing, kept = area.decor.in_bulk(), {plan.id for plan in plans}
    for pk, item in existing.items():
        if pk not in kept:
            item.delete()
    for plan in plans:
        item = existing.get(plan.id) or Decor(area=area)
        item.kind, item.label, item.rotation = plan.kind, plan.label, plan.rotation
        item.x, item.y, item.width, item.height = plan.x, plan.y, plan.width, plan.height
        item.save()

"""Adding areas, tables and decor, and taking a table off the plan."""
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from posbackoffice.kernel.errors import Conflict

from ..models import DEFAULT_PLAN_HEIGHT, DEFAULT_PLAN_WIDTH, Area, Decor, Table, Venue, Waiter
from ..values import DecorPlan
from .rules import (
    area_check_size,
    decor_check,
    footprint_of,
    table_check_clear,
    table_check_deactivation,
    table_check_name,
    table_check_placement,
    waiters_check_venue,
)


def table_remove(*, table: Table) -> bool:
    """Takes a table off its plan: deletes it, or, when anything refers to it (a
    reservation, a party, an order), retires it so that they keep naming it. Refused while
    a party is seated there. Returns whether the table was retired."""
    with transaction.atomic():
        table_check_deactivation(table=table, doing="removing the table")
        if not _referred_to(table):
            table.delete()
            return False
        table.is_active, table.retired_at = False, timezone.now()
        table.save(update_fields=["is_active", "retired_at"])
    return True


def _referred_to(table: Table) -> bool:
    """Whether any row points at the table (found from the relations, so a new kind of
    row that refers to tables counts without a change here)."""
    return any(getattr(table, relation.get_accessor_name()).exists() for relation in Table._meta.related_objects)


def area_create(
    *,
    venue: Venue,
    name: str,
    display_order: int = 0,
    waiters: Iterable[Waiter] = (),
    width: int = DEFAULT_PLAN_WIDTH,
    height: int = DEFAULT_PLAN_HEIGHT,
) -> Area:
    waiters = list(waiters)
    waiters_check_venue(venue_id=venue.pk, waiters=waiters)
    area_check_size(width=width, height=height)
    with transaction.atomic():
        area = Area.objects.create(venue=venue, name=name, display_order=display_order, width=width, height=height)
        area.waiters.set(waiters)
    return area


def table_create(
    *,
    area: Area,
    name: str,
    max_covers: int = 4,
    shape: str = Table.Shape.SQUARE,
    x: int = 0,
    y: int = 0,
    width: int = 8,
    height: int = 8,
    rotation: int = 0,
    waiters: Iterable[Waiter] = (),
) -> Table:
    """Add a table, in service, to a free place on the area's plan."""
    waiters = list(waiters)
    placement = {"x": x, "y": y, "width": width, "height": height, "rotation": rotation, "shape": shape}
    table_check_name(area=area, name=name)
    table_check_placement(area=area, **placement)
    waiters_check_venue(venue_id=area.venue_id, waiters=waiters)
    try:
        with transaction.atomic():
            table_check_clear(area=area, name=name, footprint=footprint_of(**placement))
            table = Table.objects.create(area=area, name=name, max_covers=max_covers, **placement)
            table.waiters.set(waiters)
    except IntegrityError:
        if Table.objects.filter(area=area, name=name, retired_at__isnull=True).exists():
            raise Conflict(f"Table “{name}” was added to {area} by someone else at the same moment.")
        raise
    return table


def decor_create(*, area: Area, decor: DecorPlan) -> Decor:
    """Draw a wall, a bar counter or a label on the area's plan."""
    decor_check(area=area, decor=decor)
    return Decor.objects.create(
        area=area, kind=decor.kind, label=decor.label, x=decor.x, y=decor.y, width=decor.width, height=decor.height,
        rotation=decor.rotation,
    )

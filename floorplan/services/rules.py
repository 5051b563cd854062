"""The checks every change to the floor plan runs, whoever makes it: the services of this
package, and the admin's forms, which run them while validating to show a refusal next to
its field."""
import math
from collections.abc import Collection, Iterable

from django.db import transaction

from posbackoffice.kernel.errors import Conflict, InvalidInput

from ..geometry import Footprint, fits_within, overlap
from ..models import PLAN_LIMIT, Area, Decor, Table, Venue, Waiter
from ..values import DecorPlan


class OffThePlan(InvalidInput):
    """A table or a plan of the wrong size or place; `field` names the measure at fault."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


class TablesOverlap(InvalidInput):
    """Two tables would share floor space."""


def footprint_of(*, x: int, y: int, width: int, height: int, rotation: int = 0, shape: str = "") -> Footprint:
    return Footprint(x, y, width, height, rotation, round=shape == Table.Shape.ROUND)


def table_footprint(table: Table) -> Footprint:
    return footprint_of(
        x=table.x, y=table.y, width=table.width, height=table.height, rotation=table.rotation, shape=table.shape
    )


def table_check_name(
    *, area: Area, name: str, table_id: int | None = None, saved_alongside: Collection[str] = ()
) -> None:
    """Refuses a name another table of the area has, or that a table saved alongside this
    one (`saved_alongside`, the names of the others) takes. Retired tables free their name."""
    taken = name in saved_alongside
    if not taken and area.pk is not None:
        taken = Table.objects.filter(area=area, name=name, retired_at__isnull=True).exclude(pk=table_id).exists()
    if taken:
        raise name_taken(name)


def name_taken(name: str) -> Conflict:
    return Conflict(f"This area already has a table named “{name}”. Table names must be unique within an area.")


def area_check_size(*, width: int, height: int) -> None:
    for measure, size in (("width", width), ("height", height)):
        if not 1 <= size <= PLAN_LIMIT:
            raise OffThePlan(
                f"An area's {measure} is 1 to {PLAN_LIMIT} cells (100 m), not {size}.", field=measure
            )


def table_check_placement(
    *, area: Area, x: int, y: int, width: int, height: int, rotation: int = 0, shape: str = ""
) -> None:
    """A table is drawn from (x, y), its top left corner, over width × height cells (at
    least one each way), turned about its centre: all of it lies on the area's plan."""
    for measure, size in (("width", width), ("height", height)):
        if size < 1:
            raise OffThePlan(f"A table's {measure} must be at least 1 cell, not {size}.", field=measure)
    for position_field, position in (("x", x), ("y", y)):
        if position < 0:
            raise OffThePlan(f"{position_field} must not be negative, not {position}.", field=position_field)
    footprint = footprint_of(x=x, y=y, width=width, height=height, rotation=rotation, shape=shape)
    if not fits_within(footprint, width=area.width, height=area.height):
        raise OffThePlan(_off_the_plan(footprint, area), field=_edge_passed(footprint, area))


def _edge_passed(footprint: Footprint, area: Area) -> str:
    left, _, right, _ = footprint.bounds()
    return "x" if left < 0 or right > area.width else "y"


def _off_the_plan(footprint: Footprint, area: Area) -> str:
    left, top, right, bottom = footprint.bounds()
    turned = f"Turned {footprint.rotation:g}°, the" if footprint.rotation % 180 else "The"
    if left < 0 or top < 0:
        return f"{turned} table would pass the {'left' if left < 0 else 'top'} edge of {area.name}'s plan."
    across = right > area.width
    reach, size = (right, area.width) if across else (bottom, area.height)
    direction = "across" if across else "deep"
    return (
        f"{turned} table would reach {math.ceil(reach - 1e-6)} cells {direction}; {area.name}'s plan is {size} cells "
        f"({size / 10:g} m) {direction}. Move the table, or make the area bigger."
    )


def table_check_clear_of(*, name: str, footprint: Footprint, others: Iterable[tuple[str, Footprint]]) -> None:
    """Refuses a table that would share floor space with any of the `others` (name, footprint)."""
    for other_name, other in others:
        if overlap(footprint, other):
            raise TablesOverlap(f"Table {name} would overlap table {other_name}: tables may not overlap.")


def table_check_clear(*, area: Area, name: str, footprint: Footprint, table_id: int | None = None) -> None:
    """Refuses a table that would overlap another table of the area on its plan. Locks the
    area's row until the transaction ends, as a layout save does, so that two changes
    cannot both pass this check and put two tables in one place: run it in the
    transaction that saves the table."""
    with transaction.atomic():
        area_lock(area=area)
        others = Table.objects.filter(area=area, retired_at__isnull=True).exclude(pk=table_id)
        table_check_clear_of(name=name, footprint=footprint, others=[(t.name, table_footprint(t)) for t in others])


def area_lock(*, area: Area) -> None:
    """Holds the area's row until the transaction ends: changes to its plan queue here."""
    if area.pk is not None:
        with transaction.atomic():
            Area.objects.select_for_update().filter(pk=area.pk).first()


def decor_check(*, area: Area, decor: DecorPlan) -> None:
    """Decor is a wall, a bar counter or a label, at least a cell each way, on the plan."""
    if decor.kind not in Decor.Kind.values:
        raise InvalidInput(f"Decor is one of {', '.join(Decor.Kind.values)}, not “{decor.kind}”.")
    named = f"The {decor.label or Decor.Kind(decor.kind).label.lower()}"
    if min(decor.width, decor.height) < 1 or min(decor.x, decor.y) < 0 or not 0 <= decor.rotation < 360:
        raise InvalidInput(f"{named} needs a size of at least one cell, a place on the plan and a rotation below 360°.")
    if not fits_within(decor.footprint, width=area.width, height=area.height):
        raise OffThePlan(f"{named} would pass the edge of {area.name}'s plan.", field="x")


def table_check_area(*, table: Table, area: Area) -> None:
    """A saved table may move to another area of its venue, never to another venue."""
    if table.pk is not None and area.venue_id != table.venue_id:
        raise InvalidInput("A table cannot move to another venue; pick an area of its own venue.")


def waiters_check_venue(*, venue_id: int, waiters: Iterable[Waiter]) -> None:
    """The waiters of a table or an area work at its venue."""
    strangers = [waiter.name for waiter in waiters if waiter.venue_id != venue_id]
    if strangers:
        raise InvalidInput(f"Not staff of this venue: {', '.join(strangers)}.")


def waiter_check_user(*, venue: Venue, user_id: int | None) -> None:
    """A waiter's login is one of the venue's own staff: another venue's user would be taken
    from it (a user is linked to one waiter at most)."""
    if user_id is not None and not venue.staff.filter(pk=user_id).exists():
        raise InvalidInput("Not staff of this venue: add the user to the venue's staff first.")


def table_check_back_in_service(*, table: Table) -> None:
    """A retired table stays out of service: it is kept only for the bookings that name it."""
    if table.retired_at is not None:
        raise InvalidInput(f"Table {table.name} was removed from the plan and stays out of service; add a new table.")


def table_check_deactivation(*, table: Table, doing: str = "taking the table out of service") -> None:
    """Refuses to take a table out of service (or off the plan, `doing`) while a party is
    seated at it: end or move the party first. Locks the table's row until the
    transaction ends, as seating a party does, so that no party can be seated between this
    check and the change: run it in the transaction that saves the table."""
    with transaction.atomic():
        Table.objects.select_for_update(of=("self",)).filter(pk=table.pk).first()
        seat = table.party_tables.filter(is_active=True).select_related("party").first()
    if seat is not None:
        raise Conflict(f"{seat.party} is seated at table {table.name}; end the party or move it before {doing}.")

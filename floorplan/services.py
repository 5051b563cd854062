"""Changes to the floor plan, and the rules every change keeps, whoever makes it (the
managers' admin, the demo seeding):

- a table's name is unique within its area;
- a table lies on its area's plan (see `table_check_placement`);
- the waiters of a table or an area work at its venue;
- a waiter's login is a user on the staff of the waiter's venue;
- a saved table stays in its venue;
- a table with a party seated at it stays in service.

The admin's forms run the checks while validating, to show a refusal next to its field;
the database's constraints have the last word.
"""
from collections.abc import Collection, Iterable

from django.db import IntegrityError, transaction

from posbackoffice.kernel.errors import Conflict, InvalidInput

from .models import Area, Table, Venue, Waiter

# The floor view scales an area's plan to fit its farthest table, so a table placed far off
# by mistake would shrink every other one to a speck: no plan reaches past 1,000 cells of
# ~10 cm, 100 m, either way.
PLAN_LIMIT = 1000


class OffThePlan(InvalidInput):
    """A table that would not lie on the plan; `field` names the measure at fault."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.field = field


def table_check_name(
    *, area: Area, name: str, table_id: int | None = None, saved_alongside: Collection[str] = ()
) -> None:
    """Refuses a name another table of the area has, or that a table saved alongside this
    one (`saved_alongside`, the names of the others) takes."""
    taken = name in saved_alongside
    if not taken and area.pk is not None:
        taken = Table.objects.filter(area=area, name=name).exclude(pk=table_id).exists()
    if taken:
        raise Conflict(f"This area already has a table named “{name}”. Table names must be unique within an area.")


def table_check_placement(*, x: int, y: int, width: int, height: int) -> None:
    """A table is drawn from (x, y), its top left corner, over width × height cells: at
    least one cell each way, and its far edges within PLAN_LIMIT."""
    _check_span(x, width, position_field="x", size_field="width", direction="across")
    _check_span(y, height, position_field="y", size_field="height", direction="deep")


def _check_span(position: int, size: int, *, position_field: str, size_field: str, direction: str) -> None:
    if position < 0:
        raise OffThePlan(f"{position_field} must not be negative, not {position}.", field=position_field)
    if size < 1:
        raise OffThePlan(f"A table's {size_field} must be at least 1 cell, not {size}.", field=size_field)
    if position + size > PLAN_LIMIT:
        raise OffThePlan(
            f"The table would reach {position + size} cells {direction}; a plan is at most {PLAN_LIMIT} cells "
            f"(100 m) {direction}.",
            field=position_field,
        )


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


def table_check_deactivation(*, table: Table) -> None:
    """Refuses to take a table out of service while a party is seated at it: end or move the
    party first. Locks the table's row until the transaction ends, as seating a party does,
    so that no party can be seated between this check and the change: run it in the
    transaction that saves the table."""
    with transaction.atomic():
        Table.objects.select_for_update(of=("self",)).filter(pk=table.pk).first()
        seat = table.party_tables.filter(is_active=True).select_related("party").first()
    if seat is not None:
        raise Conflict(
            f"{seat.party} is seated at table {table.name}; end the party or move it before taking the table "
            "out of service."
        )


def area_create(*, venue: Venue, name: str, display_order: int = 0, waiters: Iterable[Waiter] = ()) -> Area:
    waiters = list(waiters)
    waiters_check_venue(venue_id=venue.pk, waiters=waiters)
    with transaction.atomic():
        area = Area.objects.create(venue=venue, name=name, display_order=display_order)
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
    """Add a table, in service, to the area's plan."""
    waiters = list(waiters)
    table_check_name(area=area, name=name)
    table_check_placement(x=x, y=y, width=width, height=height)
    waiters_check_venue(venue_id=area.venue_id, waiters=waiters)
    try:
        with transaction.atomic():
            table = Table.objects.create(
                area=area, name=name, max_covers=max_covers, shape=shape, x=x, y=y, width=width, height=height,
                rotation=rotation,
            )
            table.waiters.set(waiters)
    except IntegrityError:
        if Table.objects.filter(area=area, name=name).exists():
            raise Conflict(f"Table “{name}” was added to {area} by someone else at the same moment.")
        raise
    return table

"""Changes to the floor plan, and the rules every change keeps, whoever makes it (the
layout editor, the managers' admin, the demo seeding):

- a table's name is unique within its area;
- a table lies on its area's plan, turned as it is (see `table_check_placement`), and the
  plan is at most PLAN_LIMIT cells either way;
- tables do not overlap (see `floorplan.geometry` for how shapes are compared);
- the waiters of a table or an area work at its venue;
- a waiter's login is a user on the staff of the waiter's venue;
- a saved table stays in its venue;
- a table with a party seated at it stays in service and on the plan;
- a removed table that bookings or orders refer to is retired (kept, out of service and
  off the plan) rather than deleted, so that it keeps its ID for them.

The admin's forms run the checks while validating, to show a refusal next to its field;
the layout editor saves a whole area at once (`layouts.layout_save`); the database's
constraints have the last word.
"""
from ..models import PLAN_LIMIT
from .layouts import LayoutChanged, LayoutSaved, layout_save
from .rules import (
    OffThePlan,
    TablesOverlap,
    area_check_size,
    area_lock,
    decor_check,
    footprint_of,
    table_check_area,
    table_check_back_in_service,
    table_check_clear,
    table_check_clear_of,
    table_check_deactivation,
    table_check_name,
    table_check_placement,
    table_footprint,
    waiter_check_user,
    waiters_check_venue,
)
from .tables import area_create, decor_create, table_create, table_remove

__all__ = [
    "PLAN_LIMIT",
    "LayoutChanged",
    "LayoutSaved",
    "OffThePlan",
    "TablesOverlap",
    "area_check_size",
    "area_create",
    "area_lock",
    "decor_check",
    "decor_create",
    "footprint_of",
    "layout_save",
    "table_check_area",
    "table_check_back_in_service",
    "table_check_clear",
    "table_check_clear_of",
    "table_check_deactivation",
    "table_check_name",
    "table_check_placement",
    "table_create",
    "table_footprint",
    "table_remove",
    "waiter_check_user",
    "waiters_check_venue",
]

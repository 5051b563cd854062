"""The demo venue that `manage.py seed_demo` (and so `make run`) sets up.

Seeding creates whatever is missing and leaves existing rows as they are, so running it
again changes nothing, and a manager's edits to the demo floor plan survive it.
"""
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import services
from .geometry import extent
from .models import Area, Decor, Table, Venue, Waiter
from .values import DecorPlan

VENUE_SLUG = "demo"
VENUE_DEFAULTS = {
    "name": "The Demo Kitchen",
    "timezone": "Europe/London",
    "currency": "GBP",
    "address": "12 Market Row\nLondon\nSE1 9AA\nUnited Kingdom",
}
USERNAME = "demo"
PASSWORD = "demo-kitchen-2024"
MANAGERS_GROUP = "Venue managers"

# What a venue manager may do in the admin: run the floor plan and the menu, see the bookings and orders.
MANAGER_PERMISSIONS = {
    "floorplan": {
        "venue": ["view", "change"],
        "area": ["view", "add", "change", "delete"],
        "table": ["view", "add", "change", "delete"],
        "waiter": ["view", "add", "change", "delete"],
    },
    "bookings": {
        "reservation": ["view"],
        "party": ["view"],
        "partytable": ["view"],
        "waitlistentry": ["view"],
    },
    "kernel": {
        "changerecord": ["view"],
    },
    "orders": {
        "product": ["view", "add", "change", "delete"],
        "productmodifier": ["view", "add", "change", "delete"],
        "order": ["view"],
        "correctiongrant": ["view", "add", "delete"],
    },
}

# Waiters: name, initials, the areas they cover.
WAITERS = [
    ("Amara Okafor", "AO", ["Main dining"]),
    ("Ben Clarke", "BC", ["Main dining", "Terrace"]),
    ("Chloé Martin", "CM", ["Terrace", "Bar"]),
    ("Dev Patel", "DP", ["Bar"]),
]


@dataclass(frozen=True)
class DemoTable:
    name: str
    max_covers: int
    shape: str
    x: int
    y: int
    width: int
    height: int
    waiter: str
    rotation: int = 0


SQUARE, RECTANGLE, ROUND = Table.Shape.SQUARE, Table.Shape.RECTANGLE, Table.Shape.ROUND

# Tables are laid out on a grid of ~10 cm cells: a two-top is 70 cm square, a six-top
# rectangle 1.6 m by 90 cm, with room to walk between tables. Each area's plan is just big
# enough to hold its tables (`plan_size`).
AREAS = {
    "Main dining": [
        DemoTable("1", 2, SQUARE, 6, 6, 7, 7, "Amara Okafor"),
        DemoTable("2", 2, SQUARE, 20, 6, 7, 7, "Amara Okafor"),
        DemoTable("3", 4, SQUARE, 34, 5, 9, 9, "Amara Okafor"),
        DemoTable("4", 4, SQUARE, 50, 5, 9, 9, "Amara Okafor"),
        DemoTable("5", 6, RECTANGLE, 68, 5, 16, 9, "Ben Clarke"),
        DemoTable("6", 4, ROUND, 6, 24, 11, 11, "Amara Okafor"),
        DemoTable("7", 4, ROUND, 24, 24, 11, 11, "Amara Okafor"),
        DemoTable("8", 6, ROUND, 42, 23, 13, 13, "Ben Clarke"),
        DemoTable("9", 8, RECTANGLE, 64, 25, 22, 9, "Ben Clarke"),
        DemoTable("10", 4, SQUARE, 6, 44, 9, 9, "Amara Okafor"),
        DemoTable("11", 4, SQUARE, 22, 44, 9, 9, "Ben Clarke"),
        DemoTable("12", 6, RECTANGLE, 40, 44, 16, 9, "Ben Clarke"),
    ],
    "Terrace": [
        DemoTable("T1", 2, ROUND, 8, 8, 8, 8, "Ben Clarke"),
        DemoTable("T2", 2, ROUND, 26, 8, 8, 8, "Ben Clarke"),
        DemoTable("T3", 2, ROUND, 44, 8, 8, 8, "Chloé Martin"),
        DemoTable("T4", 4, SQUARE, 8, 32, 9, 9, "Ben Clarke"),
        DemoTable("T5", 4, SQUARE, 26, 32, 9, 9, "Chloé Martin"),
        DemoTable("T6", 4, SQUARE, 44, 32, 9, 9, "Chloé Martin"),
        DemoTable("T7", 8, RECTANGLE, 66, 20, 9, 22, "Chloé Martin"),
    ],
    "Bar": [
        DemoTable("B1", 2, ROUND, 10, 30, 6, 6, "Dev Patel"),
        DemoTable("B2", 2, ROUND, 24, 30, 6, 6, "Dev Patel"),
        DemoTable("B3", 2, ROUND, 38, 30, 6, 6, "Chloé Martin"),
        DemoTable("B4", 4, SQUARE, 56, 28, 9, 9, "Dev Patel", rotation=45),
        DemoTable("Window", 6, RECTANGLE, 10, 48, 30, 6, "Dev Patel"),
    ],
}


# What helps a host find their way, drawn on the plan when the area is first seeded.
DECOR = {
    "Main dining": [DecorPlan(None, Decor.Kind.LABEL, 62, 46, 22, 5, label="Entrance")],
    "Terrace": [DecorPlan(None, Decor.Kind.WALL, 0, 0, 60, 2, label="Garden wall")],
    "Bar": [DecorPlan(None, Decor.Kind.BAR, 8, 10, 44, 6, label="Bar counter")],
}


@dataclass(frozen=True)
class DemoLogin:
    venue: Venue
    username: str
    password: str


@transaction.atomic
def demo_venue_seed() -> DemoLogin:
    """Creates the demo venue, its floor plan, waiters and staff login where missing."""
    venue, _ = Venue.objects.get_or_create(slug=VENUE_SLUG, defaults=VENUE_DEFAULTS)
    waiters = _seed_waiters(venue)
    for display_order, (area_name, tables) in enumerate(AREAS.items()):
        area = Area.objects.filter(venue=venue, name=area_name).first()
        if area is None:
            area = services.area_create(
                venue=venue,
                name=area_name,
                display_order=display_order,
                waiters=[waiters[name] for name, _, area_names in WAITERS if area_name in area_names],
                **plan_size(tables),
            )
            for decor in DECOR[area_name]:
                services.decor_create(area=area, decor=decor)
        _seed_tables(area, tables, waiters)
    _seed_login(venue)
    return DemoLogin(venue=venue, username=USERNAME, password=PASSWORD)


def plan_size(tables: list[DemoTable]) -> dict[str, int]:
    """The smallest plan holding every table, turned ones included."""
    width, height = extent(
        [services.footprint_of(x=t.x, y=t.y, width=t.width, height=t.height, rotation=t.rotation, shape=t.shape)
         for t in tables]
    )
    return {"width": width, "height": height}


def _seed_waiters(venue):
    waiters = {}
    for name, initials, _ in WAITERS:
        waiters[name], _ = Waiter.objects.get_or_create(venue=venue, name=name, defaults={"initials": initials})
    return waiters


def _seed_tables(area, tables, waiters):
    existing = set(area.tables.values_list("name", flat=True))
    for spec in tables:
        if spec.name in existing:
            continue
        services.table_create(
            area=area,
            name=spec.name,
            max_covers=spec.max_covers,
            shape=spec.shape,
            x=spec.x,
            y=spec.y,
            width=spec.width,
            height=spec.height,
            rotation=spec.rotation,
            waiters=[waiters[spec.waiter]],
        )


def _seed_login(venue):
    """The demo staff user, able to log in with the published password and manage the venue."""
    user, _ = get_user_model().objects.get_or_create(username=USERNAME, defaults={"is_staff": True})
    if not (user.is_staff and user.is_active and user.check_password(PASSWORD)):
        user.is_staff = user.is_active = True
        user.set_password(PASSWORD)
        user.save()
    user.groups.add(_managers_group())
    venue.staff.add(user)


def _managers_group():
    group, _ = Group.objects.get_or_create(name=MANAGERS_GROUP)
    permissions = Permission.objects.none()
    for app_label, models in MANAGER_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            permissions |= Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.add(*permissions)
    return group

"""A small restaurant floor, with guests at tables and bookings through the day, for the
view and browser tests of the floor view."""
import datetime as dt
import json
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from bookings.models import Party, Reservation
from floorplan.models import Table, Venue
from frontdesk.models import FloorVersion

from orders.services import order_add_item, order_open_for_party

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, VenueFactory, WaiterFactory
from ..orders.factories import ProductFactory

PASSWORD = "a-long-staff-password-1"


def reservations_version_of(venue: Venue) -> int:
    """The version of what the venue's floor shows of its reservations (0 before any change)."""
    return FloorVersion.objects.filter(venue=venue).values_list("reservations_version", flat=True).first() or 0


@dataclass
class Floor:
    venue: Venue
    tables: dict[str, Table] = field(default_factory=dict)
    parties: dict[str, Party] = field(default_factory=dict)
    reservations: dict[str, Reservation] = field(default_factory=dict)


def url(name: str, *args) -> str:
    return reverse(f"frontdesk:{name}", args=args)


def triggers(response) -> set[str]:
    """The client events (`HX-Trigger`) a response sends the page."""
    return set(json.loads(response.headers.get("HX-Trigger", "{}")))


def staff_user(django_user_model, venue: Venue, username: str = "sam"):
    user = django_user_model.objects.create_user(username, password=PASSWORD)
    venue.staff.add(user)
    return user


def build_floor(*, slug: str = "the-lantern", busy: bool = False) -> Floor:
    """Main dining (T1–T6) and a terrace (P1–P2). With `busy`, a service in full swing:
    parties seated (one over time, one with guest requests and an open order) and
    reservations in each state."""
    venue = VenueFactory(name="The Lantern", slug=slug)
    # Each plan just holds its tables (T6 turned 45° included), as the floor view draws it.
    main = AreaFactory(venue=venue, name="Main dining", display_order=1, width=75, height=36)
    terrace = AreaFactory(venue=venue, name="Terrace", display_order=2, width=34, height=16)
    floor = Floor(venue=venue)
    layout = [
        (main, "T1", "square", 4, 4, 12, 12, 0, 2),
        (main, "T2", "square", 22, 4, 12, 12, 0, 2),
        (main, "T3", "round", 40, 4, 14, 14, 0, 4),
        (main, "T4", "rectangle", 4, 24, 22, 12, 0, 6),
        (main, "T5", "rectangle", 32, 24, 22, 12, 0, 6),
        (main, "T6", "square", 60, 4, 12, 12, 45, 4),
        (terrace, "P1", "round", 4, 4, 12, 12, 0, 2),
        (terrace, "P2", "round", 22, 4, 12, 12, 0, 2),
    ]
    for area, name, shape, x, y, width, height, rotation, covers in layout:
        floor.tables[name] = TableFactory(
            area=area, name=name, shape=shape, x=x, y=y, width=width, height=height, rotation=rotation, max_covers=covers
        )
    if busy:
        _fill_service(floor)
    return floor


def _fill_service(floor: Floor) -> None:
    venue, t = floor.venue, floor.tables
    now = timezone.now().replace(second=0, microsecond=0)
    ana = WaiterFactory(venue=venue, name="Ana Lopes", initials="AL")
    ben = WaiterFactory(venue=venue, name="Ben Okafor", initials="BO")
    t["T4"].waiters.add(ana)
    t["T5"].waiters.add(ben)
    t["T6"].is_active = False
    t["T6"].save()
    floor.parties["Okafor"] = PartyFactory(
        venue=venue, tables=[t["T4"]], name="Okafor", covers=5, waiter=ana,
        start_time=now - dt.timedelta(minutes=48), expected_end_time=now + dt.timedelta(minutes=40),
        guest_requests="Shellfish allergy; one high chair.",
    )
    order = order_open_for_party(party=floor.parties["Okafor"])
    order_add_item(venue=venue, order_id=order.pk, product=ProductFactory(venue=venue, name="Tasting menu", price=5500), quantity=5)
    floor.parties["Walk-in"] = PartyFactory(
        venue=venue, tables=[t["T2"]], name="", covers=2, waiter=ben,
        start_time=now - dt.timedelta(minutes=95), expected_end_time=now - dt.timedelta(minutes=5),
    )
    floor.reservations["Sasha"] = _booked(venue, [t["T3"]], now + dt.timedelta(minutes=30), "Sasha", 4, guest_requests="Window seat please, gluten free.")
    floor.reservations["Marchetti"] = _booked(venue, [t["T5"]], now - dt.timedelta(minutes=15), "Marchetti", 6, host_notes="Regulars; birthday cake at 9.")
    floor.reservations["Kim"] = _booked(venue, [t["T1"]], now + dt.timedelta(hours=2), "Kim", 2)
    floor.reservations["Dupont"] = _booked(venue, [t["P1"]], now - dt.timedelta(minutes=50), "Dupont", 2, no_show_at=now)


def _booked(venue, tables, start, name, covers, **kwargs) -> Reservation:
    return ReservationFactory(
        venue=venue, tables=tables, name=name, covers=covers, start_time=start, end_time=start + dt.timedelta(hours=2), **kwargs
    )

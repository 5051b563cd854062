"""The busy floor later in the evening: bookings through the night (one double-booked),
tomorrow's, parties that have left, and walk-ins waiting, for the timeline and waitlist tests."""
import datetime as dt
import zoneinfo

from django.utils import timezone

from bookings.models import WaitlistEntry

from ..factories import PartyFactory, ReservationFactory
from .floors import Floor


def fill_evening(floor: Floor) -> Floor:
    venue, t = floor.venue, floor.tables
    now = timezone.now().replace(second=0, microsecond=0)
    PartyFactory(venue=venue, tables=[t["T1"]], name="Haddad", covers=2, start_time=now - dt.timedelta(hours=3), end_time=now - dt.timedelta(minutes=100))
    PartyFactory(venue=venue, tables=[t["T3"]], name="Lee", covers=4, start_time=now - dt.timedelta(minutes=150), end_time=now - dt.timedelta(minutes=40))
    for name, table, starts_in, covers in [
        ("Nguyen", "T4", dt.timedelta(minutes=70), 4), ("Ito", "P2", dt.timedelta(minutes=60), 2),
        ("Brown", "T3", dt.timedelta(hours=3), 4), ("Walsh", "T3", dt.timedelta(minutes=165), 2),
    ]:
        floor.reservations[name] = _booked(venue, [t[table]], now + starts_in, name, covers)
    floor.reservations["Okoye"] = _booked(venue, [t["T2"]], _tomorrow_at(venue, dt.time(19, 30)), "Okoye", 3, guest_requests="Nut allergy")
    return floor


def add_waiting(floor: Floor) -> list[WaitlistEntry]:
    now = timezone.now().replace(microsecond=0)
    return [
        WaitlistEntry.objects.create(venue=floor.venue, name=name, covers=covers, quoted_minutes=quoted, phone=phone,
                                     notes=notes, added_at=now - dt.timedelta(minutes=waited))
        for name, covers, quoted, waited, phone, notes in [
            ("Rivera", 2, 20, 25, "07700 900123", "Happy at the bar meanwhile"),
            ("Novak", 5, 30, 12, "", ""),
            ("Chen", 2, 15, 4, "07700 900456", ""),
        ]
    ]


def _booked(venue, tables, start, name, covers, **kwargs):
    return ReservationFactory(venue=venue, tables=tables, name=name, covers=covers, start_time=start,
                              end_time=start + dt.timedelta(hours=2), dojo_reservation_id=None, **kwargs)


def _tomorrow_at(venue, time: dt.time) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(venue.timezone)
    return dt.datetime.combine(timezone.now().astimezone(zone).date() + dt.timedelta(days=1), time, tzinfo=zone)

"""The version of what a venue's floor shows (kept by the database, see `models`), and the
ETag of the live part of the floor page that names it."""
import datetime as dt
import hashlib
import json
from typing import NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Q, QuerySet
from django.utils.http import parse_etags

from floorplan.models import Venue
from posbackoffice.kernel.access import NOTHING, visible_venues
from posbackoffice.kernel.queries import Param, PreparedRead

from .models import FloorVersion


def floor_version_of(venue: Venue) -> int:
    return FloorVersion.objects.filter(venue=venue).values_list("version", flat=True).first() or 0


class FloorSeen(NamedTuple):
    """A venue, and the versions of its floor and of what the floor shows of its reservations."""

    venue: Venue
    version: int
    reservations_version: int


def venue_floor_version(*, user: AbstractBaseUser, slug: str) -> FloorSeen | None:
    """The venue with this slug and its versions, or None when the user may not see it (or
    there is no such venue, or the user none): one query, the only one of an unchanged poll,
    and the venue a changed poll renders the floor of.

    Every tablet runs it every two seconds, so it is compiled once (`PreparedRead`): building
    it costs the ORM five times what running it does. Who may see the venue is the kernel's
    rule (`visible_venues`): every venue, none, or those the user is on the staff of."""
    rule = visible_venues(user)
    if rule == NOTHING:
        return None
    row = _ANY_VENUE.first(slug=slug) if rule == Q() else _STAFF_VENUE.first(slug=slug, user_id=user.pk)
    if row is None:
        return None
    *venue, version, reservations_version = row
    return FloorSeen(Venue.from_db(DEFAULT_DB_ALIAS, _VENUE_FIELDS, venue), version or 0, reservations_version or 0)


_VENUE_FIELDS = [field.attname for field in Venue._meta.concrete_fields]


def _venue_and_version() -> QuerySet:
    """The venue's row and its versions (None before its first change), by slug."""
    venues = Venue.objects.filter(slug=Param("slug", models.CharField()))
    return venues.values_list(*_VENUE_FIELDS, "floor_version__version", "floor_version__reservations_version")


_ANY_VENUE = PreparedRead(_venue_and_version)
_STAFF_VENUE = PreparedRead(lambda: _venue_and_version().filter(staff__id=Param("user_id", models.IntegerField())))


def live_etag(*, version: int, now: dt.datetime, area: str, mine: bool) -> str:
    """Names what the live part of the page shows: the floor's version, the minute (minutes
    seated, reserved soon, over time and the clock change with it), and which area and
    section are asked for. What else depends on who asks (their waiter) is part of the floor,
    so it changes the version; and each page only ever sends back its own ETag."""
    minute = int(now.timestamp()) // 60
    variant = hashlib.blake2b(f"{area}:{int(mine)}".encode(), digest_size=6).hexdigest()
    return f'"{version}.{minute}.{variant}"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    return etag in parse_etags(if_none_match)


def poll_headers(etag: str) -> str:
    """The headers the page polls with (htmx's `hx-headers`): the ETag it shows."""
    return json.dumps({"If-None-Match": etag})

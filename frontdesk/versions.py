"""The version of what a venue's floor shows (kept by the database, see `models`), and the
ETag of the live part of the floor page that names it."""
import datetime as dt
import hashlib
import json

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F
from django.utils.http import parse_etags

from floorplan.models import Venue

from .models import FloorVersion
from .staff import staff_venues


def floor_version_of(venue: Venue) -> int:
    return FloorVersion.objects.filter(venue=venue).values_list("version", flat=True).first() or 0


def venue_floor_version(*, user: AbstractBaseUser, slug: str) -> tuple[Venue, int] | None:
    """The venue with this slug and its floor version, or None when the user may not see
    it (or there is no such venue): one query, the only one of an unchanged poll, and the
    venue a changed poll renders the floor of."""
    venue = staff_venues(user=user).filter(slug=slug).annotate(seen_version=F("floor_version__version")).first()
    return None if venue is None else (venue, venue.seen_version or 0)


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

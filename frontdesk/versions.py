"""The version of what a venue's floor shows (kept by the database, see `models`), and the
ETag of the live part of the floor page that names it."""
import datetime as dt
import functools
import hashlib
import json

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Q
from django.utils.http import parse_etags

from floorplan.models import Venue
from posbackoffice.kernel.access import NOTHING, visible_venues

from .models import FloorVersion


def floor_version_of(venue: Venue) -> int:
    return FloorVersion.objects.filter(venue=venue).values_list("version", flat=True).first() or 0


def venue_floor_version(*, user: AbstractBaseUser, slug: str) -> tuple[Venue, int] | None:
    """The venue with this slug and its floor version, or None when the user may not see
    it (or there is no such venue, or the user none): one query, the only one of an
    unchanged poll, and the venue a changed poll renders the floor of.

    Written in SQL, as the triggers that keep the version are: every tablet runs it every
    two seconds, and Django takes five times as long to build the query as to run it. Who
    may see the venue is the kernel's rule (`visible_venues`): every venue, none, or those
    the user is on the staff of, which the query checks."""
    rule = visible_venues(user)
    if rule == NOTHING:
        return None
    staff_only = rule != Q()
    sql = _venue_and_version_sql(staff_only=staff_only)
    venue = next(iter(Venue.objects.raw(sql, [slug, user.pk] if staff_only else [slug])), None)
    return None if venue is None else (venue, venue.seen_version or 0)


@functools.cache
def _venue_and_version_sql(*, staff_only: bool) -> str:
    """The venue's row and its version (`seen_version`, NULL without a row) by slug; when
    `staff_only`, only if the user whose ID is the second parameter is on its staff."""
    quote = connection.ops.quote_name
    venue, staff, version = Venue._meta, Venue.staff.through._meta, FloorVersion._meta
    sql = (
        f"SELECT v.*, fv.{quote(version.get_field('version').column)} AS seen_version FROM {quote(venue.db_table)} v"
        f" LEFT JOIN {quote(version.db_table)} fv ON fv.{quote(version.get_field('venue').column)} = v.{quote(venue.pk.column)}"
        f" WHERE v.{quote(venue.get_field('slug').column)} = %s"
    )
    if staff_only:
        sql += (
            f" AND EXISTS (SELECT 1 FROM {quote(staff.db_table)} s"
            f" WHERE s.{quote(staff.get_field('venue').column)} = v.{quote(venue.pk.column)}"
            f" AND s.{quote(staff.get_field('user').column)} = %s)"
        )
    return sql


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

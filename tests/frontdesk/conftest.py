"""The floor every view test of the floor view works on, its host logged in, and the
evening they work in."""
import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection

from .floors import build_floor, staff_user


@pytest.fixture(autouse=True)
def _an_evening_at_the_venue(request):
    """Every floor test runs at 19:00 at the venue (London, today's date), with the clock
    ticking on from there: its bookings "in two hours" and parties "seated 95 minutes ago"
    stay within the venue's day whatever the hour the suite runs at. A test whose server
    runs in another process (that process keeps the real clock) is marked `real_clock`."""
    if request.node.get_closest_marker("real_clock"):
        yield
        return
    london = zoneinfo.ZoneInfo("Europe/London")
    with time_machine.travel(dt.datetime.combine(dt.datetime.now(london).date(), dt.time(19), tzinfo=london), tick=True):
        yield


@pytest.fixture
def floor(db):
    return build_floor()


@pytest.fixture
def host(django_user_model, floor):
    return staff_user(django_user_model, floor.venue)


@pytest.fixture
def staff(client, host):
    client.force_login(host)
    return client


@pytest.fixture
def floor_versions_now(db):
    """Floor versions bumped at each change rather than at commit, so that a test, which
    never commits, sees them (PostgreSQL defers the triggers; SQLite's run at once)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS floor_changed IMMEDIATE")

"""Fixtures shared by the whole suite, and the rule for tests that need real services.

A test marked `postgres` or `redis` needs that service. Under CI (CI=true) a missing
service fails the test; elsewhere (a laptop running `make test` on SQLite) it is skipped.
"""
import gc
import os

import pytest
import redis as redis_lib
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from posbackoffice.dojo.sync import recording

from .factories import AreaFactory, TableFactory, VenueFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing_service(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (required under CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _require_marked_services(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing_service("needs PostgreSQL: set DATABASE_URL to a postgres:// URL")
    if request.node.get_closest_marker("redis"):
        if not settings.REDIS_URL:
            _missing_service("needs Redis: set REDIS_URL")
        try:
            redis_lib.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis_lib.RedisError as exc:
            _missing_service(f"Redis at REDIS_URL is not reachable: {exc}")


@pytest.fixture(scope="session", autouse=True)
def _connections_of_finished_threads_closed(django_db_setup):
    """Threads that tests started (the WebSocket bridge's workers, the live server's) keep
    their database connections, as connections are reused; once the threads have ended,
    collecting them closes those connections before the test database is dropped."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _forget_recorded_dojo_calls():
    """Each test sees every call Dojo makes recorded, whatever earlier tests called."""
    recording._ok_call_recorded_at.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no failed logins counted, no shared renderings
    of the floor (the test settings' caches are in-process)."""
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def venue(db):
    return VenueFactory(name="Test Bistro", slug="test-bistro")


@pytest.fixture
def area(venue):
    return AreaFactory(venue=venue, name="Main dining")


@pytest.fixture
def tables(area):
    return [TableFactory(area=area, name=f"T{n}", max_covers=4) for n in range(1, 5)]

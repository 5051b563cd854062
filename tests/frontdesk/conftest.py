"""The floor every view test of the floor view works on, and its host logged in."""
import pytest
from django.db import connection

from .floors import build_floor, staff_user


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

"""The floor every view test of the floor view works on, and its host logged in."""
import pytest

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

import base64

import pytest
from rest_framework.test import APIClient

from posbackoffice.dojo.credentials import epos_credential_set

from ..factories import VenueFactory

PASSWORD = "correct-horse-battery-staple-0123456789"


def basic_auth(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def credential(venue):
    credential, _ = epos_credential_set(venue=venue, username="dojo-test-bistro", password=PASSWORD)
    return credential


@pytest.fixture
def epos(credential):
    """An API client authenticated as Dojo for the `venue` fixture."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic_auth(credential.username, PASSWORD))
    return client


@pytest.fixture
def other_venue_epos(db):
    venue = VenueFactory(name="Other Place", slug="other-place")
    credential, _ = epos_credential_set(venue=venue, username="dojo-other", password=PASSWORD)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic_auth(credential.username, PASSWORD))
    client.venue = venue
    return client


@pytest.fixture(scope="session")
def gunicorn(django_db_setup):
    """The back office served by gunicorn on the test database, for the whole session (tests
    using it need `transactional_db`, so that the server sees their rows). PostgreSQL only:
    the server is another process."""
    from django.db import connection

    from ..conftest import _missing_service
    from ..dojo.processes import Gunicorn

    if connection.vendor != "postgresql":
        _missing_service("needs PostgreSQL: set DATABASE_URL to a postgres:// URL (the server is another process)")
    server = Gunicorn()
    yield server
    server.stop()

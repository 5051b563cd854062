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
    """The back office served by gunicorn as production runs it (gunicorn.conf.py: threaded
    workers, keep-alive, client timeouts) on the test database, with DEBUG off, for the
    whole session; tests using it need `transactional_db`, so that the server sees their
    rows. PostgreSQL only: the server is another process.

    The test settings keep failed logins in each process's memory, and the tests served
    send bad credentials on purpose, so logins are not throttled here (the throttle has
    tests of its own): otherwise one test's failures would lock out the next."""
    from django.db import connection

    from ..conftest import _missing_service
    from ..dojo.processes import test_database_url
    from ..observability.servers import Gunicorn

    if connection.vendor != "postgresql":
        _missing_service("needs PostgreSQL: set DATABASE_URL to a postgres:// URL (the server is another process)")
    server = Gunicorn(workers=2, env={
        "DJANGO_SETTINGS_MODULE": "posbackoffice.settings.test", "DATABASE_URL": test_database_url(),
        "GUNICORN_THREADS": "4", "LOG_LEVEL": "WARNING", "GUNICORN_LOG_LEVEL": "warning",
        "LOGIN_FAILURES_PER_USER": str(10**9), "LOGIN_FAILURES_PER_ADDRESS": str(10**9),
    })
    yield server
    server.close()

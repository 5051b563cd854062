import pytest

from posbackoffice.dojo.config import dojo_settings_set

from .stand_in import DojoStandIn

API_KEY = "sk_sandbox_0123456789abcdefWXYZ"
SOFTWARE_HOUSE_ID = "pos-back-office"
RESELLER_ID = "reseller-7"


@pytest.fixture(scope="session")
def stand_in_server():
    server = DojoStandIn(api_key=API_KEY, software_house_id=SOFTWARE_HOUSE_ID, reseller_id=RESELLER_ID).start()
    yield server
    server.stop()


@pytest.fixture
def stand_in(stand_in_server):
    stand_in_server.reset()
    yield stand_in_server
    stand_in_server.reset()


@pytest.fixture
def dojo_venue(venue, stand_in):
    """The `venue` fixture, set up to reach the stand-in Dojo."""
    dojo_settings_set(
        venue=venue,
        api_key=API_KEY,
        software_house_id=SOFTWARE_HOUSE_ID,
        reseller_id=RESELLER_ID,
        base_url=stand_in.url,
    )
    return venue


@pytest.fixture
def embedded(settings):
    """The embedded mode: no broker, the database is the queue."""
    settings.CELERY_TASK_ALWAYS_EAGER = True

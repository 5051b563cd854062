"""`manage.py dojo_ws`: configuration, a refused handshake, and SIGTERM."""
import os
import signal
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from posbackoffice.dojo.config import dojo_settings_set

from .conftest import API_KEY, SOFTWARE_HOUSE_ID

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dojo_settings(ws_venue):
    """The venue's Dojo settings, as `dojo_config` stores them (the key encrypted)."""
    return dojo_settings_set(venue=ws_venue, api_key=API_KEY, software_house_id=SOFTWARE_HOUSE_ID)


def test_sigterm_closes_the_connection_cleanly(dojo, ws_venue, dojo_settings):
    # given Dojo, which once it has had an answer from the bridge sends this process SIGTERM
    answered = []

    def converse_then_terminate():
        dojo.wait_connections(1)
        answered.append(dojo.call("ListAreasV1"))
        os.kill(os.getpid(), signal.SIGTERM)

    dojo_side = threading.Thread(target=converse_then_terminate)
    dojo_side.start()
    previous_handler = signal.getsignal(signal.SIGTERM)
    out = StringIO()
    try:
        # when the command runs
        call_command("dojo_ws", ws_venue.slug, "--url", dojo.url, stdout=out)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        dojo_side.join(10)

    # then it answered, and on SIGTERM closed the socket with "going away" and returned
    assert answered[0]["result"] == []
    dojo.wait_closed()
    assert dojo.close_codes == [1001]
    assert dojo.handshakes[0]["Authorization"] == f"Basic {API_KEY}"
    assert "reseller-id" not in dojo.handshakes[0]
    assert out.getvalue().endswith("Connection to Dojo closed.\n")


def test_a_refused_handshake_ends_the_command_with_an_error(dojo, ws_venue, dojo_settings):
    dojo_settings_set(venue=ws_venue, api_key="sk_sandbox_revoked")

    with pytest.raises(CommandError, match="refused the connection \\(401\\)"):
        call_command("dojo_ws", ws_venue.slug, "--url", dojo.url, stdout=StringIO())


def test_the_url_defaults_to_the_setting(dojo, ws_venue, dojo_settings, settings):
    settings.DOJO_WS_URL = dojo.url
    dojo_settings_set(venue=ws_venue, api_key="sk_sandbox_revoked")

    with pytest.raises(CommandError, match="401"):
        call_command("dojo_ws", ws_venue.slug, stdout=StringIO())
    assert dojo.handshakes[0]["Authorization"] == "Basic sk_sandbox_revoked"


def test_an_unknown_venue_is_an_error(db):
    with pytest.raises(CommandError, match="No venue"):
        call_command("dojo_ws", "nowhere")


def test_without_dojo_settings_the_command_does_not_start(ws_venue):
    with pytest.raises(CommandError, match="no Dojo settings"):
        call_command("dojo_ws", ws_venue.slug)


def test_a_malformed_url_is_an_error(ws_venue, dojo_settings):
    with pytest.raises(CommandError, match="isn't a valid URI"):
        call_command("dojo_ws", ws_venue.slug, "--url", "https://example.com/epos")

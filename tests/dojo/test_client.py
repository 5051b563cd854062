"""The Dojo API client: headers, errors surfaced, the key kept out of messages and logs."""
import logging

import pytest

from posbackoffice.dojo.apikeys import api_key_decrypt
from posbackoffice.dojo.client import DojoClient, DojoHTTPError, DojoUnreachable, Timeouts
from posbackoffice.dojo.models import DojoSettings

from .conftest import API_KEY, SOFTWARE_HOUSE_ID
from .stand_in import DojoStandIn

pytestmark = pytest.mark.django_db


def client_for(stand_in, **kwargs) -> DojoClient:
    return DojoClient(api_key=API_KEY, software_house_id=SOFTWARE_HOUSE_ID, base_url=stand_in.url, **kwargs)


def test_headers_carry_the_key_as_is_the_version_and_the_ids(dojo_venue, stand_in):
    DojoClient.for_settings(dojo_venue.dojo_settings).post_event({"eventType": "PartyUpdated", "event": {"partyId": "1"}})
    [recorded] = stand_in.requests
    assert recorded.problems == []
    assert recorded.headers["authorization"] == f"Basic {API_KEY}"
    assert recorded.headers["version"] == "2026-02-27"


def test_reseller_id_is_left_out_when_the_venue_has_none(db):
    stand_in = DojoStandIn(api_key=API_KEY, software_house_id=SOFTWARE_HOUSE_ID).start()
    try:
        client_for(stand_in).post_event({"eventType": "OrderUpdated", "event": {"orderId": "9"}})
        assert stand_in.problems == []
        assert "reseller-id" not in stand_in.requests[0].headers
    finally:
        stand_in.stop()


def test_dojos_error_body_is_surfaced_and_the_key_never_is(stand_in, caplog):
    stand_in.fail_next(401)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DojoHTTPError) as raised:
        client_for(stand_in, reseller_id="reseller-7").post_event({"eventType": "PartyUpdated", "event": {"partyId": "1"}})
    assert raised.value.status == 401 and not raised.value.transient
    assert raised.value.body["title"] == "Scripted failure"
    assert "Scripted failure" in str(raised.value)
    assert API_KEY not in str(raised.value) and API_KEY not in repr(raised.value)
    assert API_KEY not in caplog.text


def test_a_slow_answer_times_out_as_unreachable(stand_in):
    stand_in.delay_next(1.0)
    with pytest.raises(DojoUnreachable) as raised:
        client_for(stand_in, timeouts=Timeouts(connect=1, read=0.2), reseller_id="reseller-7").post_event(
            {"eventType": "PartyUpdated", "event": {"partyId": "1"}}
        )
    assert raised.value.transient
    assert API_KEY not in str(raised.value)


def test_a_429_is_transient(stand_in):
    stand_in.fail_next(429)
    with pytest.raises(DojoHTTPError) as raised:
        client_for(stand_in, reseller_id="reseller-7").get_integrations()
    assert raised.value.transient


def test_the_api_key_is_encrypted_at_rest_and_only_its_end_shown(dojo_venue):
    stored = DojoSettings.objects.get(venue=dojo_venue)
    assert API_KEY not in stored.api_key_encrypted
    assert api_key_decrypt(stored.api_key_encrypted) == API_KEY
    assert stored.masked_api_key == "…WXYZ"

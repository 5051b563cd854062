"""Where a venue's Dojo API key may go: only to Dojo, and never a secret in what is printed."""
import traceback

import pytest
from django.core.management import CommandError, call_command

from posbackoffice.dojo.client import DojoClient, DojoHTTPError
from posbackoffice.dojo.models import DojoSettings, OutboxEvent

from ..factories import PartyFactory
from .conftest import API_KEY

pytestmark = pytest.mark.django_db

EPOS_URL = "https://pos.example.com/epos"


@pytest.fixture
def loopback_refused(settings):
    """As in production: no stand-in of Dojo on this machine."""
    settings.DOJO_API_LOOPBACK_ALLOWED = False


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8399",
        "http://api.dojo.tech",
        "https://dojo.example.com",
        "https://api.dojo.tech.example.com",
        "https://api.dojo.tech@attacker.example.com",
        "ftp://api.dojo.tech",
    ],
)
def test_dojo_config_refuses_a_base_url_that_is_not_dojos(venue, loopback_refused, base_url):
    with pytest.raises(CommandError, match="The base URL must be"):
        call_command("dojo_config", venue.slug, "--api-key", API_KEY, "--software-house-id", "sh", "--base-url", base_url)

    assert not DojoSettings.objects.exists()


def test_dojo_config_accepts_dojos_hosts_and_the_configured_ones(venue, loopback_refused, settings):
    call_command("dojo_config", venue.slug, "--api-key", API_KEY, "--software-house-id", "sh", "--base-url", "https://API.dojo.tech/")
    settings.DOJO_API_HOSTS = ["api.dojo.tech", "api.sandbox.example"]
    call_command("dojo_config", venue.slug, "--base-url", "https://api.sandbox.example")

    assert DojoSettings.objects.get(venue=venue).base_url == "https://api.sandbox.example"


def test_a_loopback_stand_in_is_reachable_only_when_allowed(venue, settings):
    settings.DOJO_API_LOOPBACK_ALLOWED = True
    call_command("dojo_config", venue.slug, "--api-key", API_KEY, "--software-house-id", "sh", "--base-url", "http://127.0.0.1:8399")
    settings.DOJO_API_LOOPBACK_ALLOWED = False

    with pytest.raises(CommandError, match="Dojo's API hosts"):
        call_command("dojo_config", venue.slug, "--base-url", "http://localhost:8399")


def test_the_admin_form_refuses_a_base_url_that_is_not_dojos(dojo_venue, admin_client, loopback_refused):
    settings_row = DojoSettings.objects.get(venue=dojo_venue)
    form = {"software_house_id": "sh-2", "reseller_id": "", "base_url": "https://collector.example.com", "epos_url": ""}

    response = admin_client.post(f"/admin/dojo/dojosettings/{settings_row.pk}/change/", {**form, "api_key": ""})

    assert response.status_code == 200
    assert "Dojo&#x27;s API hosts" in str(response.context["adminform"].form.errors["base_url"])
    settings_row.refresh_from_db()
    assert settings_row.software_house_id != "sh-2"


def test_a_base_url_stored_before_the_check_gets_no_api_key(dojo_venue, stand_in, embedded, loopback_refused):
    # given settings saved before base URLs were checked, pointing at a plain-HTTP host
    PartyFactory(venue=dojo_venue)

    # when the event is delivered
    call_command("deliver_events")

    # then nothing was sent, and the event says why
    assert stand_in.requests == []
    event = OutboxEvent.objects.get()
    assert event.status == "failed" and "Dojo's API hosts" in event.last_error


@pytest.fixture
def dojo_echoing_the_password(monkeypatch):
    """Dojo answering a registration with the password it was sent quoted in its answer."""
    sent = {}

    def answer(status):
        def put_rest_integration(client, body):
            sent["password"] = password = body["auth"]["basic"]["password"]
            if status >= 400:
                problem = {"title": f"Password {password} is not accepted", "status": status, "traceId": "dojo-trace-1",
                           "errors": {"auth.basic.password": [password]}}
                raise DojoHTTPError(method="PUT", path="/epos/integrations/rest", status=status, body=problem)
            return [{"url": body["url"], "auth": body["auth"]}]

        monkeypatch.setattr(DojoClient, "put_rest_integration", put_rest_integration)
        return sent

    return answer


def test_a_refused_registration_prints_dojos_status_and_title_without_the_password(dojo_venue, dojo_echoing_the_password):
    sent = dojo_echoing_the_password(400)

    with pytest.raises(CommandError) as refused:
        call_command("dojo_register", dojo_venue.slug, "--url", EPOS_URL)

    printed = "".join(traceback.format_exception(refused.value))
    assert sent["password"] not in printed
    assert "answered 400: Password [redacted] is not accepted (traceId dojo-trace-1)" in str(refused.value)


def test_an_accepted_registration_prints_dojos_answer_without_the_password(dojo_venue, dojo_echoing_the_password, capsys):
    sent = dojo_echoing_the_password(200)

    call_command("dojo_register", dojo_venue.slug, "--url", EPOS_URL)

    out = capsys.readouterr().out
    assert sent["password"] not in out and '"password": "[redacted]"' in out

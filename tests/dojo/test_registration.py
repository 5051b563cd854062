"""Capability registration against the stand-in, from the command and the admin."""
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import get_resolver

from posbackoffice.dojo.credentials import epos_credential_authenticate, epos_credential_set
from posbackoffice.dojo.models import DojoSettings
from posbackoffice.dojo.rest.capabilities import served_rest_capabilities

pytestmark = pytest.mark.django_db

EPOS_URL = "https://pos.example.com/epos"


def capabilities_routed_under_epos() -> set[str]:
    """Every capability name marked on an action routed under /epos/, read off the URL tree."""
    [epos] = [p for p in get_resolver().url_patterns if str(p.pattern) == "epos/"]
    names = set()
    for pattern in epos.url_patterns:
        view_set = getattr(pattern.callback, "cls", None)
        names.update(getattr(view_set, action).capability for action in getattr(pattern.callback, "actions", {}).values())
    return names


def test_registration_sends_every_served_capability_and_working_credentials(dojo_venue, stand_in, capsys):
    call_command("dojo_register", dojo_venue.slug, "--url", EPOS_URL)
    [put] = [r for r in stand_in.requests if r.method == "PUT"]
    assert put.problems == []
    assert put.path == "/epos/integrations/rest"
    assert put.body["url"] == EPOS_URL
    names = [c["name"] for c in put.body["capabilities"]]
    assert names == served_rest_capabilities()
    assert set(names) == capabilities_routed_under_epos()
    assert {"UpdateParty", "UpdateReservation", "GetPartyById", "SearchTables"} <= set(names)
    assert {c["version"] for c in put.body["capabilities"]} == {"v1"}
    basic = put.body["auth"]["basic"]
    assert put.body["auth"]["authType"] == "basic"
    assert epos_credential_authenticate(username=basic["username"], password=basic["password"]) is not None
    assert basic["password"] not in capsys.readouterr().out
    assert DojoSettings.objects.get(venue=dojo_venue).epos_url == EPOS_URL


def test_registration_keeps_the_existing_username_and_replaces_the_password(dojo_venue, stand_in):
    epos_credential_set(venue=dojo_venue, username="dojo-bistro", password="x" * 30)
    call_command("dojo_register", dojo_venue.slug, "--url", EPOS_URL)
    basic = stand_in.requests[0].body["auth"]["basic"]
    assert basic["username"] == "dojo-bistro"
    assert epos_credential_authenticate(username="dojo-bistro", password="x" * 30) is None


def test_a_refused_registration_leaves_the_current_credentials_working(dojo_venue, stand_in):
    epos_credential_set(venue=dojo_venue, username="dojo-bistro", password="x" * 30)
    stand_in.fail_next(400)
    with pytest.raises(CommandError, match="answered 400"):
        call_command("dojo_register", dojo_venue.slug, "--url", EPOS_URL)
    assert epos_credential_authenticate(username="dojo-bistro", password="x" * 30) is not None


def test_show_prints_what_dojo_has_registered(dojo_venue, stand_in, capsys):
    call_command("dojo_register", dojo_venue.slug, "--url", EPOS_URL)
    capsys.readouterr()
    call_command("dojo_register", dojo_venue.slug, "--show")
    shown = json.loads(capsys.readouterr().out)
    assert shown["restIntegrations"][0]["url"] == EPOS_URL
    assert stand_in.problems == []


def test_registration_needs_dojo_settings_and_a_url(venue, stand_in):
    with pytest.raises(CommandError, match="no Dojo settings"):
        call_command("dojo_register", venue.slug, "--url", EPOS_URL)


def test_registration_needs_the_public_url_once(dojo_venue, stand_in):
    with pytest.raises(CommandError, match="public URL"):
        call_command("dojo_register", dojo_venue.slug)
    assert stand_in.requests == []


def test_the_admin_action_registers_with_the_stored_url(dojo_venue, stand_in, admin_client):
    DojoSettings.objects.filter(venue=dojo_venue).update(epos_url=EPOS_URL)
    settings_row = DojoSettings.objects.get(venue=dojo_venue)
    response = admin_client.post(
        "/admin/dojo/dojosettings/",
        {"action": "register_rest_integration", "_selected_action": [settings_row.pk]},
        follow=True,
    )
    assert "registered with Dojo" in response.content.decode()
    assert [r.body["url"] for r in stand_in.requests] == [EPOS_URL]

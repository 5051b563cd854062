"""`dojo_register --ws` registers exactly the capabilities the bridge dispatches."""
import json

import pytest
from django.core.management import call_command

from posbackoffice.dojo.bridge.dispatch import dispatched_methods, served_ws_capabilities
from tests.dojo.conftest import dojo_venue, stand_in, stand_in_server  # noqa: F401  (the Dojo API stand-in)

pytestmark = pytest.mark.django_db


def test_ws_registration_sends_every_capability_dispatched(dojo_venue, stand_in, capsys):  # noqa: F811
    call_command("dojo_register", dojo_venue.slug, "--ws")

    [put] = stand_in.requests
    assert (put.method, put.path, put.problems) == ("PUT", "/epos/integrations/ws", [])
    names = [capability["name"] for capability in put.body["capabilities"]]
    assert names == served_ws_capabilities()
    assert {name.split(":")[0] + "V1" for name in names} == set(dispatched_methods())
    assert {capability["version"] for capability in put.body["capabilities"]} == {"v1"}
    assert "Registered the WebSocket integration" in capsys.readouterr().out


def test_show_lists_the_ws_integration(dojo_venue, stand_in, capsys):  # noqa: F811
    call_command("dojo_register", dojo_venue.slug, "--ws")
    capsys.readouterr()

    call_command("dojo_register", dojo_venue.slug, "--show")

    shown = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in shown["wsIntegrations"][0]["capabilities"]] == served_ws_capabilities()

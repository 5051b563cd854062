"""dojo_config, deliver_events, and the admin pages of settings and outbox."""
import pytest
from django.core.management import CommandError, call_command

from posbackoffice.dojo.models import DojoSettings, OutboxEvent

from ..factories import PartyFactory
from .conftest import API_KEY

pytestmark = pytest.mark.django_db


def test_dojo_config_sets_the_venues_settings_and_never_prints_the_key(venue, capsys, settings):
    settings.DOJO_API_HOSTS = ["api.dojo.tech", "sandbox.example.com"]
    call_command(
        "dojo_config", venue.slug, "--api-key", API_KEY, "--software-house-id", "sh-1", "--reseller-id", "r-1"
    )
    out = capsys.readouterr().out
    assert API_KEY not in out and "…WXYZ" in out
    stored = DojoSettings.objects.get(venue=venue)
    assert (stored.software_house_id, stored.reseller_id, stored.base_url) == ("sh-1", "r-1", "https://api.dojo.tech")
    call_command("dojo_config", venue.slug, "--base-url", "https://sandbox.example.com/")
    stored.refresh_from_db()
    assert stored.base_url == "https://sandbox.example.com" and stored.software_house_id == "sh-1"


def test_dojo_config_refuses_a_first_setting_without_a_key(venue):
    with pytest.raises(CommandError, match="API key"):
        call_command("dojo_config", venue.slug, "--software-house-id", "sh-1")


def test_deliver_events_delivers_whatever_is_pending_once(dojo_venue, stand_in, embedded, capsys):
    parties = [PartyFactory(venue=dojo_venue) for _ in range(3)]
    stand_in.fail_next(500)
    call_command("deliver_events")
    assert "Attempted 3 events; still pending: 1" in capsys.readouterr().out
    call_command("deliver_events")
    assert stand_in.entity_ids("PartyUpdated") == {str(p.pk) for p in parties}
    assert set(OutboxEvent.objects.values_list("status", flat=True)) == {"delivered"}


def test_the_admin_never_shows_the_api_key(dojo_venue, admin_client):
    settings_row = DojoSettings.objects.get(venue=dojo_venue)
    page = admin_client.get(f"/admin/dojo/dojosettings/{settings_row.pk}/change/").content.decode()
    assert API_KEY not in page and "…WXYZ" in page
    listing = admin_client.get("/admin/dojo/dojosettings/").content.decode()
    assert API_KEY not in listing


def test_the_admin_keeps_the_key_when_left_blank_and_replaces_it_when_given(dojo_venue, admin_client):
    settings_row = DojoSettings.objects.get(venue=dojo_venue)
    form = {"software_house_id": "sh-2", "reseller_id": "", "base_url": "https://api.dojo.tech", "epos_url": ""}
    admin_client.post(f"/admin/dojo/dojosettings/{settings_row.pk}/change/", {**form, "api_key": ""})
    settings_row.refresh_from_db()
    assert settings_row.software_house_id == "sh-2" and settings_row.masked_api_key == "…WXYZ"
    admin_client.post(f"/admin/dojo/dojosettings/{settings_row.pk}/change/", {**form, "api_key": "sk_sandbox_new_key_ABCD"})
    settings_row.refresh_from_db()
    assert settings_row.masked_api_key == "…ABCD"


def test_the_outbox_admin_lists_rows_and_retries_failed_ones(dojo_venue, stand_in, embedded, admin_client):
    PartyFactory(venue=dojo_venue)
    stand_in.fail_next(400)
    call_command("deliver_events")
    event = OutboxEvent.objects.get()
    assert event.status == "failed"
    listing = admin_client.get("/admin/dojo/outboxevent/").content.decode()
    assert "PartyUpdated" in listing and "answered 400" in listing
    assert admin_client.get(f"/admin/dojo/outboxevent/{event.pk}/change/").status_code == 200
    admin_client.post("/admin/dojo/outboxevent/", {"action": "retry_now", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == "pending"
    call_command("deliver_events")
    event.refresh_from_db()
    assert event.status == "delivered"


def test_a_venue_manager_sees_only_their_venues_settings_and_events(dojo_venue, client, django_user_model, embedded):
    from django.contrib.auth.models import Permission

    from posbackoffice.dojo.config import dojo_settings_set

    from ..factories import VenueFactory

    other = VenueFactory(name="Elsewhere", slug="elsewhere")
    dojo_settings_set(venue=other, api_key="sk_sandbox_other_venue_key", software_house_id="sh")
    PartyFactory(venue=dojo_venue)
    PartyFactory(venue=other)
    manager = django_user_model.objects.create_user("manager", password="pw", is_staff=True)
    manager.user_permissions.set(Permission.objects.filter(content_type__app_label="dojo"))
    dojo_venue.staff.add(manager)
    client.force_login(manager)
    settings_page = client.get("/admin/dojo/dojosettings/").content.decode()
    assert "Test Bistro" in settings_page and "Elsewhere" not in settings_page
    events = client.get("/admin/dojo/outboxevent/").context["cl"].result_list
    assert {event.venue_id for event in events} == {dojo_venue.pk}
    other_settings = DojoSettings.objects.get(venue=other)
    assert client.get(f"/admin/dojo/dojosettings/{other_settings.pk}/change/").status_code == 302

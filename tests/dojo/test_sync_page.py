"""The "Dojo sync" admin page: what a manager or support reads of a venue's exchanges with Dojo."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from posbackoffice.dojo.config import dojo_settings_set
from posbackoffice.dojo.credentials import epos_credential_set
from posbackoffice.dojo.models import DojoSyncState, OutboxEvent
from posbackoffice.dojo.outbox import outbox_deliver_all_pending
from posbackoffice.dojo.registration import rest_integration_register
from posbackoffice.dojo.rest.capabilities import served_rest_capabilities

from ..epos.conftest import PASSWORD, basic_auth
from ..factories import PartyFactory, VenueFactory

Status = OutboxEvent.Status


def sync_page(client, venue):
    return client.get(reverse("admin:dojo_dojosync_change", args=[venue.pk]))


@pytest.fixture
def manager(client, django_user_model):
    """A staff user of the given venues with no permission on the Dojo models at all."""

    def login(*venues):
        user = django_user_model.objects.create_user("manager", password="pw", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="floorplan"))
        for venue in venues:
            venue.staff.add(user)
        client.force_login(user)
        return client

    return login


def test_a_failed_delivery_shows_with_dojos_answer_and_retry_now_sends_it_again(
    dojo_venue, stand_in, embedded, admin_client
):
    # given an event Dojo refused for good
    party = PartyFactory(venue=dojo_venue)
    stand_in.fail_next(422)
    outbox_deliver_all_pending()
    event = OutboxEvent.objects.get()
    assert event.status == Status.FAILED

    # then the page shows it, with Dojo's answer, and offers to retry it
    page = sync_page(admin_client, dojo_venue)
    failures = page.context["sync"].recent_failures
    assert [(a.http_status, a.event_id) for a in failures] == [(422, event.pk)]
    html = page.content.decode()
    assert "answered 422" in html and "Scripted failure" in html
    assert f'name="event" value="{event.pk}"' in html and "Retry now" in html
    assert page.context["sync"].failed_count == 1

    # when the manager retries it
    response = admin_client.post(reverse("admin:dojo_dojosync_retry", args=[dojo_venue.pk]), {"event": [event.pk]})

    # then it is due again, and the relay delivers it
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Status.PENDING
    assert outbox_deliver_all_pending() == 1
    page = sync_page(admin_client, dojo_venue)
    assert page.context["sync"].last_delivered.pk == event.pk
    assert page.context["sync"].failed_count == 0
    assert f"PartyUpdated {party.pk}" in page.content.decode()


def test_retry_all_failed_retries_only_the_venues_failed_events(dojo_venue, stand_in, embedded, admin_client):
    PartyFactory(venue=dojo_venue)
    PartyFactory(venue=dojo_venue)
    stand_in.fail_next(400, 400)
    outbox_deliver_all_pending()
    other = VenueFactory(slug="elsewhere")
    foreign = OutboxEvent.objects.create(
        venue=other, event_type="PartyUpdated", entity_id="9", status=Status.FAILED,
        next_attempt_at=OutboxEvent.objects.first().next_attempt_at, changed_at=OutboxEvent.objects.first().changed_at,
    )

    admin_client.post(reverse("admin:dojo_dojosync_retry", args=[dojo_venue.pk]), {"all_failed": "1"})

    statuses = dict(OutboxEvent.objects.values_list("pk", "status"))
    assert statuses.pop(foreign.pk) == Status.FAILED
    assert set(statuses.values()) == {Status.PENDING}


def test_the_page_shows_the_registration_credentials_and_dojos_last_calls(dojo_venue, stand_in, admin_client, client):
    dojo_settings_set(venue=dojo_venue, epos_url="https://pos.example.com/epos")
    rest_integration_register(venue=dojo_venue)
    credential, _ = epos_credential_set(venue=dojo_venue, username="dojo-bistro", password=PASSWORD)
    auth = basic_auth(credential.username, PASSWORD)

    client.get("/epos/v1/areas", HTTP_AUTHORIZATION=auth)
    refused = client.get("/epos/v1/parties/424242", HTTP_AUTHORIZATION=auth).json()

    page = sync_page(admin_client, dojo_venue)
    state = page.context["sync"].state
    assert state.registered_transport == DojoSyncState.Transport.REST
    assert state.registered_capabilities == served_rest_capabilities()
    assert page.context["sync"].unregistered_capabilities == []
    assert (state.last_call_capability, state.last_call_outcome) == ("GetPartyById", "NotFound")
    assert (state.last_failure_trace_id, state.last_failure_message) == (refused["traceId"], refused["debugMessage"])
    html = page.content.decode()
    assert "dojo-bistro" in html and refused["traceId"] in html and "over REST" in html


def test_a_venue_without_dojo_says_so(venue, admin_client):
    html = sync_page(admin_client, venue).content.decode()

    assert "no registration made from this back office" in html
    assert "POS events are not sent until an API key is set" in html
    assert "Dojo cannot call this back office" in html


def test_a_manager_sees_only_their_venues(dojo_venue, manager, embedded):
    other = VenueFactory(name="Other Place", slug="other-place")
    client = manager(dojo_venue)

    listing = client.get(reverse("admin:dojo_dojosync_changelist"))
    assert [venue.pk for venue in listing.context["cl"].result_list] == [dojo_venue.pk]
    assert sync_page(client, dojo_venue).status_code == 200
    assert sync_page(client, other).status_code == 302
    assert client.post(reverse("admin:dojo_dojosync_retry", args=[other.pk]), {"all_failed": "1"}).status_code == 302
    assert "Dojo sync" in client.get(reverse("admin:index")).content.decode()


def test_the_overview_lists_each_venues_backlog(dojo_venue, embedded, admin_client):
    PartyFactory(venue=dojo_venue)

    listing = admin_client.get(reverse("admin:dojo_dojosync_changelist"))

    row = listing.context["cl"].result_list[0]
    assert (row.pending_count, row.failed_count) == (1, 0)
    assert row.oldest_pending_at is not None

"""GET /metrics: who may read it, and that the counters move as the back office works."""
import pytest
from django.urls import reverse

from bookings.models import Party
from posbackoffice.dojo.models import OutboxEvent
from posbackoffice.dojo.outbox import outbox_deliver_all_pending

from ..factories import PartyFactory
from .conftest import scrape, value

TOKEN = "s3cret-scrape-token-0123456789"


def test_metrics_are_readable_from_loopback_only_by_default(client, db):
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 403


def test_an_allowed_network_or_the_bearer_token_opens_the_metrics(client, db, settings):
    settings.METRICS_ALLOWED_IPS = ["10.1.0.0/16"]
    settings.METRICS_BEARER_TOKEN = TOKEN

    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 401
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.9", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    refused = client.get("/metrics", REMOTE_ADDR="192.0.2.9", HTTP_AUTHORIZATION="Bearer wrong")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_every_metric_of_the_back_office_is_named_posbackoffice(client, db):
    response = client.get("/metrics")
    names = {line.split()[2] for line in response.content.decode().splitlines() if line.startswith("# TYPE")}

    ours = {name for name in names if not name.startswith(("process_", "python_"))}
    assert ours and all(name.startswith("posbackoffice_") for name in ours)
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")


def test_an_epos_call_counts_under_its_capability_never_its_path(client, epos, venue, tables):
    party = PartyFactory(venue=venue, tables=tables[:1])
    before = scrape(client)

    assert epos.get(f"/epos/v1/parties/{party.pk}").status_code == 200
    assert epos.get("/epos/v1/parties/999999").status_code == 404

    after = scrape(client)
    requests = "posbackoffice_http_requests_total"
    route = {"route": "epos:GetPartyById", "method": "GET"}
    assert value(after, requests, **route, status="200") - value(before, requests, **route, status="200") == 1
    assert value(after, requests, **route, status="404") - value(before, requests, **route, status="404") == 1
    calls = "posbackoffice_epos_calls_total"
    ok = {"capability": "GetPartyById", "transport": "rest", "outcome": "ok"}
    assert value(after, calls, **ok) - value(before, calls, **ok) == 1
    not_found = {**ok, "outcome": "NotFound"}
    assert value(after, calls, **not_found) - value(before, calls, **not_found) == 1
    durations = "posbackoffice_epos_call_duration_seconds_count"
    rest = {"capability": "GetPartyById", "transport": "rest"}
    assert value(after, durations, **rest) - value(before, durations, **rest) == 2
    moved = {dict(key)["route"] for key, count in after[requests].items() if count != before[requests].get(key, 0)}
    assert moved == {"epos:GetPartyById", "metrics"}  # and /metrics itself, scraped before
    assert not any("999999" in label_value for series in after.values() for key in series for _, label_value in key)


def test_other_requests_count_under_their_url_pattern(client, db):
    before = scrape(client)

    client.get("/health/live")
    client.get("/no/such/page/42")

    after = scrape(client)
    requests = "posbackoffice_http_requests_total"
    live = {"route": "health/live", "method": "GET", "status": "200"}
    unmatched = {"route": "unmatched", "method": "GET", "status": "404"}
    assert value(after, requests, **live) - value(before, requests, **live) == 1
    assert value(after, requests, **unmatched) - value(before, requests, **unmatched) == 1
    assert value(after, "posbackoffice_http_request_duration_seconds_count", route="health/live", method="GET") >= 1


def test_events_recorded_delivered_and_failed_move_and_the_backlog_shows(client, dojo_venue, stand_in, embedded):
    slug = dojo_venue.slug
    before = scrape(client)

    party = PartyFactory(venue=dojo_venue)
    waiting = scrape(client)
    assert value(waiting, "posbackoffice_outbox_pending_events", venue=slug) == 1
    assert value(waiting, "posbackoffice_outbox_oldest_pending_age_seconds", venue=slug) >= 0
    stand_in.fail_next(400)
    outbox_deliver_all_pending()  # Dojo refuses: a permanent failure
    OutboxEvent.objects.all().delete()
    Party.objects.filter(pk=party.pk).update(name="Renamed")
    party.save()  # a change to send again
    outbox_deliver_all_pending()
    after = scrape(client)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("posbackoffice_pos_events_recorded_total", event_type="PartyUpdated") == 2
    assert moved("posbackoffice_pos_events_failed_total", event_type="PartyUpdated", kind="permanent") == 1
    assert moved("posbackoffice_pos_events_delivered_total", event_type="PartyUpdated") == 1
    events = {"endpoint": "POST /epos/events"}
    assert moved("posbackoffice_dojo_api_request_duration_seconds_count", **events, status="200") == 1
    assert moved("posbackoffice_dojo_api_request_duration_seconds_count", **events, status="400") == 1
    assert value(after, "posbackoffice_outbox_pending_events", venue=slug) == 0
    assert value(after, "posbackoffice_outbox_oldest_pending_age_seconds", venue=slug) == 0
    assert value(after, "posbackoffice_outbox_failed_events", venue=slug) == 0


def test_a_dojo_api_call_that_gets_no_answer_counts_as_an_error(client, dojo_venue, stand_in, embedded, settings):
    settings.DOJO_HTTP_READ_TIMEOUT = 0.2
    stand_in.delay_next(1)
    before = scrape(client)

    PartyFactory(venue=dojo_venue)
    outbox_deliver_all_pending()

    after = scrape(client)
    labels = {"endpoint": "POST /epos/events", "status": "error"}
    name = "posbackoffice_dojo_api_request_duration_seconds_count"
    assert value(after, name, **labels) - value(before, name, **labels) == 1
    retrying = {"event_type": "PartyUpdated", "kind": "retrying"}
    assert value(after, "posbackoffice_pos_events_failed_total", **retrying) - value(
        before, "posbackoffice_pos_events_failed_total", **retrying
    ) == 1
    assert value(after, "posbackoffice_outbox_pending_events", venue=dojo_venue.slug) == 1


@pytest.mark.parametrize("url_name", ["health-live", "health-ready", "metrics"])
def test_the_service_endpoints_sit_at_the_root(url_name):
    assert reverse(url_name) in {"/health/live", "/health/ready", "/metrics"}

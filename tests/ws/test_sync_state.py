"""What the bridge reports of itself and of Dojo's calls: the venue's Dojo sync state and the metrics."""
from datetime import timedelta

import pytest
from django.utils import timezone

from posbackoffice.dojo.bridge.connection import Bridge, Refused
from posbackoffice.dojo.models import DojoSyncState
from posbackoffice.dojo.sync.collector import DojoStateCollector
from posbackoffice.observability.metrics import BRIDGE_RECONNECTS, EPOS_CALLS

from ..dojo.processes import wait_until
from .conftest import FAST_BACKOFF, endpoint

pytestmark = pytest.mark.django_db(transaction=True)

State = DojoSyncState.BridgeState


def state_of(venue) -> DojoSyncState | None:
    return DojoSyncState.objects.filter(venue=venue).first()


def bridge_gauge(venue) -> float | None:
    for family in DojoStateCollector().collect():
        if family.name == "posbackoffice_dojo_bridge_connected":
            return next((s.value for s in family.samples if s.labels["venue"] == venue.slug), None)
    return None


def reported_connected(venue) -> None:
    """The bridge reports from a worker thread, just after the handshake."""
    wait_until(lambda: getattr(state_of(venue), "bridge_state", "") == State.CONNECTED, 5, "not reported connected")


def test_a_connected_bridge_shows_as_connected_and_beating(dojo, bridge, ws_venue):
    reported_connected(ws_venue)
    state = state_of(ws_venue)

    assert state.bridge_state == State.CONNECTED and state.bridge_seen_at is not None
    assert bridge_gauge(ws_venue) == 1


def test_a_bridge_that_stopped_beating_counts_as_gone(dojo, bridge, ws_venue):
    reported_connected(ws_venue)
    DojoSyncState.objects.filter(venue=ws_venue).update(bridge_seen_at=timezone.now() - timedelta(minutes=5))

    assert bridge_gauge(ws_venue) == 0


def test_calls_over_the_socket_are_counted_and_the_last_ones_recorded(dojo, bridge, ws_venue):
    ok = EPOS_CALLS.labels("ListAreas", "ws", "ok")
    not_found = EPOS_CALLS.labels("unknown", "ws", "NotFound")
    before = (ok._value.get(), not_found._value.get())

    dojo.call("ListAreasV1")
    dojo.call("NoSuchMethodV1")

    wait_until(lambda: state_of(ws_venue).last_call_outcome == "NotFound", 5, "the last call was not recorded")
    state = state_of(ws_venue)
    assert (state.last_call_capability, state.last_call_transport) == ("unknown", DojoSyncState.Transport.WS)
    assert "NoSuchMethodV1" in state.last_failure_message
    assert (ok._value.get(), not_found._value.get()) == (before[0] + 1, before[1] + 1)


def test_a_dropped_connection_counts_a_reconnection(dojo, bridge, ws_venue):
    reconnects = BRIDGE_RECONNECTS.labels(ws_venue.slug)
    before = reconnects._value.get()

    dojo.drop()
    dojo.wait_connections(2)

    reported_connected(ws_venue)
    assert state_of(ws_venue).bridge_reconnects == 1
    assert reconnects._value.get() == before + 1


def test_a_refused_handshake_is_recorded_with_its_reason(dojo, ws_venue):
    bridge = Bridge(venue_id=ws_venue.pk, endpoint=endpoint(dojo.url, api_key="sk_sandbox_wrong"), backoff=FAST_BACKOFF)

    with pytest.raises(Refused):
        dojo.run(bridge.run())

    state = state_of(ws_venue)
    assert state.bridge_state == State.REFUSED
    assert "refused the connection (401)" in state.bridge_last_error
    assert bridge_gauge(ws_venue) == 0

"""The connection itself: handshake, requests in flight side by side, reconnection, stop."""
import datetime as dt
import random
import threading

import pytest
from django.utils import timezone

from posbackoffice.dojo.bridge.connection import Backoff, Bridge, Keepalive, Refused
from posbackoffice.dojo.operations import OPERATIONS, Operation
from posbackoffice.dojo.wire import format_time

from .conftest import API_KEY, FAST_BACKOFF, RESELLER_ID, SOFTWARE_HOUSE_ID, endpoint

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_handshake_carries_the_api_key_as_is_and_dojos_ids(dojo, bridge):
    headers = dojo.handshakes[0]
    assert headers["Authorization"] == f"Basic {API_KEY}"
    assert headers["software-house-id"] == SOFTWARE_HOUSE_ID
    assert headers["reseller-id"] == RESELLER_ID


def test_a_refused_handshake_stops_the_bridge_instead_of_retrying(dojo, ws_venue):
    bridge = Bridge(venue_id=ws_venue.pk, endpoint=endpoint(dojo.url, api_key="sk_sandbox_wrong"), backoff=FAST_BACKOFF)

    with pytest.raises(Refused, match="401"):
        dojo.run(bridge.run())

    assert len(dojo.handshakes) == 1
    assert dojo.connections == 0


def test_the_bridge_reconnects_after_the_connection_is_cut(dojo, bridge, floor):
    dojo.drop()

    dojo.wait_connections(2)
    reply = dojo.call("GetPartyByIdV1", {"partyId": str(floor["party"].pk)})
    assert reply["result"]["id"] == str(floor["party"].pk)


def test_the_bridge_reconnects_after_dojo_closes_the_connection(dojo, bridge, ws_venue):
    dojo.run(dojo._connection.close(1012, "service restart"))

    dojo.wait_connections(2)
    assert dojo.call("ListAreasV1")["result"] == []


def test_a_slow_search_does_not_hold_up_a_lock_request(dojo, bridge, floor, monkeypatch):
    # given an order search that takes until the test releases it
    release = threading.Event()
    search = OPERATIONS["SearchOrders"]

    def slow_search(venue, params):
        assert release.wait(10)
        return search.run(venue, params)

    monkeypatch.setitem(OPERATIONS, "SearchOrders", Operation(capability="SearchOrders", run=slow_search))
    order_id = str(floor["order"].pk)

    # when a search is sent, then a request for the order's lock
    search_id = dojo.send_request("SearchOrdersV1", {})
    expiry = format_time(timezone.now() + dt.timedelta(minutes=10))
    lock = dojo.call("CreateOrderLockV1", {"orderId": order_id, "lockId": "lock-9", "expiry": expiry})

    # then the lock is answered while the search is still running
    assert lock["result"]["id"] == order_id
    assert not dojo.has_reply(search_id)
    release.set()
    assert [order["id"] for order in dojo.reply_to(search_id)["result"]["data"]] == [order_id]


def test_stop_answers_the_requests_in_flight_then_closes_cleanly(dojo, ws_venue, monkeypatch):
    bridge = Bridge(venue_id=ws_venue.pk, endpoint=endpoint(dojo.url), backoff=FAST_BACKOFF)
    running = dojo.submit(bridge.run())
    dojo.wait_connections(1)
    started, release = threading.Event(), threading.Event()
    areas = OPERATIONS["ListAreas"]

    def slow_areas(venue, params):
        started.set()
        assert release.wait(10)
        return areas.run(venue, params)

    monkeypatch.setitem(OPERATIONS, "ListAreas", Operation(capability="ListAreas", run=slow_areas))
    request_id = dojo.send_request("ListAreasV1")
    assert started.wait(10)

    dojo.loop.call_soon_threadsafe(bridge.stop)
    release.set()

    assert dojo.reply_to(request_id)["result"] == []
    running.result(timeout=10)
    dojo.wait_closed()
    assert dojo.close_codes == [1001]
    assert dojo.connections == 1


def test_reconnection_delays_grow_exponentially_up_to_a_cap_with_jitter():
    backoff = Backoff(initial=1.0, maximum=30.0, factor=2.0)
    rng = random.Random(7)

    delays = [backoff.delay(attempt, rng) for attempt in range(8)]

    ceilings = [1, 2, 4, 8, 16, 30, 30, 30]
    for delay, ceiling in zip(delays, ceilings, strict=True):
        assert ceiling / 2 <= delay <= ceiling
    assert len(set(delays[5:])) == 3  # jittered: capped delays still differ


def test_many_requests_in_flight_are_each_answered_once(dojo, bridge, floor):
    party_id = str(floor["party"].pk)

    request_ids = [dojo.send_request("GetPartyByIdV1", {"partyId": party_id}) for _ in range(40)]

    replies = [dojo.reply_to(request_id) for request_id in request_ids]
    assert [reply["result"]["id"] for reply in replies] == [party_id] * 40
    assert dojo.received == []


def test_unanswered_pings_mark_the_connection_dead_and_the_bridge_reconnects(dojo, ws_venue):
    keepalive = Keepalive(interval=0.1, timeout=0.3, close_timeout=0.3)
    bridge = Bridge(venue_id=ws_venue.pk, endpoint=endpoint(dojo.url), backoff=FAST_BACKOFF, keepalive=keepalive)
    running = dojo.submit(bridge.run())
    dojo.wait_connections(1)

    dojo.freeze()

    dojo.wait_connections(2)
    assert dojo.call("ListAreasV1")["result"] == []
    dojo.loop.call_soon_threadsafe(bridge.stop)
    running.result(timeout=15)

"""Every method of Dojo's AsyncAPI document that the bridge serves, sent with valid params
over the socket; each request is checked against the document's request payload and each
reply against its response payload."""
import datetime as dt
import json

import pytest
from django.utils import timezone

from bookings.models import Party, Reservation
from bookings.services import party_delete
from orders.services import order_lock_create
from posbackoffice.dojo.bridge.dispatch import dispatched_methods, served_ws_capabilities
from posbackoffice.dojo.bridge.events import EVENT_TYPES
from posbackoffice.dojo.config import dojo_settings_set
from posbackoffice.dojo.models import OutboxEvent
from posbackoffice.dojo.rest.capabilities import served_rest_capabilities
from posbackoffice.dojo.wire import format_time
from posbackoffice.kernel.models import ChangeRecord

from ..factories import PartyFactory
from .asyncapi import channels, event_types, reply_validator, request_validator

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = {"waiterId": "W-17", "dojoRequestingProduct": "Bookings", "deviceId": "tablet-3", "deviceType": "Tablet"}


def _in(hours: float) -> str:
    return format_time(timezone.now().replace(microsecond=0) + dt.timedelta(hours=hours))


def _ids(tables) -> list[str]:
    return [str(table.pk) for table in tables]


def _gbp(value: int) -> dict:
    return {"value": value, "currencyCode": "GBP"}


def _order_id(floor) -> str:
    return str(floor["order"].pk)


def _locked(floor, **params) -> dict:
    """The order's ID and lock `lock-1` with `params`, once the floor's order holds that lock."""
    order = floor["order"]
    expiry = timezone.now() + dt.timedelta(minutes=5)
    order_lock_create(venue=order.venue, order_id=order.pk, lock_id="lock-1", expires_at=expiry)
    return {"orderId": str(order.pk), "lockId": "lock-1", **params}


ORDER_PARAMS = {
    "CreateOrderV1": lambda floor: {
        "dojoOrderId": "dojo-ord-ws-1",
        "details": {
            "orderType": "DineIn",
            "dineIn": {"tableId": str(floor["tables"][0].pk), "partyId": str(floor["party"].pk)},
        },
        "items": [{"name": "Pizza", "plu": "PIZZA", "quantity": 2, "amountPerItem": _gbp(1000)}],
        "totalAmount": _gbp(2000),
        "payments": [],
        "reference": "T1-9",
    },
    "GetOrderByIdV1": lambda floor: {"orderId": _order_id(floor)},
    "SearchOrdersV1": lambda floor: {
        "dineIn": {"tableId": str(floor["tables"][0].pk)},
        "payableOnly": True,
        "cursor": {"limit": 5},
    },
    "CancelOrderByIdV1": lambda floor: {"orderId": _order_id(floor)},
    "CreateOrderLockV1": lambda floor: {"orderId": _order_id(floor), "lockId": "lock-1", "expiry": _in(0.1)},
    "ExtendOrderLockV1": lambda floor: _locked(floor, expiry=_in(0.2)),
    "DeleteOrderLockV1": lambda floor: _locked(floor),
    "GetOrderBillByIdV1": lambda floor: {"orderId": _order_id(floor)},
    "RecordOrderPaymentByIdV1": lambda floor: _locked(
        floor, paymentIntentId="pi_ws_1", paidAmount=_gbp(1500), tipsAmount=_gbp(200)
    ),
}


# Valid params for each method, given the `floor` fixture's rows.
VALID_PARAMS = {
    **ORDER_PARAMS,
    "ListAreasV1": lambda floor: {},
    "SearchTablesV1": lambda floor: {"areaId": str(floor["area"].pk), "cursor": {"limit": 3}},
    "CreateReservationV1": lambda floor: {
        "dojoReservationId": "dojo-res-ws-1",
        "name": "Ada L.",
        "covers": 3,
        "startTime": _in(24),
        "endTime": _in(26),
        "tableIds": _ids(floor["tables"][2:]),
        "guestRequests": "high chair",
    },
    "UpdateReservationV1": lambda floor: {
        "id": str(floor["reservation"].pk),
        "dojoReservationId": floor["reservation"].dojo_reservation_id,
        "name": "Ada L.",
        "covers": 4,
        "startTime": _in(3),
        "endTime": _in(5),
        "tableIds": _ids(floor["tables"][:1]),
        "hostNotes": "regulars",
    },
    "GetReservationByIdV1": lambda floor: {"reservationId": str(floor["reservation"].pk)},
    "DeleteReservationByIdV1": lambda floor: {"reservationId": str(floor["reservation"].pk)},
    "SearchReservationsV1": lambda floor: {"fromTime": _in(-1), "toTime": _in(48), "cursor": {"limit": 10}},
    "CreatePartyV1": lambda floor: {
        "dojoPartyId": "dojo-party-ws-1",
        "name": "Grace H.",
        "covers": 2,
        "tableIds": _ids(floor["tables"][2:3]),
        "startTime": _in(0),
        "expectedEndTime": _in(1.5),
        "deposit": {"totalAmount": {"value": 2000, "currencyCode": "GBP"}, "paymentIntentIds": ["pi_1"]},
    },
    "UpdatePartyV1": lambda floor: {
        "id": str(floor["party"].pk),
        "dojoPartyId": floor["party"].dojo_party_id,
        "name": "Grace H.",
        "covers": 3,
        "tableIds": _ids(floor["tables"][:2]),
        "status": "Mains",
        "startTime": format_time(floor["party"].start_time),
    },
    "GetPartyByIdV1": lambda floor: {"partyId": str(floor["party"].pk)},
    "DeletePartyByIdV1": lambda floor: {"partyId": str(floor["party"].pk)},
    "SearchPartiesV1": lambda floor: {"tableId": str(floor["tables"][0].pk), "cursor": {"limit": 5}},
    "HandleEventV1": lambda floor: {
        "id": "evt_123",
        "accountId": "acc_456",
        "event": "payment_intent.status_updated",
        "data": {"paymentIntentId": "pi_789", "paymentStatus": "Captured", "captureMode": "Auto"},
        "createdAt": _in(0),
    },
}
EMPTY_RESULT_METHODS = {"DeleteReservationByIdV1", "DeletePartyByIdV1", "HandleEventV1", "ExtendOrderLockV1"}


def test_every_method_of_dojos_document_is_dispatched_and_sent_here():
    assert set(dispatched_methods()) == set(channels())
    assert set(VALID_PARAMS) == set(dispatched_methods())


def test_the_websocket_capabilities_are_the_rest_ones_plus_dojos_events():
    events = [f"HandleEvent:{event_type}" for event_type in event_types()]
    assert served_ws_capabilities() == sorted([*served_rest_capabilities(), *events])


def test_the_events_handled_are_the_event_types_of_dojos_document():
    assert list(EVENT_TYPES) == event_types()


@pytest.mark.parametrize("method", sorted(VALID_PARAMS))
def test_the_method_is_answered_as_dojos_document_describes(method, dojo, bridge, floor):
    # given a request the document accepts
    frame = {"jsonrpc": "2.0", "id": f"{method}-1", "method": method}
    frame["params"] = {**VALID_PARAMS[method](floor), "headers": HEADERS}
    request_validator(method).validate(frame)

    # when it is sent over the socket
    dojo.send(json.dumps(frame))
    reply = dojo.reply_to(frame["id"])

    # then the reply succeeds, echoes the request and has the document's shape
    assert "error" not in reply, reply["error"]
    assert (reply["jsonrpc"], reply["id"], reply["method"]) == ("2.0", frame["id"], method)
    reply_validator(method).validate(reply)
    if method in EMPTY_RESULT_METHODS:
        assert reply["result"] == {}


def test_deletes_over_the_socket_delete(dojo, bridge, floor):
    dojo.call("DeletePartyByIdV1", {"partyId": str(floor["party"].pk)})
    dojo.call("DeleteReservationByIdV1", {"reservationId": str(floor["reservation"].pk)})

    assert not Party.objects.filter(pk=floor["party"].pk).exists()
    assert not Reservation.objects.filter(pk=floor["reservation"].pk).exists()


def test_the_request_headers_are_recorded_with_the_change(dojo, bridge, floor):
    params = {**VALID_PARAMS["CreateReservationV1"](floor), "headers": HEADERS}

    reply = dojo.call("CreateReservationV1", params)

    record = ChangeRecord.objects.get(entity="reservation", entity_id=int(reply["result"]["id"]), action="created")
    assert (record.source, record.waiter_ref, record.device_id, record.device_type, record.requesting_product) == (
        "epos_api",
        "W-17",
        "tablet-3",
        "Tablet",
        "Bookings",
    )


def test_what_dojo_changes_over_the_socket_is_not_reported_back_to_dojo(dojo, bridge, floor, ws_venue):
    # given a venue that reports its changes to Dojo (through an address that refuses them), with two parties
    dojo_settings_set(venue=ws_venue, api_key="sk_sandbox_x", software_house_id="sh", base_url="http://127.0.0.1:9")
    other = PartyFactory(venue=ws_venue, tables=[floor["tables"][3]])
    OutboxEvent.objects.all().delete()

    # when Dojo deletes one over the socket, and the POS deletes the other
    dojo.call("DeletePartyByIdV1", {"partyId": str(floor["party"].pk)})
    party_delete(venue=ws_venue, party_id=other.pk)

    # then only the POS's own change is on its way to Dojo
    assert list(OutboxEvent.objects.values_list("event_type", "entity_id")) == [("PartyUpdated", str(other.pk))]

"""Frames the bridge cannot answer as asked: each gets an EPOSError reply and the
connection stays up."""
import json

import pytest

from posbackoffice.dojo.operations import OPERATIONS, Operation

from .asyncapi import failure_validator, validator

pytestmark = pytest.mark.django_db(transaction=True)


def _frame(**fields) -> str:
    return json.dumps({"jsonrpc": "2.0", **fields})


# (frame, the id and method the reply echoes, the error type)
BAD_FRAMES = {
    "not JSON": ('{"jsonrpc": "2.0", "id": "a1", ', None, None, "InvalidRequest"),
    "not UTF-8": (b"\xff\xfe{}", None, None, "InvalidRequest"),
    "not an object": ('["ListAreasV1"]', None, None, "InvalidRequest"),
    "no id": (_frame(method="ListAreasV1"), None, "ListAreasV1", "InvalidRequest"),
    "a numeric id": (_frame(id=7, method="ListAreasV1"), None, "ListAreasV1", "InvalidRequest"),
    "no method": (_frame(id="a2"), "a2", None, "InvalidRequest"),
    "another JSON-RPC version": (
        json.dumps({"jsonrpc": "1.0", "id": "a3", "method": "ListAreasV1"}),
        "a3",
        "ListAreasV1",
        "InvalidRequest",
    ),
    "an unknown method": (_frame(id="a4", method="ListMenusV1"), "a4", "ListMenusV1", "NotFound"),
    "a capability without its version": (_frame(id="a5", method="ListAreas"), "a5", "ListAreas", "NotFound"),
    "params not an object": (
        _frame(id="a6", method="SearchTablesV1", params=["x"]),
        "a6",
        "SearchTablesV1",
        "InvalidRequest",
    ),
    "headers not an object": (
        _frame(id="a7", method="ListAreasV1", params={"headers": "W-1"}),
        "a7",
        "ListAreasV1",
        "InvalidRequest",
    ),
    "a header of the wrong type": (
        _frame(id="a8", method="ListAreasV1", params={"headers": {"waiterId": 17}}),
        "a8",
        "ListAreasV1",
        "InvalidRequest",
    ),
    "an ID of the wrong type": (
        _frame(id="a9", method="GetPartyByIdV1", params={"partyId": 17}),
        "a9",
        "GetPartyByIdV1",
        "InvalidRequest",
    ),
    "a missing ID": (
        _frame(id="a10", method="GetReservationByIdV1", params={}),
        "a10",
        "GetReservationByIdV1",
        "InvalidRequest",
    ),
    "covers as a string": (
        _frame(
            id="a11",
            method="CreateReservationV1",
            params={
                "dojoReservationId": "d-1",
                "name": "Ada",
                "covers": "4",
                "startTime": "2030-01-01T19:00:00.000Z",
                "endTime": "2030-01-01T21:00:00.000Z",
                "tableIds": ["1"],
            },
        ),
        "a11",
        "CreateReservationV1",
        "InvalidRequest",
    ),
    "an unknown event type": (
        _frame(
            id="a12",
            method="HandleEventV1",
            params={
                "id": "evt_1",
                "accountId": "acc_1",
                "event": "payment_intent.exploded",
                "data": {"paymentIntentId": "pi_1", "paymentStatus": "Captured", "captureMode": "Auto"},
                "createdAt": "2030-01-01T19:00:00.000Z",
            },
        ),
        "a12",
        "HandleEventV1",
        "InvalidRequest",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FRAMES))
def test_a_bad_frame_gets_an_error_reply_and_the_connection_stays_up(case, dojo, bridge):
    frame, request_id, method, error_type = BAD_FRAMES[case]

    dojo.send(frame)
    reply = dojo.reply_to(request_id)

    assert (reply["jsonrpc"], reply["id"], reply["method"]) == ("2.0", request_id, method)
    assert "result" not in reply
    assert reply["error"]["errorType"] == error_type
    assert reply["error"]["debugMessage"] and reply["error"]["traceId"]
    if request_id is not None:
        failure_validator().validate(reply)
    else:  # the document's `id` is a string; with none to echo the reply's is null (JSON-RPC 2.0)
        validator("#/components/schemas/EPOSError").validate(reply["error"])
    assert dojo.call("ListAreasV1")["result"] == []
    assert dojo.connections == 1


def test_an_empty_table_list_is_invalid(dojo, bridge, floor):
    # ERRATA §5
    params = {"dojoPartyId": "d-p-1", "tableIds": [], "startTime": "2030-01-01T19:00:00.000Z"}

    reply = dojo.call("CreatePartyV1", params)

    assert reply["error"]["errorType"] == "InvalidRequest"
    assert "tableIds" in reply["error"]["debugMessage"]


def test_an_unknown_entity_is_not_found(dojo, bridge, floor):
    reply = dojo.call("GetReservationByIdV1", {"reservationId": "999999"})

    failure_validator().validate(reply)
    assert reply["error"]["errorType"] == "NotFound"


def test_seating_an_occupied_table_is_a_conflict(dojo, bridge, floor):
    params = {"dojoPartyId": "d-p-2", "tableIds": [str(floor["tables"][0].pk)], "startTime": "2030-01-01T19:00:00.000Z"}

    reply = dojo.call("CreatePartyV1", params)

    failure_validator().validate(reply)
    assert reply["error"]["errorType"] == "Conflict"


def test_an_unexpected_failure_is_an_unexpected_error_with_a_trace_id(dojo, bridge, floor, monkeypatch, caplog):
    def broken(venue, params):
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(OPERATIONS, "ListAreas", Operation(capability="ListAreas", run=broken))

    reply = dojo.call("ListAreasV1")

    failure_validator().validate(reply)
    assert reply["error"]["errorType"] == "UnexpectedError"
    assert "disk on fire" not in reply["error"]["debugMessage"]
    assert reply["error"]["traceId"] in caplog.text
    assert dojo.call("GetPartyByIdV1", {"partyId": str(floor["party"].pk)})["result"]["id"] == str(floor["party"].pk)

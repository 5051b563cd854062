"""One implementation, two transports: the same data read or written over REST and over
the socket is the same entity."""
import base64

import pytest
from rest_framework.test import APIClient

from posbackoffice.dojo.credentials import epos_credential_set

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "parity-password-0123456789abcdef"


@pytest.fixture
def rest(ws_venue):
    credential, _ = epos_credential_set(venue=ws_venue, username="dojo-socket-bistro", password=PASSWORD)
    client = APIClient()
    token = base64.b64encode(f"{credential.username}:{PASSWORD}".encode()).decode()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return client


def test_a_reservation_created_over_rest_reads_the_same_over_the_socket(rest, dojo, bridge, floor):
    body = {
        "dojoReservationId": "dojo-parity-1",
        "name": "Ada L.",
        "covers": 2,
        "startTime": "2030-05-01T19:00:00.000Z",
        "endTime": "2030-05-01T21:00:00.000Z",
        "tableIds": [str(floor["tables"][3].pk)],
        "guestRequests": "quiet corner",
    }
    created = rest.post("/epos/v1/reservations", body, format="json").json()

    over_socket = dojo.call("GetReservationByIdV1", {"reservationId": created["id"]})["result"]

    assert over_socket == created == rest.get(f"/epos/v1/reservations/{created['id']}").json()


def test_a_party_updated_over_the_socket_reads_the_same_over_rest(rest, dojo, bridge, floor):
    party = floor["party"]
    params = {
        "id": str(party.pk),
        "dojoPartyId": party.dojo_party_id,
        "name": "Grace H.",
        "covers": 3,
        "tableIds": [str(floor["tables"][0].pk), str(floor["tables"][1].pk)],
        "status": "Desserts",
        "startTime": "2030-05-01T19:00:00.000Z",
    }

    updated = dojo.call("UpdatePartyV1", params)["result"]

    assert rest.get(f"/epos/v1/parties/{party.pk}").json() == updated
    assert updated["status"] == "Desserts" and updated["covers"] == 3


def test_an_order_created_over_the_socket_reads_the_same_over_rest(rest, dojo, bridge, floor):
    params = {
        "dojoOrderId": "dojo-ord-parity",
        "details": {"orderType": "DineIn", "dineIn": {"tableId": str(floor["tables"][0].pk)}},
        "items": [{"name": "Lager", "plu": "LAGER", "quantity": 3, "amountPerItem": {"value": 550, "currencyCode": "GBP"}}],
        "totalAmount": {"value": 1650, "currencyCode": "GBP"},
        "payments": [],
    }

    created = dojo.call("CreateOrderV1", params)["result"]

    assert rest.get(f"/epos/v1/orders/{created['id']}").json() == created
    assert created["totalAmount"] == {"value": 1650, "currencyCode": "GBP"}


def test_searches_page_the_same_over_both(rest, dojo, bridge, floor):
    # Cursors carry the time they were signed, so only their pages are compared.
    query = {"cursor": {"limit": 2}}

    first_rest = rest.post("/epos/v1/tables/search", query, format="json").json()
    first_socket = dojo.call("SearchTablesV1", query)["result"]
    next_query = {"cursor": {"limit": 2, "after": first_socket["after"]}}
    second_rest = rest.post("/epos/v1/tables/search", next_query, format="json").json()
    second_socket = dojo.call("SearchTablesV1", next_query)["result"]

    assert first_socket["data"] == first_rest["data"]
    assert second_socket["data"] == second_rest["data"]
    assert [table["name"] for table in first_socket["data"] + second_socket["data"]] == ["T1", "T2", "T3", "T4"]
    assert set(first_socket) == set(first_rest) and set(second_socket) == set(second_rest)


def test_a_refusal_is_the_same_error_over_both(rest, dojo, bridge, floor):
    over_rest = rest.get("/epos/v1/parties/424242").json()
    over_socket = dojo.call("GetPartyByIdV1", {"partyId": "424242"})["error"]

    assert over_socket["errorType"] == over_rest["errorType"] == "NotFound"
    assert over_socket["debugMessage"] == over_rest["debugMessage"]


@pytest.mark.parametrize(
    "capability, path, query",
    [
        ("SearchTables", "tables", {"areaId": "no-such-area", "waiterId": "0"}),
        ("SearchReservations", "reservations", {"tableId": "no-such-table"}),
        ("SearchParties", "parties", {"tableId": "no-such-table"}),
        ("SearchOrders", "orders", {"dineIn": {"partyId": "no-such-party"}}),
    ],
)
def test_a_search_by_an_id_that_names_nothing_is_an_empty_page_over_both(rest, dojo, bridge, floor, capability, path,
                                                                        query):
    over_rest = rest.post(f"/epos/v1/{path}/search", query, format="json")
    over_socket = dojo.call(f"{capability}V1", query)

    assert over_rest.status_code == 200, over_rest.content
    assert over_socket["result"] == over_rest.json() == {"data": []}


@pytest.mark.parametrize(
    "params",
    ['{"cursor": ' + "[" * 1000 + "]" * 1000 + "}", '{"areaId": "\\ud800"}', '{"areaId": "1", "areaId": "2"}',
     '{"cursor": {"limit": NaN}}'],
    ids=["nested 1000 deep", "a lone surrogate", "a name twice", "NaN"],
)
def test_json_the_api_does_not_take_is_refused_over_both(rest, dojo, bridge, floor, params):
    over_rest = rest.generic("POST", "/epos/v1/tables/search", params, content_type="application/json")
    dojo.send('{"jsonrpc": "2.0", "id": "bad-json", "method": "SearchTablesV1", "params": ' + params + "}")
    over_socket = dojo.reply_to(None)  # a frame that does not parse has no id to echo

    assert over_rest.status_code == 400 and over_rest.json()["errorType"] == "InvalidRequest"
    assert over_socket["error"]["errorType"] == "InvalidRequest"
    assert dojo.call("ListAreasV1")["result"], "the connection stays up"

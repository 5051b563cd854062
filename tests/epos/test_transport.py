"""The EPOS REST API as gunicorn serves it, where the framing of a request matters: bodies
sent chunked or over the size limit, credentials, JSON that parses into what no database or
response can hold, and paths, all reaching the back office as Dojo would send them."""
import base64
import json

import pytest
import requests

from bookings.models import Party, Reservation
from orders.models import Order
from posbackoffice.dojo.credentials import epos_credential_set
from posbackoffice.dojo.rest.base import MAX_BODY_BYTES

from ..factories import AreaFactory, PartyFactory, TableFactory, VenueFactory
from .conftest import PASSWORD, basic_auth

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

JSON = {"Content-Type": "application/json"}
# Every route that takes a body, with a path that reaches its operation.
BODY_ROUTES = [
    ("POST", "/v1/tables/search"),
    ("POST", "/v1/reservations"),
    ("POST", "/v1/reservations/search"),
    ("PUT", "/v1/reservations/1"),
    ("POST", "/v1/parties"),
    ("POST", "/v1/parties/search"),
    ("PUT", "/v1/parties/1"),
    ("POST", "/v1/orders"),
    ("POST", "/v1/orders/search"),
    ("POST", "/v1/orders/1/lock"),
    ("PUT", "/v1/orders/1/locks/lock-1"),
    ("POST", "/v1/orders/1/record-payment"),
]


@pytest.fixture
def floor(transactional_db):
    venue = VenueFactory(slug="transport", currency="GBP")
    epos_credential_set(venue=venue, username="dojo-transport", password=PASSWORD)
    area = AreaFactory(venue=venue)
    tables = [TableFactory(area=area, name=f"T{n}") for n in range(1, 4)]
    party = PartyFactory(venue=venue, tables=[tables[0]])
    return {"venue": venue, "tables": tables, "party": party}


@pytest.fixture
def api(gunicorn, floor):
    """Calls the API served by gunicorn as the floor's venue."""

    def call(method: str, path: str, body=None, headers=None) -> requests.Response:
        headers = {"Authorization": basic_auth("dojo-transport", PASSWORD), **JSON, **(headers or {})}
        return requests.request(method, f"{gunicorn.url}/epos{path}", data=body, headers=headers, timeout=30)

    return call


def chunked(body: bytes, size: int = 8192):
    """A body requests sends with `Transfer-Encoding: chunked` and no Content-Length."""
    return (body[i:i + size] for i in range(0, len(body), size))


def assert_epos_error(response: requests.Response, status: int, error_type: str) -> dict:
    assert response.status_code == status, response.text[:500]
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["errorType"] == error_type and body["debugMessage"] and len(body["traceId"]) == 32
    return body


def test_a_chunked_body_is_read_whole(api, floor):
    taken, free = floor["tables"][0], floor["tables"][1]

    at_free_table = api("POST", "/v1/parties/search", chunked(json.dumps({"tableId": str(free.pk)}).encode()))
    at_taken_table = api("POST", "/v1/parties/search", chunked(json.dumps({"tableId": str(taken.pk)}).encode()))

    assert at_free_table.status_code == 200 and at_free_table.json()["data"] == []
    assert [party["id"] for party in at_taken_table.json()["data"]] == [str(floor["party"].pk)]


def test_a_chunked_create_creates_what_it_says(api, floor):
    body = {"dojoPartyId": "chunked-1", "covers": 3, "tableIds": [str(floor["tables"][2].pk)],
            "startTime": "2030-10-01T18:00:00.000Z"}

    response = api("POST", "/v1/parties", chunked(json.dumps(body).encode(), size=7))

    assert response.status_code == 200, response.text
    assert Party.objects.get(dojo_party_id="chunked-1").covers == 3


def test_a_body_over_the_limit_is_refused_and_writes_nothing(api, floor):
    for size in (MAX_BODY_BYTES + 1, 5 * 1024 * 1024):
        padding = size - len('{"dojoReservationId":"big","hostNotes":""}')
        raw = json.dumps({"dojoReservationId": "big", "hostNotes": "x" * padding}, separators=(",", ":")).encode()
        assert len(raw) == size

        for framing, body in (("with its length", raw), ("chunked", chunked(raw))):
            response = api("POST", "/v1/reservations", body)

            assert response.status_code == 413, f"{size} bytes {framing}: {response.status_code}"
            assert_epos_error(response, 413, "InvalidRequest")
    assert not Reservation.objects.exists()


def test_a_nul_in_the_basic_username_is_unauthenticated(gunicorn, floor):
    token = base64.b64encode(b"dojo-transport\0:" + PASSWORD.encode()).decode()

    response = requests.get(f"{gunicorn.url}/epos/v1/areas", headers={"Authorization": f"Basic {token}"}, timeout=30)

    assert_epos_error(response, 401, "InvalidRequest")
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_lone_surrogate_is_an_invalid_request_that_writes_nothing(api, floor):
    def order(dojo_order_id: str, order_type: str) -> bytes:
        body = {
            "dojoOrderId": dojo_order_id,
            "items": [{"name": "Soup", "plu": "SOUP", "quantity": 1, "amountPerItem": {"value": 650, "currencyCode": "GBP"}}],
            "totalAmount": {"value": 650, "currencyCode": "GBP"},
            "payments": [],
            "details": {"orderType": order_type, "dineIn": {"tableId": str(floor["tables"][1].pk)}},
        }
        return json.dumps(body).encode()  # ASCII: "\ud800" stays an escape, as Dojo would send it

    assert api("POST", "/v1/orders", order("valid", "DineIn")).status_code == 200

    response = api("POST", "/v1/orders", order("lone-surrogate", "\ud800"))

    assert_epos_error(response, 400, "InvalidRequest")
    assert list(Order.objects.values_list("dojo_order_id", flat=True)) == ["valid"]


def test_json_nested_a_thousand_deep_is_an_invalid_request_on_every_route_with_a_body(api, floor):
    for method, path in BODY_ROUTES:
        response = api(method, path, b"[" * 1000 + b"]" * 1000)

        assert response.status_code == 400, f"{method} {path}: {response.status_code}"
        assert_epos_error(response, 400, "InvalidRequest")


def test_any_method_on_an_unknown_path_is_not_found(api):
    for method in ("POST", "PUT", "DELETE", "GET"):
        response = api(method, "/v1/menus", b"{}")

        assert response.status_code == 404, f"{method}: {response.status_code}"
        assert_epos_error(response, 404, "NotFound")


def test_an_id_with_anything_but_digits_names_nothing(api, floor):
    party = floor["party"]
    assert api("GET", f"/v1/parties/{party.pk}").status_code == 200

    for suffix in ("%0A", "%20", "%09", "%00", "%EF%BC%91"):
        for method, path in (("GET", f"/v1/parties/{party.pk}{suffix}"), ("DELETE", f"/v1/parties/{suffix}{party.pk}")):
            response = api(method, path)

            assert response.status_code == 404, f"{method} {path}: {response.status_code}"
            assert_epos_error(response, 404, "NotFound")
    assert Party.objects.filter(pk=party.pk).exists()

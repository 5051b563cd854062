"""The EPOS REST API's behaviour beyond the happy path: auth, scoping, bad input, conflicts, headers."""
import logging

import pytest
from rest_framework.test import APIClient

from bookings.models import Party, Reservation
from posbackoffice.kernel.models import ChangeRecord

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory
from .bodies import NOW, assert_epos_error, iso, reservation_body
from .conftest import PASSWORD, basic_auth

pytestmark = pytest.mark.django_db

class TestAuthentication:
    def test_no_credentials_is_401_with_a_basic_challenge(self, credential):
        response = APIClient().get("/epos/v1/areas")

        assert_epos_error(response, 401, "InvalidRequest")
        assert response["WWW-Authenticate"].startswith("Basic")

    @pytest.mark.parametrize(
        "header",
        [
            basic_auth("dojo-test-bistro", "wrong-password-wrong-password"),
            basic_auth("nobody", PASSWORD),
            "Basic !!!not-base64!!!",
            "Basic",
        ],
    )
    def test_wrong_or_malformed_credentials_are_401(self, credential, header):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)

        assert_epos_error(client.get("/epos/v1/areas"), 401, "InvalidRequest")


class TestVenueScoping:
    def test_another_venues_entities_are_not_found(self, epos, other_venue_epos, tables):
        theirs = ReservationFactory(venue=other_venue_epos.venue)
        their_party = PartyFactory(venue=other_venue_epos.venue)

        assert_epos_error(epos.get(f"/epos/v1/reservations/{theirs.pk}"), 404, "NotFound")
        assert_epos_error(epos.delete(f"/epos/v1/parties/{their_party.pk}"), 404, "NotFound")
        assert Party.objects.filter(pk=their_party.pk).exists()

    def test_another_venues_tables_cannot_be_booked(self, epos, other_venue_epos):
        their_table = TableFactory(area=AreaFactory(venue=other_venue_epos.venue))

        response = epos.post("/epos/v1/reservations", reservation_body([their_table]), format="json")

        assert_epos_error(response, 400, "InvalidRequest")
        assert "Unknown table" in response.json()["debugMessage"]

    def test_lists_show_only_the_callers_venue(self, epos, other_venue_epos, tables):
        TableFactory(area=AreaFactory(venue=other_venue_epos.venue))

        areas = epos.get("/epos/v1/areas").json()
        found = epos.post("/epos/v1/tables/search", {}, format="json").json()["data"]

        assert [a["name"] for a in areas] == ["Main dining"]
        assert {t["id"] for t in found} == {str(t.pk) for t in tables}


BAD_RESERVATIONS = {
    "covers as a string": {"covers": "3"},
    "covers as a float": {"covers": 3.0},
    "covers below one": {"covers": 0},
    "name as a number": {"name": 5},
    "table IDs as a string": {"tableIds": "1"},
    "no tables": {"tableIds": []},
    "unknown table": {"tableIds": ["987654"]},
    "malformed table ID": {"tableIds": ["tbl_one"]},
    "table ID as a number": {"tableIds": [1]},
    "time without offset": {"startTime": "2030-08-12T13:00:00"},
    "time not a time": {"startTime": "soon"},
    "end before start": {"endTime": iso(NOW)},
    "time in year 167": {"startTime": "0167-03-24T06:59:10.488Z"},
    "null name": {"name": None},
    "guest requests too long": {"guestRequests": "x" * 5001},
}


class TestBadInput:
    @pytest.mark.parametrize("overrides", BAD_RESERVATIONS.values(), ids=BAD_RESERVATIONS.keys())
    def test_bad_reservations_are_invalid_requests_and_change_nothing(self, epos, tables, overrides):
        response = epos.post("/epos/v1/reservations", reservation_body(tables[:1], **overrides), format="json")

        assert_epos_error(response, 400, "InvalidRequest")
        assert not Reservation.objects.exists()
        assert not ChangeRecord.objects.exists()

    @pytest.mark.parametrize("field", ["dojoReservationId", "name", "covers", "startTime", "endTime", "tableIds"])
    def test_missing_required_fields_are_named(self, epos, tables, field):
        body = reservation_body(tables[:1])
        del body[field]

        response = epos.post("/epos/v1/reservations", body, format="json")

        assert_epos_error(response, 400, "InvalidRequest")
        assert field in response.json()["debugMessage"]

    @pytest.mark.parametrize(
        "raw",
        ['{"dojoPartyId": ', "[1, 2]", '"text"', "null", '{"covers": NaN}'],
        ids=["truncated", "array", "string", "null", "NaN"],
    )
    def test_malformed_json_is_an_invalid_request(self, epos, raw):
        response = epos.generic("POST", "/epos/v1/parties", raw, content_type="application/json")

        assert_epos_error(response, 400, "InvalidRequest")

    def test_a_non_json_body_is_refused(self, epos):
        response = epos.generic("POST", "/epos/v1/parties", "covers=2", content_type="application/x-www-form-urlencoded")

        assert_epos_error(response, 415, "InvalidRequest")

    def test_a_huge_body_is_refused_before_it_is_read(self, epos, tables):
        body = reservation_body(tables[:1], hostNotes="x" * 300_000)

        assert_epos_error(epos.post("/epos/v1/reservations", body, format="json"), 413, "InvalidRequest")
        assert not Reservation.objects.exists()

    @pytest.mark.parametrize(
        "cursor, message",
        [
            ({"limit": 101}, "limit"),
            ({"limit": 0}, "limit"),
            ({"limit": "10"}, "limit"),
            ({"after": "WzJd:forged:signature"}, "cursor"),
            ({"before": "a", "after": "b"}, "mutually exclusive"),
        ],
    )
    def test_bad_cursors_are_invalid_requests(self, epos, tables, cursor, message):
        response = epos.post("/epos/v1/tables/search", {"cursor": cursor}, format="json")

        assert_epos_error(response, 400, "InvalidRequest")
        assert message in response.json()["debugMessage"]

    def test_a_cursor_from_another_search_is_refused(self, epos, tables):
        after = epos.post("/epos/v1/tables/search", {"cursor": {"limit": 1}}, format="json").json()["after"]

        response = epos.post("/epos/v1/parties/search", {"cursor": {"after": after}}, format="json")

        assert_epos_error(response, 400, "InvalidRequest")

    def test_unknown_paths_and_methods_are_epos_errors(self, epos):
        assert_epos_error(epos.get("/epos/v1/tables"), 404, "NotFound")
        assert_epos_error(epos.get("/epos/v2/areas"), 404, "NotFound")
        assert_epos_error(epos.patch("/epos/v1/parties/1", {}, format="json"), 405, "InvalidRequest")

    @pytest.mark.parametrize("party_id", ["abc", "-1", "1.5", "9" * 40, "%F0%9F%8D%95"])
    def test_ids_that_cannot_exist_are_not_found(self, epos, party_id):
        assert_epos_error(epos.get(f"/epos/v1/parties/{party_id}"), 404, "NotFound")


class TestConflicts:
    def test_seating_an_occupied_table_is_a_conflict(self, epos, tables):
        PartyFactory(venue=tables[0].venue, tables=[tables[0]])

        response = epos.post(
            "/epos/v1/parties",
            {"dojoPartyId": "p-2", "startTime": iso(NOW), "tableIds": [str(tables[1].pk), str(tables[0].pk)]},
            format="json",
        )

        assert_epos_error(response, 409, "Conflict")
        assert Party.objects.count() == 1

    def test_a_retried_create_returns_the_same_entity(self, epos, tables):
        body = {"dojoPartyId": "p-1", "startTime": iso(NOW), "tableIds": [str(tables[0].pk)]}

        first = epos.post("/epos/v1/parties", body, format="json")
        again = epos.post("/epos/v1/parties", body, format="json")

        assert first.status_code == again.status_code == 200
        assert again.json() == first.json()
        assert Party.objects.count() == 1


class TestRequestHeaders:
    def test_dojo_headers_are_recorded_with_the_change_and_logged(self, epos, tables, caplog):
        caplog.set_level(logging.INFO, logger="posbackoffice.epos")

        epos.post(
            "/epos/v1/reservations",
            reservation_body(tables[:1]),
            format="json",
            HTTP_WAITER_ID="42",
            HTTP_DOJO_REQUESTING_PRODUCT="Bookings",
            HTTP_DEVICE_ID="tm_sandbox_1",
            HTTP_DEVICE_TYPE="Dojo Terminal",
        )

        record = ChangeRecord.objects.get()
        assert (record.waiter_ref, record.requesting_product, record.device_id, record.device_type) == (
            "42",
            "Bookings",
            "tm_sandbox_1",
            "Dojo Terminal",
        )
        line = next(r.getMessage() for r in caplog.records if "POST /epos/v1/reservations" in r.getMessage())
        assert "waiter-id='42'" in line and "device-type='Dojo Terminal'" in line and "trace_id=" in line

    def test_the_trace_id_of_an_error_is_in_the_log(self, epos, caplog):
        caplog.set_level(logging.INFO, logger="posbackoffice.epos")

        trace_id = epos.get("/epos/v1/parties/424242").json()["traceId"]

        assert any(trace_id in r.getMessage() for r in caplog.records)


class TestCapabilityLabel:
    """The Django request names the capability it asks for, for whatever measures requests."""

    @pytest.mark.parametrize(
        "method, path, capability",
        [
            ("get", "/epos/v1/areas", "ListAreas"),
            ("put", "/epos/v1/parties/424242", "UpdateParty"),
            ("delete", "/epos/v1/reservations/424242", "DeleteReservationById"),
            ("put", "/epos/v1/orders/424242/locks/lock-1", "ExtendOrderLock"),
            ("post", "/epos/v1/orders/424242/record-payment", "RecordOrderPaymentById"),
        ],
    )
    def test_each_route_labels_its_requests_refused_or_not(self, epos, method, path, capability):
        response = getattr(epos, method)(path, {}, format="json")

        assert response.wsgi_request.epos_capability == capability

    def test_an_unauthenticated_request_is_labelled_too(self, credential):
        response = APIClient().get("/epos/v1/areas")

        assert (response.status_code, response.wsgi_request.epos_capability) == (401, "ListAreas")

    @pytest.mark.parametrize("method, path", [("patch", "/epos/v1/parties/1"), ("get", "/epos/v1/menus")])
    def test_a_request_no_capability_serves_is_not_labelled(self, epos, method, path):
        response = getattr(epos, method)(path)

        assert response.status_code in (404, 405)
        assert not hasattr(response.wsgi_request, "epos_capability")

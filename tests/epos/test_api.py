"""The EPOS REST API's behaviour beyond the happy path: auth, scoping, bad input, paging."""
import datetime as dt
import json
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from bookings.models import Party, Reservation
from posbackoffice.dojo.wire import format_time
from posbackoffice.kernel.models import ChangeRecord

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, WaiterFactory
from .conftest import PASSWORD, basic_auth

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def iso(value: dt.datetime) -> str:
    return format_time(value)


def reservation_body(tables, **overrides):
    return {
        "dojoReservationId": "dojo-res-1",
        "name": "Sasha J.",
        "covers": 3,
        "startTime": iso(NOW + dt.timedelta(hours=1)),
        "endTime": iso(NOW + dt.timedelta(hours=3)),
        "tableIds": [str(t.pk) for t in tables],
    } | overrides


def assert_epos_error(response, status: int, error_type: str):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["errorType"] == error_type
    assert body["debugMessage"] and len(body["traceId"]) == 32


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


class TestSearches:
    def test_tables_by_area_and_waiter_without_inactive_ones(self, epos, venue, tables):
        terrace = AreaFactory(venue=venue, name="Terrace")
        outside = TableFactory(area=terrace, name="Patio 1")
        TableFactory(area=terrace, name="Patio 2", is_active=False)
        waiter = WaiterFactory(venue=venue)
        outside.waiters.add(waiter)

        by_area = epos.post("/epos/v1/tables/search", {"areaId": str(terrace.pk)}, format="json").json()
        by_waiter = epos.post("/epos/v1/tables/search", {"waiterId": str(waiter.pk)}, format="json").json()

        expected = {"id": str(outside.pk), "name": "Patio 1", "maxCovers": 4, "areaId": str(terrace.pk), "waiterIds": [str(waiter.pk)]}
        assert by_area == {"data": [expected]}
        assert by_waiter == {"data": [expected]}

    def test_areas_carry_their_waiters(self, epos, area):
        waiter = WaiterFactory(venue=area.venue)
        area.waiters.add(waiter)

        assert epos.get("/epos/v1/areas").json() == [{"id": str(area.pk), "name": "Main dining", "waiterIds": [str(waiter.pk)]}]

    def test_reservations_by_table_and_time_window(self, epos, venue, tables):
        lunch = ReservationFactory(venue=venue, start_time=NOW + dt.timedelta(hours=1), tables=[tables[0]])
        ReservationFactory(venue=venue, start_time=NOW + dt.timedelta(hours=8), tables=[tables[0]])
        ReservationFactory(venue=venue, start_time=NOW + dt.timedelta(hours=1), tables=[tables[1]])

        found = epos.post(
            "/epos/v1/reservations/search",
            {"tableId": str(tables[0].pk), "fromTime": iso(NOW), "toTime": iso(NOW + dt.timedelta(hours=4))},
            format="json",
        ).json()

        assert [r["id"] for r in found["data"]] == [str(lunch.pk)]

    def test_parties_by_table_active_by_default(self, epos, venue, tables):
        seated = PartyFactory(venue=venue, tables=[tables[0]])
        PartyFactory(venue=venue, tables=[tables[0]], end_time=NOW)
        PartyFactory(venue=venue, tables=[tables[1]])

        found = epos.post("/epos/v1/parties/search", {"tableId": str(tables[0].pk)}, format="json").json()

        assert [p["id"] for p in found["data"]] == [str(seated.pk)]


class TestPaging:
    def test_pages_are_stable_while_rows_are_inserted(self, epos, venue):
        first_batch = [ReservationFactory(venue=venue, start_time=NOW + dt.timedelta(minutes=i)) for i in range(5)]

        page1 = epos.post("/epos/v1/reservations/search", {"cursor": {"limit": 2}}, format="json").json()
        ReservationFactory(venue=venue, start_time=NOW - dt.timedelta(hours=1))  # sorts before the cursor
        page2 = epos.post("/epos/v1/reservations/search", {"cursor": {"limit": 2, "after": page1["after"]}}, format="json").json()
        page3 = epos.post("/epos/v1/reservations/search", {"cursor": {"limit": 2, "after": page2["after"]}}, format="json").json()

        seen = [r["id"] for page in (page1, page2, page3) for r in page["data"]]
        assert seen == [str(r.pk) for r in first_batch]
        assert "after" not in page3 and "before" not in page1

    def test_before_returns_the_previous_page(self, epos, venue):
        for i in range(5):
            ReservationFactory(venue=venue, start_time=NOW + dt.timedelta(minutes=i))
        page1 = epos.post("/epos/v1/reservations/search", {"cursor": {"limit": 2}}, format="json").json()
        page2 = epos.post("/epos/v1/reservations/search", {"cursor": {"limit": 2, "after": page1["after"]}}, format="json").json()

        back = epos.post("/epos/v1/reservations/search", {"cursor": {"limit": 2, "before": page2["before"]}}, format="json").json()

        assert back["data"] == page1["data"]

    def test_rows_with_the_same_start_time_are_neither_skipped_nor_repeated(self, epos, venue):
        same_time = [ReservationFactory(venue=venue, start_time=NOW) for _ in range(5)]

        ids, cursor = [], {"limit": 2}
        while True:
            page = epos.post("/epos/v1/reservations/search", {"cursor": cursor}, format="json").json()
            ids += [r["id"] for r in page["data"]]
            if "after" not in page:
                break
            cursor = {"limit": 2, "after": page["after"]}

        assert ids == [str(r.pk) for r in same_time]

    def test_limit_defaults_to_fifty(self, epos, venue):
        area = AreaFactory(venue=venue)
        TableFactory.create_batch(55, area=area)

        page = epos.post("/epos/v1/tables/search", {}, format="json").json()

        assert len(page["data"]) == 50 and "after" in page


class TestQueryCounts:
    """Queries per request do not grow with the page size or the amount of data."""

    def _queries(self, client, method, path, body=None):
        with CaptureQueriesContext(connection) as ctx:
            response = getattr(client, method)(path, body, format="json") if body is not None else getattr(client, method)(path)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    @pytest.mark.parametrize(
        "method, path, body",
        [
            ("post", "/epos/v1/parties/search", {}),
            ("post", "/epos/v1/reservations/search", {}),
            ("post", "/epos/v1/tables/search", {}),
            ("get", "/epos/v1/areas", None),
        ],
    )
    def test_searches(self, epos, venue, method, path, body):
        def add_rows(n):
            waiter = WaiterFactory(venue=venue)
            for _ in range(n):
                area = AreaFactory(venue=venue)
                area.waiters.add(waiter)
                table = TableFactory(area=area)
                table.waiters.add(waiter)
                ReservationFactory(venue=venue, tables=[table])
                PartyFactory(venue=venue, tables=[table])

        add_rows(2)
        few = self._queries(epos, method, path, body)
        add_rows(20)
        many = self._queries(epos, method, path, body)

        assert few == many

    def test_get_party(self, epos, venue, tables):
        party = PartyFactory(venue=venue, tables=tables)

        # The credential, the party and its tables, and the record of Dojo's last call (admin, "Dojo sync").
        assert self._queries(epos, "get", f"/epos/v1/parties/{party.pk}") <= 4



def test_the_parser_reads_no_more_than_the_limit_whatever_the_declared_length():
    """A chunked upload declares no length up front: the parser itself stops reading."""
    import io

    from posbackoffice.dojo.rest.exceptions import PayloadTooLarge
    from posbackoffice.dojo.rest.views import MAX_BODY_BYTES, BoundedJSONParser

    stream = io.BytesIO(b'{"hostNotes": "' + b"x" * MAX_BODY_BYTES + b'"}')

    with pytest.raises(PayloadTooLarge):
        BoundedJSONParser().parse(stream)
    assert stream.tell() == MAX_BODY_BYTES + 1


def test_the_same_page_gets_the_same_cursor_later_on(epos, tables):
    """Cursors carry no timestamp: a page asked for again, seconds later, reads the same."""
    import time

    first = epos.post("/epos/v1/tables/search", {"cursor": {"limit": 1}}, format="json").json()
    time.sleep(1.1)
    again = epos.post("/epos/v1/tables/search", {"cursor": {"limit": 1}}, format="json").json()

    assert first["after"] == again["after"]

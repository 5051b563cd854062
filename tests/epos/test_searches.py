"""The EPOS REST API's searches: filters, paging with the body cursor, and their query counts."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.services import order_create

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, WaiterFactory
from ..orders.factories import dojo_order
from .bodies import NOW, iso

pytestmark = pytest.mark.django_db


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


    @pytest.mark.parametrize("unknown", ["999999", "abc", " 1", "9" * 40, "deleted"])
    @pytest.mark.parametrize(
        "path, filter_",
        [
            ("/epos/v1/tables/search", "areaId"),
            ("/epos/v1/tables/search", "waiterId"),
            ("/epos/v1/reservations/search", "tableId"),
            ("/epos/v1/parties/search", "tableId"),
            ("/epos/v1/orders/search", "dineIn.tableId"),
            ("/epos/v1/orders/search", "dineIn.waiterId"),
            ("/epos/v1/orders/search", "dineIn.partyId"),
            ("/epos/v1/orders/search", "dineIn.reservationId"),
        ],
    )
    def test_an_id_that_names_nothing_matches_nothing(self, epos, venue, tables, path, filter_, unknown):
        # given one of everything a search could find
        waiter = WaiterFactory(venue=venue)
        tables[0].area.waiters.add(waiter)
        tables[0].waiters.add(waiter)
        reservation = ReservationFactory(venue=venue, tables=[tables[0]])
        party = PartyFactory(venue=venue, tables=[tables[0]], reservation=reservation, waiter=waiter)
        order_create(venue=venue, spec=dojo_order(table=tables[0], party=party))
        name, _, nested = filter_.partition(".")
        if unknown == "deleted":
            deleted = {
                "areaId": lambda: AreaFactory(venue=venue),
                "waiterId": lambda: WaiterFactory(venue=venue),
                "tableId": lambda: TableFactory(area=tables[0].area),
                "partyId": lambda: PartyFactory(venue=venue, tables=[tables[1]]),
                "reservationId": lambda: ReservationFactory(venue=venue, tables=[tables[1]]),
            }[nested or name]()
            unknown = str(deleted.pk)
            deleted.delete()
        body = {name: {nested: unknown}} if nested else {name: unknown}

        # when searching by it
        response = epos.post(path, body, format="json")

        # then the search matches nothing, where the same search without the filter finds rows
        assert response.status_code == 200, response.content
        assert response.json() == {"data": []}
        assert epos.post(path, {}, format="json").json()["data"]


# Reservations page by a queryset; parties by a query compiled once per shape of the search.
SORTED_BY_START = pytest.mark.parametrize(
    "path, factory", [("/epos/v1/reservations/search", ReservationFactory), ("/epos/v1/parties/search", PartyFactory)]
)


class TestPaging:
    @SORTED_BY_START
    def test_pages_are_stable_while_rows_are_inserted(self, epos, venue, path, factory):
        first_batch = [factory(venue=venue, start_time=NOW + dt.timedelta(minutes=i)) for i in range(5)]

        page1 = epos.post(path, {"cursor": {"limit": 2}}, format="json").json()
        factory(venue=venue, start_time=NOW - dt.timedelta(hours=1))  # sorts before the cursor
        page2 = epos.post(path, {"cursor": {"limit": 2, "after": page1["after"]}}, format="json").json()
        page3 = epos.post(path, {"cursor": {"limit": 2, "after": page2["after"]}}, format="json").json()

        seen = [r["id"] for page in (page1, page2, page3) for r in page["data"]]
        assert seen == [str(r.pk) for r in first_batch]
        assert "after" not in page3 and "before" not in page1

    @SORTED_BY_START
    def test_before_returns_the_previous_page(self, epos, venue, path, factory):
        for i in range(5):
            factory(venue=venue, start_time=NOW + dt.timedelta(minutes=i))
        page1 = epos.post(path, {"cursor": {"limit": 2}}, format="json").json()
        page2 = epos.post(path, {"cursor": {"limit": 2, "after": page1["after"]}}, format="json").json()

        back = epos.post(path, {"cursor": {"limit": 2, "before": page2["before"]}}, format="json").json()

        assert back["data"] == page1["data"]

    @SORTED_BY_START
    def test_rows_with_the_same_start_time_are_neither_skipped_nor_repeated(self, epos, venue, path, factory):
        same_time = [factory(venue=venue, start_time=NOW) for _ in range(5)]

        ids, cursor = [], {"limit": 2}
        while True:
            page = epos.post(path, {"cursor": cursor}, format="json").json()
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
        self._queries(epos, method, path, body)  # the venue's first call is also recorded ("Dojo sync")
        few = self._queries(epos, method, path, body)
        add_rows(20)
        many = self._queries(epos, method, path, body)

        assert few == many

    def test_get_party(self, epos, venue, tables):
        party = PartyFactory(venue=venue, tables=tables)
        path = f"/epos/v1/parties/{party.pk}"

        # The first call of a venue also records Dojo's last call (admin, "Dojo sync"); the next
        # moments later do not write again.
        assert self._queries(epos, "get", path) <= 4
        assert self._queries(epos, "get", path) <= 3



def test_the_parser_reads_no_more_than_the_limit_whatever_the_declared_length():
    """A chunked upload declares no length up front: the parser itself stops reading."""
    import io

    from posbackoffice.dojo.rest.exceptions import PayloadTooLarge
    from posbackoffice.dojo.rest.base import MAX_BODY_BYTES, BoundedJSONParser

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

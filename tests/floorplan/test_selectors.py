"""Reads of the floor plan."""
import pytest

from floorplan.selectors import area_list_with_waiters, table_search

from ..factories import AreaFactory, TableFactory, WaiterFactory

pytestmark = pytest.mark.django_db


def test_table_search_finds_the_tables_in_service_by_area_and_waiter(venue, area, tables):
    terrace = AreaFactory(venue=venue, name="Terrace")
    patio = TableFactory(area=terrace, name="P1")
    TableFactory(area=terrace, name="P2", is_active=False)
    waiter = WaiterFactory(venue=venue)
    patio.waiters.add(waiter)
    tables[0].waiters.add(waiter)

    def found(**filters):
        return {row.pk: row.waiter_ids for row in table_search(venue_id=venue.pk, **filters).rows()}

    assert found() == {**{table.pk: [] for table in tables}, tables[0].pk: [waiter.pk], patio.pk: [waiter.pk]}
    assert found(area_id=terrace.pk) == {patio.pk: [waiter.pk]}
    assert found(waiter_id=waiter.pk) == {tables[0].pk: [waiter.pk], patio.pk: [waiter.pk]}


def test_the_areas_are_listed_in_order_with_their_waiters_by_name(venue, area):
    area.display_order = 1
    area.save()
    terrace = AreaFactory(venue=venue, name="Terrace", display_order=0)
    zoe, ali = WaiterFactory(venue=venue, name="Zoe"), WaiterFactory(venue=venue, name="Ali")
    area.waiters.add(zoe, ali)

    assert area_list_with_waiters(venue_id=venue.pk) == [(terrace.pk, "Terrace", []), (area.pk, area.name, [ali.pk, zoe.pk])]

"""Reads of the floor plan."""
import pytest

from floorplan.selectors import table_search

from ..factories import AreaFactory, TableFactory, WaiterFactory

pytestmark = pytest.mark.django_db


def test_table_search_finds_the_tables_in_service_by_area_and_waiter(venue, area, tables):
    terrace = AreaFactory(venue=venue, name="Terrace")
    patio = TableFactory(area=terrace, name="P1")
    TableFactory(area=terrace, name="P2", is_active=False)
    waiter = WaiterFactory(venue=venue)
    patio.waiters.add(waiter)
    tables[0].waiters.add(waiter)

    assert set(table_search(venue=venue)) == {*tables, patio}
    assert list(table_search(venue=venue, area_id=terrace.pk)) == [patio]
    assert set(table_search(venue=venue, waiter_id=waiter.pk)) == {tables[0], patio}

"""A layout saved in the editor reaches Dojo only as the spec has it: ListAreas and
SearchTables answer the same fields as before (no plan size, no decor), a retired table is
not among the tables in service, and no POS event is written, since Dojo hears of bookings,
parties and orders only."""
import dataclasses

import pytest

from floorplan import services
from floorplan.selectors import area_layout
from floorplan.values import DecorPlan, layout_version
from posbackoffice.dojo.config import dojo_settings_set
from posbackoffice.dojo.models import OutboxEvent

from ..factories import ReservationFactory

pytestmark = pytest.mark.django_db


def test_a_saved_layout_changes_only_what_the_spec_carries_and_writes_no_pos_event(epos, venue, area, tables):
    dojo_settings_set(venue=venue, api_key="sk_sandbox_0123456789abcdef", software_house_id="pos-back-office")
    ReservationFactory(venue=venue, tables=[tables[3]])  # so that removing T4 retires it
    opened = area_layout(area=area)
    wall = DecorPlan(id=None, kind="wall", x=0, y=58, width=100, height=2)
    moved = tuple(dataclasses.replace(t, x=t.x + 1, y=40) for t in opened.tables if t.name != "T4")
    OutboxEvent.objects.all().delete()

    services.layout_save(
        area=area, layout=dataclasses.replace(opened, width=120, tables=moved, decor=(wall,)),
        version=layout_version(opened),
    )

    areas = epos.get("/epos/v1/areas")
    found = epos.post("/epos/v1/tables/search", {}, format="json")
    assert areas.json() == [{"id": str(area.pk), "name": "Main dining", "waiterIds": []}]
    assert [table["name"] for table in found.json()["data"]] == ["T1", "T2", "T3"]
    assert {key for table in found.json()["data"] for key in table} == {"id", "name", "maxCovers", "areaId", "waiterIds"}
    assert not OutboxEvent.objects.exists()

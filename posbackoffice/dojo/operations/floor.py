"""ListAreas and SearchTables."""
from rest_framework import serializers

from floorplan.models import Area, Table, Venue
from floorplan.selectors import area_list, table_search

from ..cursor import PK, CursorSerializer, Keyset
from ..fields import EntityIdField
from ..wire import compact, wire_id
from .base import operation, validated

TABLES = Keyset(scope="tables", fields=[PK])


def area_to_wire(area: Area) -> dict:
    return {
        "id": wire_id(area.pk),
        "name": area.name,
        "waiterIds": [wire_id(waiter.pk) for waiter in area.waiters.all()],
    }


def table_to_wire(table: Table) -> dict:
    return compact(
        {
            "id": wire_id(table.pk),
            "name": table.name,
            "maxCovers": table.max_covers,
            "areaId": wire_id(table.area_id),
            "waiterIds": [wire_id(waiter.pk) for waiter in table.waiters.all()],
        }
    )


@operation("ListAreas")
def list_areas(venue: Venue, params: dict) -> list[dict]:
    return [area_to_wire(area) for area in area_list(venue=venue)]


class SearchTablesParams(serializers.Serializer):
    areaId = EntityIdField("area", required=False)
    waiterId = EntityIdField("waiter", required=False)
    cursor = CursorSerializer(required=False)


@operation("SearchTables")
def search_tables(venue: Venue, params: dict) -> dict:
    query = validated(SearchTablesParams, params)
    tables = table_search(venue=venue, area_id=query.get("areaId"), waiter_id=query.get("waiterId"))
    page = TABLES.paginate(tables.filter(is_active=True), venue_id=venue.pk, cursor=query.get("cursor"))
    return page.to_wire(table_to_wire)

"""ListAreas and SearchTables."""
from rest_framework import serializers

from floorplan.models import Area as AreaRow
from floorplan.models import Table as TableRow
from floorplan.models import Venue
from floorplan.selectors import area_list, table_search, waiter_ids_of

from ..cursor import PK, Cursor, Keyset, PagedResponse, page_body
from ..fields import EntityIdField, FilterIdField, RelatedIdsField, StrictIntegerField, WireSerializer
from ..wire import wire_id
from .base import operation, validated

TABLES = Keyset(scope="tables", fields=[PK])


# The response bodies are built by `area_body` and `table_body`, field for field what these
# serializers (which document them) would give, at a fraction of the cost for a long list.


class Area(WireSerializer):
    id = EntityIdField(source="pk")
    name = serializers.CharField()
    waiterIds = RelatedIdsField(source="assigned_waiters", required=False)


class Table(WireSerializer):
    id = EntityIdField(source="pk")
    name = serializers.CharField()
    maxCovers = StrictIntegerField(source="max_covers", required=False)
    areaId = EntityIdField(source="area_id", required=False)
    waiterIds = RelatedIdsField(source="assigned_waiters", required=False)


class PagedTablesResponse(PagedResponse):
    data = Table(many=True, source="items")


def area_body(area: AreaRow, waiter_ids: list[int]) -> dict:
    return {"id": wire_id(area.pk), "name": area.name, "waiterIds": [wire_id(pk) for pk in waiter_ids]}


def table_body(table: TableRow, waiter_ids: list[int]) -> dict:
    return {
        "id": wire_id(table.pk),
        "name": table.name,
        "maxCovers": table.max_covers,
        "areaId": wire_id(table.area_id),
        "waiterIds": [wire_id(pk) for pk in waiter_ids],
    }


@operation("ListAreas", response=Area(many=True), reads_venue=False)
def list_areas(venue: Venue, params: dict) -> list[dict]:
    areas = list(area_list(venue=venue))
    waiters = waiter_ids_of(areas)
    return [area_body(area, waiters.get(area.pk, [])) for area in areas]


class SearchTablesRequest(serializers.Serializer):
    areaId = FilterIdField("area", required=False)
    waiterId = FilterIdField("waiter", required=False)
    cursor = Cursor(required=False)


@operation("SearchTables", body=SearchTablesRequest, response=PagedTablesResponse(), reads_venue=False)
def search_tables(venue: Venue, params: dict) -> dict:
    query = validated(SearchTablesRequest, params)
    tables = table_search(venue=venue, area_id=query.get("areaId"), waiter_id=query.get("waiterId"))
    page = TABLES.paginate(tables, venue_id=venue.pk, cursor=query.get("cursor"))
    waiters = waiter_ids_of(page.items)
    return page_body(page, [table_body(table, waiters.get(table.pk, [])) for table in page.items])

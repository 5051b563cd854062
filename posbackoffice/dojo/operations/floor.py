"""ListAreas and SearchTables."""
from rest_framework import serializers

from floorplan.models import Venue
from floorplan.selectors import area_list_with_waiters, table_search

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


def area_body(area, waiter_ids: list[int]) -> dict:
    """An area (its `pk` and `name`: a model or a selector's row) and its waiters' IDs."""
    return {"id": wire_id(area.pk), "name": area.name, "waiterIds": [wire_id(pk) for pk in waiter_ids]}


def table_body(table, waiter_ids: list[int]) -> dict:
    """A table (a model or a selector's row) and its waiters' IDs."""
    return {
        "id": wire_id(table.pk),
        "name": table.name,
        "maxCovers": table.max_covers,
        "areaId": wire_id(table.area_id),
        "waiterIds": [wire_id(pk) for pk in waiter_ids],
    }


@operation("ListAreas", response=Area(many=True), reads_venue=False)
def list_areas(venue: Venue, params: dict) -> list[dict]:
    return [area_body(area, area.waiter_ids) for area in area_list_with_waiters(venue_id=venue.pk)]


class SearchTablesRequest(serializers.Serializer):
    areaId = FilterIdField("area", required=False)
    waiterId = FilterIdField("waiter", required=False)
    cursor = Cursor(required=False)


@operation("SearchTables", body=SearchTablesRequest, response=PagedTablesResponse(), reads_venue=False)
def search_tables(venue: Venue, params: dict) -> dict:
    query = validated(SearchTablesRequest, params)
    tables = table_search(venue_id=venue.pk, area_id=query.get("areaId"), waiter_id=query.get("waiterId"))
    page = TABLES.paginate(tables, venue_id=venue.pk, cursor=query.get("cursor"))
    return page_body(page, [table_body(table, table.waiter_ids) for table in page.items])

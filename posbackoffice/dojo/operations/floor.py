"""ListAreas and SearchTables."""
from rest_framework import serializers

from floorplan.models import Venue
from floorplan.selectors import area_list, table_search

from ..cursor import PK, Cursor, Keyset, PagedResponse
from ..fields import EntityIdField, FilterIdField, RelatedIdsField, StrictIntegerField, WireSerializer
from .base import operation, validated

TABLES = Keyset(scope="tables", fields=[PK])


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


@operation("ListAreas", response=Area(many=True), reads_venue=False)
def list_areas(venue: Venue, params: dict) -> list[dict]:
    return Area(area_list(venue=venue), many=True).data


class SearchTablesRequest(serializers.Serializer):
    areaId = FilterIdField("area", required=False)
    waiterId = FilterIdField("waiter", required=False)
    cursor = Cursor(required=False)


@operation("SearchTables", body=SearchTablesRequest, response=PagedTablesResponse(), reads_venue=False)
def search_tables(venue: Venue, params: dict) -> dict:
    query = validated(SearchTablesRequest, params)
    tables = table_search(venue=venue, area_id=query.get("areaId"), waiter_id=query.get("waiterId"))
    page = TABLES.paginate(tables, venue_id=venue.pk, cursor=query.get("cursor"))
    return PagedTablesResponse(page).data

"""The two reference endpoints the benchmarks measure every figure against, served by the
same server, settings and middleware as the back office, and mounted only by the
benchmark's own settings (`bench.settings`), never by the project's URLs:

- `/bench/ref/json`: Django answering a small JSON body, no database;
- `/bench/ref/query`: the same, plus one indexed query (a venue by primary key).

Django at its best: whatever the project's database settings, these reuse their connection.
"""
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from floorplan.models import Venue


def json_only(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"id": "1", "name": "Benchmark Brasserie"})


def one_query(request: HttpRequest, venue_id: int) -> JsonResponse:
    venue = Venue.objects.filter(pk=venue_id).values("id", "name").first()
    return JsonResponse({"id": str(venue["id"]), "name": venue["name"]})


urlpatterns = [
    path("bench/ref/json", json_only),
    path("bench/ref/query/<int:venue_id>", one_query),
    path("", include("posbackoffice.urls")),
]

"""Routes of the EPOS Data API, relative to the base URL a venue registers with Dojo (/epos):
each maps its HTTP methods to actions of a resource's ViewSet."""
from django.urls import path, re_path

from .views import AreaViewSet, OrderViewSet, PartyViewSet, ReservationViewSet, TableViewSet, unknown_path

ONE = {"get": "retrieve", "put": "update", "delete": "destroy"}

urlpatterns = [
    path("v1/areas", AreaViewSet.as_view({"get": "list"})),
    path("v1/tables/search", TableViewSet.as_view({"post": "search"})),
    path("v1/reservations", ReservationViewSet.as_view({"post": "create"})),
    path("v1/reservations/search", ReservationViewSet.as_view({"post": "search"})),
    path("v1/reservations/<str:reservationId>", ReservationViewSet.as_view(ONE)),
    path("v1/parties", PartyViewSet.as_view({"post": "create"})),
    path("v1/parties/search", PartyViewSet.as_view({"post": "search"})),
    path("v1/parties/<str:partyId>", PartyViewSet.as_view(ONE)),
    path("v1/orders", OrderViewSet.as_view({"post": "create"})),
    path("v1/orders/search", OrderViewSet.as_view({"post": "search"})),
    path("v1/orders/<str:orderId>", OrderViewSet.as_view({"get": "retrieve", "delete": "destroy"})),
    path("v1/orders/<str:orderId>/lock", OrderViewSet.as_view({"post": "lock"})),
    path("v1/orders/<str:orderId>/locks/<str:lockId>", OrderViewSet.as_view({"put": "extend_lock", "delete": "delete_lock"})),
    path("v1/orders/<str:orderId>/bill", OrderViewSet.as_view({"get": "bill"})),
    path("v1/orders/<str:orderId>/record-payment", OrderViewSet.as_view({"post": "record_payment"})),
    re_path(r"^", unknown_path),
]

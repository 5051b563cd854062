"""Routes of the EPOS Data API, relative to the base URL a venue registers with Dojo (/epos)."""
from django.urls import path, re_path

from .views import OperationView, unknown_path


def route(pattern: str, entity_param: str | None = None, **capabilities: str):
    view = OperationView.as_view(capabilities=capabilities, entity_param=entity_param)
    return path(pattern, view)


urlpatterns = [
    route("v1/areas", get="ListAreas"),
    route("v1/tables/search", post="SearchTables"),
    route("v1/reservations", post="CreateReservation"),
    route("v1/reservations/search", post="SearchReservations"),
    route(
        "v1/reservations/<str:entity_id>",
        entity_param="reservationId",
        get="GetReservationById",
        put="UpdateReservation",
        delete="DeleteReservationById",
    ),
    route("v1/parties", post="CreateParty"),
    route("v1/parties/search", post="SearchParties"),
    route(
        "v1/parties/<str:entity_id>",
        entity_param="partyId",
        get="GetPartyById",
        put="UpdateParty",
        delete="DeletePartyById",
    ),
    route("v1/orders", post="CreateOrder"),
    route("v1/orders/search", post="SearchOrders"),
    route("v1/orders/<str:entity_id>", entity_param="orderId", get="GetOrderById", delete="CancelOrderById"),
    route("v1/orders/<str:entity_id>/lock", entity_param="orderId", post="CreateOrderLock"),
    route("v1/orders/<str:orderId>/locks/<str:lockId>", put="ExtendOrderLock", delete="DeleteOrderLock"),
    route("v1/orders/<str:entity_id>/bill", entity_param="orderId", get="GetOrderBillById"),
    route("v1/orders/<str:entity_id>/record-payment", entity_param="orderId", post="RecordOrderPaymentById"),
    re_path(r"^", unknown_path),
]

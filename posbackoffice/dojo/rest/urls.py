"""Routes of the EPOS Data API, relative to the base URL a venue registers with Dojo (/epos)."""
from django.urls import path, re_path

from .views import OperationView, unknown_path


def route(pattern: str, **capabilities: str):
    """A path serving one operation per HTTP method, e.g. `get="GetPartyById"`."""
    name = "".join(capabilities.values()) + "View"
    view_class = type(name, (OperationView,), {"capabilities": capabilities, "http_method_names": list(capabilities)})
    return path(pattern, view_class.as_view())


urlpatterns = [
    route("v1/areas", get="ListAreas"),
    route("v1/tables/search", post="SearchTables"),
    route("v1/reservations", post="CreateReservation"),
    route("v1/reservations/search", post="SearchReservations"),
    route(
        "v1/reservations/<str:reservationId>",
        get="GetReservationById",
        put="UpdateReservation",
        delete="DeleteReservationById",
    ),
    route("v1/parties", post="CreateParty"),
    route("v1/parties/search", post="SearchParties"),
    route("v1/parties/<str:partyId>", get="GetPartyById", put="UpdateParty", delete="DeletePartyById"),
    route("v1/orders", post="CreateOrder"),
    route("v1/orders/search", post="SearchOrders"),
    route("v1/orders/<str:orderId>", get="GetOrderById", delete="CancelOrderById"),
    route("v1/orders/<str:orderId>/lock", post="CreateOrderLock"),
    route("v1/orders/<str:orderId>/locks/<str:lockId>", put="ExtendOrderLock", delete="DeleteOrderLock"),
    route("v1/orders/<str:orderId>/bill", get="GetOrderBillById"),
    route("v1/orders/<str:orderId>/record-payment", post="RecordOrderPaymentById"),
    re_path(r"^", unknown_path),
]

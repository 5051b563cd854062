"""The EPOS REST API: one ViewSet per resource, each action running one operation of the
registry the WebSocket bridge runs too (`urls.py` routes methods to actions)."""
import logging
import uuid

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from ..wire import ErrorType, error_body
from .base import EposViewSet, capability

logger = logging.getLogger("posbackoffice.epos")


class AreaViewSet(EposViewSet):
    @capability("ListAreas")
    def list(self, request):
        return self.operate({})


class TableViewSet(EposViewSet):
    @capability("SearchTables")
    def search(self, request):
        return self.operate(self.body())


class ReservationViewSet(EposViewSet):
    @capability("CreateReservation")
    def create(self, request):
        return self.operate(self.body())

    @capability("SearchReservations")
    def search(self, request):
        return self.operate(self.body())

    @capability("GetReservationById")
    def retrieve(self, request, reservationId):
        return self.operate({"reservationId": reservationId})

    @capability("UpdateReservation")
    def update(self, request, reservationId):
        return self.operate(self.body(id=reservationId))  # the update's `id`, as over the socket (ERRATA.md §8)

    @capability("DeleteReservationById")
    def destroy(self, request, reservationId):
        return self.operate({"reservationId": reservationId})


class PartyViewSet(EposViewSet):
    @capability("CreateParty")
    def create(self, request):
        return self.operate(self.body())

    @capability("SearchParties")
    def search(self, request):
        return self.operate(self.body())

    @capability("GetPartyById")
    def retrieve(self, request, partyId):
        return self.operate({"partyId": partyId})

    @capability("UpdateParty")
    def update(self, request, partyId):
        return self.operate(self.body(id=partyId))  # the update's `id`, as over the socket (ERRATA.md §8)

    @capability("DeletePartyById")
    def destroy(self, request, partyId):
        return self.operate({"partyId": partyId})


class OrderViewSet(EposViewSet):
    @capability("CreateOrder")
    def create(self, request):
        return self.operate(self.body())

    @capability("SearchOrders")
    def search(self, request):
        return self.operate(self.body())

    @capability("GetOrderById")
    def retrieve(self, request, orderId):
        return self.operate({"orderId": orderId})

    @capability("CancelOrderById")
    def destroy(self, request, orderId):
        return self.operate({"orderId": orderId})

    @capability("CreateOrderLock")
    def lock(self, request, orderId):
        return self.operate(self.body(orderId=orderId))

    @capability("ExtendOrderLock")
    def extend_lock(self, request, orderId, lockId):
        return self.operate(self.body(orderId=orderId, lockId=lockId))

    @capability("DeleteOrderLock")
    def delete_lock(self, request, orderId, lockId):
        return self.operate({"orderId": orderId, "lockId": lockId})

    @capability("GetOrderBillById")
    def bill(self, request, orderId):
        return self.operate({"orderId": orderId})

    @capability("RecordOrderPaymentById")
    def record_payment(self, request, orderId):
        return self.operate(self.body(orderId=orderId))


@csrf_exempt  # like the API's own routes, which take no cookies: a POST is a 404 too, not a CSRF 403
def unknown_path(request, *args, **kwargs):
    """Any other path under the API's base URL: an EPOSError, never an HTML page."""
    trace_id = uuid.uuid4().hex
    logger.info("EPOS %s %s -> 404 trace_id=%s", request.method, request.path, trace_id)
    body = error_body(ErrorType.NOT_FOUND, f"No such endpoint: {request.method} {request.path}", trace_id)
    return JsonResponse(body, status=404)

"""The EPOS REST API: one view class, configured per route, adapting HTTP to the operations."""
import io
import logging
import time
import uuid

from django.http import JsonResponse
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import InvalidInput

from ..operations import OPERATIONS
from ..wire import ErrorType, error_body
from .auth import EposBasicAuthentication
from .exceptions import PayloadTooLarge, epos_exception_handler
from .schema import EposAutoSchema

logger = logging.getLogger("posbackoffice.epos")

MAX_BODY_BYTES = 256 * 1024
LOGGED_HEADERS = ("waiter-id", "dojo-requesting-product", "device-id", "device-type")


def _header(request, name: str) -> str:
    return request.META.get("HTTP_" + name.upper().replace("-", "_"), "")


def actor_of(request) -> Actor:
    """Dojo's optional request headers, recorded with the change the request makes."""
    return Actor(
        source=Source.EPOS_API,
        waiter_ref=_header(request, "waiter-id"),
        device_id=_header(request, "device-id"),
        device_type=_header(request, "device-type"),
        requesting_product=_header(request, "dojo-requesting-product"),
    )


class BoundedJSONParser(JSONParser):
    """Reads at most MAX_BODY_BYTES, whether or not the request declares its length."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BODY_BYTES:
            raise PayloadTooLarge(f"The request body is over {MAX_BODY_BYTES // 1024} KiB.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)


class OperationView(APIView):
    """Base of the view serving one path (see `urls.route`): `capabilities` maps each of
    its HTTP methods to the operation it runs."""

    capabilities: dict[str, str] = {}

    authentication_classes = [EposBasicAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    parser_classes = [BoundedJSONParser]
    schema = EposAutoSchema()

    def initialize_request(self, request, *args, **kwargs):
        request.trace_id = uuid.uuid4().hex
        request.started_at = time.monotonic()
        return super().initialize_request(request, *args, **kwargs)

    def get_exception_handler(self):
        return epos_exception_handler

    def get(self, request, **path):
        return self._run(request, path)

    post = put = delete = get

    def _run(self, request, path: dict):
        """The operation's parameters are the body plus the path's IDs, named as the
        WebSocket transport names them: `id` in an update (ERRATA.md §8), `partyId`,
        `orderId`, `lockId` etc. otherwise."""
        method = request.method.lower()
        params = self._body(request) if method in ("post", "put") else {}
        operation = OPERATIONS[self.capabilities[method]]
        request._request.epos_capability = operation.capability
        for name, value in path.items():
            params["id" if operation.capability.startswith("Update") else name] = value
        with acting_as(actor_of(request)):
            result = operation.run(request.user.venue, params)
        return Response(result, status=200)

    @staticmethod
    def _body(request) -> dict:
        if not isinstance(request.data, dict):
            raise InvalidInput("The request body must be a JSON object.")
        return dict(request.data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "_user", None)
        headers = " ".join(f"{name}={_header(request, name)!r}" for name in LOGGED_HEADERS if _header(request, name))
        logger.info(
            "EPOS %s %s -> %s venue=%s trace_id=%s %.1fms %s",
            request.method,
            request.path,
            response.status_code,
            getattr(getattr(user, "venue", None), "slug", "-"),
            getattr(request, "trace_id", "-"),
            (time.monotonic() - getattr(request, "started_at", time.monotonic())) * 1000,
            headers,
        )
        return response


def unknown_path(request, *args, **kwargs):
    """Any other path under the API's base URL: an EPOSError, never an HTML page."""
    trace_id = uuid.uuid4().hex
    logger.info("EPOS %s %s -> 404 trace_id=%s", request.method, request.path, trace_id)
    body = error_body(ErrorType.NOT_FOUND, f"No such endpoint: {request.method} {request.path}", trace_id)
    return JsonResponse(body, status=404)

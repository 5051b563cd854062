"""What every EPOS REST resource shares: Basic auth per venue, the bounded JSON parser, the
one exception handler, a trace ID and a log line per request, and running an action's
operation from the shared registry under the actor Dojo's headers name."""
import io
import logging
import time
import uuid

from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import InvalidInput

from ..operations import OPERATIONS
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


def capability(name: str):
    """Marks a ViewSet action as serving the EPOS capability `name`: the registry's
    operation it runs, and the name registered with Dojo for its route."""

    def mark(action):
        action.capability = name
        return action

    return mark


class EposViewSet(ViewSet):
    """Base of the EPOS resources. Each action is marked with its `capability` and hands
    `operate` the operation's parameters, named as the WebSocket names them."""

    authentication_classes = [EposBasicAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    parser_classes = [BoundedJSONParser]
    schema = EposAutoSchema()
    # Only the methods routed to an action: HEAD and OPTIONS are refused, as Dojo's spec has neither.
    http_method_names = ["get", "post", "put", "delete"]

    @classmethod
    def capability_of(cls, action: str | None) -> str | None:
        """The capability an action serves; None for no action (a method not routed)."""
        return getattr(getattr(cls, action, None), "capability", None) if action else None

    def initialize_request(self, request, *args, **kwargs):
        """Also labels the Django request with the capability it asks for, authenticated or
        not (`request.epos_capability`), for whatever measures requests."""
        request.trace_id = uuid.uuid4().hex
        request.started_at = time.monotonic()
        drf_request = super().initialize_request(request, *args, **kwargs)
        if capability_name := self.capability_of(self.action):
            request.epos_capability = capability_name
        return drf_request

    def get_exception_handler(self):
        return epos_exception_handler

    def body(self, **path: str) -> dict:
        """The request's JSON object, with the path's IDs added (they win over the body's)."""
        if not isinstance(self.request.data, dict):
            raise InvalidInput("The request body must be a JSON object.")
        return {**self.request.data, **path}

    def operate(self, params: dict) -> Response:
        """Runs the action's operation for the caller's venue; its result is the 200 body."""
        operation = OPERATIONS[self.capability_of(self.action)]
        with acting_as(actor_of(self.request)):
            result = operation.run(self.request.user.venue, params)
        return Response(result, status=200)

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

"""What every EPOS REST resource shares: Basic auth per venue, the body read whole and
bounded whatever its framing, the strict JSON parser, the one exception handler, a trace ID
and a log line per request, and running an action's operation from the shared registry
under the actor Dojo's headers name."""
import codecs
import io
import logging
import time
import uuid

from django.http import HttpRequest
from django.utils.http import parse_header_parameters
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import BaseParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import InvalidInput

from ..operations import OPERATIONS
from ..wire import parse_json
from .auth import EposBasicAuthentication
from .exceptions import LengthRequired, PayloadTooLarge, epos_exception_handler
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


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge(f"The request body is over {MAX_BODY_BYTES // 1024} KiB.")


def read_bounded_body(request: HttpRequest) -> None:
    """Refuse a body over MAX_BODY_BYTES, whatever its framing. A declared length over the
    limit is refused unread (Django would refuse it only past DATA_UPLOAD_MAX_MEMORY_SIZE,
    with an error of its own). A body sent without a length (`Transfer-Encoding: chunked`)
    is read here, up to the limit, and the request left as Django leaves one whose body it
    has read: Django reads only a declared length, so it would otherwise parse as empty."""
    declared = request.META.get("CONTENT_LENGTH")
    if declared:
        if not declared.isdigit():
            raise ParseError("The Content-Length is not a number of bytes.")
        if int(declared) > MAX_BODY_BYTES:
            raise _too_large()
        return
    if "chunked" not in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        return  # no body
    if not request.META.get("wsgi.input_terminated"):
        # A server that leaves the chunks to the application (Django's runserver) gives no safe way to read them.
        raise LengthRequired()
    raw = request.META["wsgi.input"].read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise _too_large()
    request._body, request._stream = raw, io.BytesIO(raw)
    request.META["CONTENT_LENGTH"] = str(len(raw))


class BoundedJSONParser(BaseParser):
    """Reads at most MAX_BODY_BYTES of JSON in UTF-8 (RFC 8259), parsed as both transports
    parse it (`wire.parse_json`)."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        _refuse_other_charsets(media_type or "")
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BODY_BYTES:
            raise _too_large()
        return parse_json(raw)


def _refuse_other_charsets(media_type: str) -> None:
    charset = parse_header_parameters(media_type)[1].get("charset")
    if charset is None:
        return
    try:
        is_utf8 = codecs.lookup(charset).name == "utf-8"
    except LookupError:
        is_utf8 = False
    if not is_utf8:
        raise UnsupportedMediaType(media_type, f"JSON is UTF-8; charset={charset[:40]!r} is not accepted.")


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

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        read_bounded_body(request._request)

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
        caller = self.request.user
        venue = caller.venue if operation.reads_venue else caller.venue_known_by_id()
        with acting_as(actor_of(self.request)):
            result = operation.run(venue, params)
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
            getattr(user, "venue_slug", "-"),
            getattr(request, "trace_id", "-"),
            (time.monotonic() - getattr(request, "started_at", time.monotonic())) * 1000,
            headers,
        )
        return response

"""Answering one JSON-RPC frame: method `XxxV1` runs the registry's operation `Xxx`, the
same one the REST route runs, in a worker thread under the EPOS API's actor.

Operations are plain synchronous Django code, so each runs in a thread of a bounded pool
(`sync_to_async(thread_sensitive=False)`): requests in flight proceed side by side, up to
the pool's size, each thread with its own database connection; the default
thread-sensitive mode would run them one at a time. The services open their own
transactions, as they do under the REST views.
"""
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from floorplan.models import Venue
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.observability.logs import bind

from ..operations import OPERATIONS, Operation
from ..sync.observe import ws_call_answered, ws_capability
from ..wire import ErrorType, error_for
from .events import HANDLE_EVENT, event_capabilities
from .jsonrpc import BadFrame, Request, error_reply, parse_request, result_reply

logger = logging.getLogger("posbackoffice.epos")

METHOD_VERSION = "V1"


def dispatched_methods() -> dict[str, Operation]:
    """Every operation of the registry, plus the WebSocket-only HandleEvent, by method name."""
    operations = [*OPERATIONS.values(), HANDLE_EVENT]
    return {f"{operation.capability}{METHOD_VERSION}": operation for operation in operations}


def served_ws_capabilities() -> list[str]:
    """The capability names to register for the WebSocket (`PUT /epos/integrations/ws`),
    read off the methods dispatched so that registration cannot drift from what is served."""
    names = []
    for operation in dispatched_methods().values():
        names.extend(event_capabilities() if operation is HANDLE_EVENT else [operation.capability])
    return sorted(names)


def actor_of(request: Request) -> Actor:
    """Dojo's optional request headers, which over the socket travel in `params.headers`."""
    headers = request.headers
    return Actor(
        source=Source.EPOS_API,
        waiter_ref=headers.get("waiterId", ""),
        device_id=headers.get("deviceId", ""),
        device_type=headers.get("deviceType", ""),
        requesting_product=headers.get("dojoRequestingProduct", ""),
    )


def run_operation(operation: Operation, venue_id: int, request: Request):
    """In a worker thread: a long-lived process must drop connections the database has
    closed or that outlived CONN_MAX_AGE, before and after each use."""
    close_old_connections()
    try:
        venue = Venue.objects.get(pk=venue_id)
        with acting_as(actor_of(request)):
            return operation.run(venue, request.params)
    finally:
        close_old_connections()


class Dispatcher:
    def __init__(self, *, venue_id: int, executor: ThreadPoolExecutor):
        self.venue_id = venue_id
        self._run = sync_to_async(run_operation, thread_sensitive=False, executor=executor)

    async def answer(self, frame: str | bytes) -> str:
        """The reply frame to send; never raises."""
        trace_id = uuid.uuid4().hex
        started = time.monotonic()
        bind(trace_id=trace_id)  # this frame's own task: the context ends with it
        try:
            request = parse_request(frame)
        except BadFrame as exc:
            return self._refused(exc.request_id, exc.method, ErrorType.INVALID_REQUEST, str(exc), trace_id, started)
        operation = dispatched_methods().get(request.method)
        bind(capability=ws_capability(request.method))
        if operation is None:
            message = f"No method {request.method!r}."
            return self._refused(request.id, request.method, ErrorType.NOT_FOUND, message, trace_id, started)
        try:
            result = await self._run(operation, self.venue_id, request)
            reply = result_reply(request, result)
        except Exception as exc:
            error_type, status, message = error_for(exc)
            if status < 500:
                return self._refused(request.id, request.method, error_type, message, trace_id, started)
            logger.exception("EPOS-WS %s id=%s failed trace_id=%s", request.method, request.id, trace_id)
            self._observe(request.method, error_type, message, trace_id, started)
            return error_reply(request.id, request.method, error_type, message, trace_id)
        self._log(request.id, request.method, "ok", trace_id, started, actor_of(request))
        self._observe(request.method, None, "", trace_id, started)
        return reply

    def _refused(self, request_id, method, error_type: ErrorType, message: str, trace_id: str, started: float) -> str:
        self._log(request_id, method, f"{error_type} ({message})", trace_id, started)
        self._observe(method, error_type, message, trace_id, started)
        return error_reply(request_id, method, error_type, message, trace_id)

    def _observe(self, method, error_type: ErrorType | None, message: str, trace_id: str, started: float) -> None:
        ws_call_answered(
            venue_id=self.venue_id, method=method, error_type=error_type, started=started, trace_id=trace_id, message=message
        )

    def _log(self, request_id, method, outcome: str, trace_id: str, started: float, actor: Actor | None = None):
        who = ""
        if actor is not None:
            fields = {"waiter": actor.waiter_ref, "device": actor.device_id, "product": actor.requesting_product}
            who = " ".join(f"{name}={value!r}" for name, value in fields.items() if value)
        logger.info(
            "EPOS-WS %s id=%s -> %s venue_id=%s trace_id=%s %.1fms %s",
            method,
            request_id,
            outcome,
            self.venue_id,
            trace_id,
            (time.monotonic() - started) * 1000,
            who,
        )

"""The hooks the Dojo integration calls as things happen: each counts into the metrics and,
for calls from Dojo, records the last one for the "Dojo sync" page."""
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import close_old_connections

from posbackoffice.observability.metrics import (
    DOJO_API_DURATION,
    EPOS_CALL_DURATION,
    EPOS_CALLS,
    POS_EVENTS_DELIVERED,
    POS_EVENTS_FAILED,
    POS_EVENTS_RECORDED,
)

from ..operations import OPERATIONS
from .recording import OK, Transport, epos_call_record

UNKNOWN = "unknown"
WS_METHOD_SUFFIX = "V1"
WS_ONLY_CAPABILITIES = frozenset({"HandleEvent"})

_recorder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dojo-sync-record")


def pos_event_recorded(*, event_type: str) -> None:
    """A change was written to the outbox. Counted as written, not on commit: the callbacks
    run on commit are the deliveries queued, and a rolled-back change is rare."""
    POS_EVENTS_RECORDED.labels(event_type).inc()


def pos_event_attempted(*, event_type: str, error: Exception | None) -> None:
    if error is None:
        POS_EVENTS_DELIVERED.labels(event_type).inc()
    else:
        kind = "retrying" if getattr(error, "transient", False) else "permanent"
        POS_EVENTS_FAILED.labels(event_type, kind).inc()


def dojo_api_called(*, method: str, path: str, status: int | None, started: float) -> None:
    """A call to the Dojo API ended with `status`, or None when no answer came."""
    endpoint = f"{method} {path}"
    DOJO_API_DURATION.labels(endpoint, str(status) if status else "error").observe(time.monotonic() - started)


def epos_call_observed(*, capability: str, transport: str, outcome: str, started: float) -> None:
    EPOS_CALLS.labels(capability, transport, outcome).inc()
    EPOS_CALL_DURATION.labels(capability, transport).observe(time.monotonic() - started)


def ws_capability(method) -> str:
    """The capability a JSON-RPC method names (`GetPartyByIdV1`), or `unknown`: a label
    never takes an arbitrary value from the wire."""
    if isinstance(method, str) and method.endswith(WS_METHOD_SUFFIX):
        capability = method.removesuffix(WS_METHOD_SUFFIX)
        if capability in OPERATIONS or capability in WS_ONLY_CAPABILITIES:
            return capability
    return UNKNOWN


def ws_call_answered(
    *, venue_id: int, method, error_type=None, started: float, trace_id: str, message: str = ""
) -> None:
    """From the bridge's event loop: counted at once, and recorded without holding the reply
    up, by one thread (the database must not be used on the loop) in the order answered."""
    capability, outcome = ws_capability(method), str(error_type) if error_type else OK
    epos_call_observed(capability=capability, transport=Transport.WS, outcome=outcome, started=started)
    record = {
        "venue_id": venue_id,
        "capability": capability,
        "transport": Transport.WS,
        "outcome": outcome,
        "trace_id": trace_id,
        "message": message,
    }
    asyncio.get_running_loop().run_in_executor(_recorder, _record_in_thread, record)


def _record_in_thread(record: dict) -> None:
    close_old_connections()
    try:
        epos_call_record(**record)
    finally:
        close_old_connections()

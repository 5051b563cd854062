"""EPOS Data API calls over REST: counted by capability and recorded for the "Dojo sync" page.

The EPOS views name the capability they route to on the request (`epos_capability`), before
the caller is authenticated: every such call is counted, and those made with a venue's
credentials are recorded for that venue. A request that never reached a view (an unknown
path) is counted by the request metrics under its URL pattern only.
"""
import time

from .observe import epos_call_observed
from .recording import OK, Transport, epos_call_record


def _outcome(response) -> tuple[str, str]:
    """`ok` or the EPOSError type of the answer, and its debug message."""
    if response.status_code < 400:
        return OK, ""
    body = getattr(response, "data", None)
    body = body if isinstance(body, dict) else {}
    return str(body.get("errorType", response.status_code)), str(body.get("debugMessage", ""))


class EposCallMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        capability = getattr(request, "epos_capability", None)
        if not capability:
            return response
        outcome, message = _outcome(response)
        epos_call_observed(capability=capability, transport=Transport.REST, outcome=outcome, started=started)
        venue_id = getattr(getattr(request, "user", None), "venue_id", None)
        if venue_id is not None:
            epos_call_record(
                venue_id=venue_id,
                capability=capability,
                transport=Transport.REST,
                outcome=outcome,
                trace_id=getattr(request, "trace_id", ""),
                message=message,
            )
        return response

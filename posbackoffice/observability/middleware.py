"""Counting and timing every request, and giving its log lines their context."""
import time
import uuid

from .logs import request_bound
from .metrics import HTTP_REQUEST_DURATION, HTTP_REQUESTS, HTTP_REQUESTS_IN_PROGRESS

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"


def route_of(request) -> str:
    """A bounded label: the EPOS capability a request ran (set by the EPOS views), else the
    URL pattern it matched, never the raw path with its IDs."""
    capability = getattr(request, "epos_capability", None)
    if capability:
        return f"epos:{capability}"
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None else UNMATCHED


class RequestMetricsMiddleware:
    """Outermost, so that what it measures includes every other middleware. It never touches
    the database: /health/live must answer when nothing else does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.trace_id = uuid.uuid4().hex  # the EPOS views replace it with their own
        with HTTP_REQUESTS_IN_PROGRESS.track_inprogress(), request_bound(request):
            response = self.get_response(request)
        route = route_of(request)
        method = request.method if request.method in KNOWN_METHODS else "other"
        HTTP_REQUESTS.labels(route, method, str(response.status_code)).inc()
        HTTP_REQUEST_DURATION.labels(route, method).observe(time.monotonic() - started)
        return response

"""Every Prometheus metric the back office exports, and the registry a scrape reads.

Names start with `posbackoffice_`; label values are always from a bounded set (routes,
capabilities, event types, venues), never raw paths or IDs. Gauges that describe the
database (the outbox's backlog, the bridge's heartbeat) are not kept by any process: they
are read from the database when /metrics is scraped, by collectors that apps register
with `add_scrape_collector`.
"""
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.multiprocess import MultiProcessCollector

from . import multiprocess

MULTIPROCESS = multiprocess.enable()

DOJO_API_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0)

HTTP_REQUESTS = Counter(
    "posbackoffice_http_requests_total",
    "HTTP requests answered, by route (URL pattern, or the capability of an EPOS call), method and status.",
    ["route", "method", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "posbackoffice_http_request_duration_seconds",
    "Time to answer an HTTP request, by route and method.",
    ["route", "method"],
)
HTTP_REQUESTS_IN_PROGRESS = Gauge(
    "posbackoffice_http_requests_in_progress",
    "HTTP requests being answered right now, across the live web workers.",
    multiprocess_mode="livesum",
)
POS_EVENTS_RECORDED = Counter(
    "posbackoffice_pos_events_recorded_total",
    "Changes written to the outbox for Dojo, by event type (counted when written; changes to "
    "one entity before its delivery share one event).",
    ["event_type"],
)
POS_EVENTS_DELIVERED = Counter(
    "posbackoffice_pos_events_delivered_total",
    "POS events Dojo accepted, by event type.",
    ["event_type"],
)
POS_EVENTS_FAILED = Counter(
    "posbackoffice_pos_events_failed_total",
    "Deliveries Dojo did not accept, by event type and kind: `retrying` (transient error, "
    "retried later) or `permanent` (delivery stopped until someone retries it).",
    ["event_type", "kind"],
)
DOJO_API_DURATION = Histogram(
    "posbackoffice_dojo_api_request_duration_seconds",
    "Calls to the Dojo API, by endpoint and HTTP status (`error` when no answer came).",
    ["endpoint", "status"],
    buckets=DOJO_API_BUCKETS,
)
EPOS_CALLS = Counter(
    "posbackoffice_epos_calls_total",
    "EPOS Data API calls received from Dojo, by capability, transport (rest, ws) and outcome "
    "(`ok` or the EPOSError type).",
    ["capability", "transport", "outcome"],
)
EPOS_CALL_DURATION = Histogram(
    "posbackoffice_epos_call_duration_seconds",
    "Time to answer an EPOS Data API call from Dojo, by capability and transport.",
    ["capability", "transport"],
)
BRIDGE_RECONNECTS = Counter(
    "posbackoffice_dojo_bridge_reconnects_total",
    "Times the WebSocket bridge connected to Dojo again after its connection dropped or an attempt failed, by venue.",
    ["venue"],
)

_scrape_collectors: list = []


def add_scrape_collector(collector) -> None:
    """Have `collector` (an object with `collect()`) read on every scrape, in the scraping process only."""
    if collector not in _scrape_collectors:
        _scrape_collectors.append(collector)


class _ThisProcess:
    """This process's own metrics, when each process exports only its own."""

    @staticmethod
    def collect():
        return REGISTRY.collect()


def scrape_registry() -> CollectorRegistry:
    """What one scrape exports: the metrics of every process (multiprocess mode) or of this
    one, and the registered collectors."""
    registry = CollectorRegistry()
    if MULTIPROCESS:
        MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    for collector in _scrape_collectors:
        registry.register(collector)
    return registry

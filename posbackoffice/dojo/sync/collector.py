"""Gauges read from the database at each scrape of /metrics: the outbox's backlog and the
WebSocket bridge's connection, per venue. They describe shared state, so every instance
exports the same values (aggregate them with max, not sum)."""
import logging
from datetime import timedelta

from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from ..models import DojoSettings, DojoSyncState, OutboxEvent

logger = logging.getLogger(__name__)

Status = OutboxEvent.Status
# The bridge beats every BRIDGE_HEARTBEAT_SECONDS; missing three beats means it is gone.
BRIDGE_HEARTBEAT_SECONDS = 10.0
BRIDGE_STALE_AFTER = timedelta(seconds=3 * BRIDGE_HEARTBEAT_SECONDS)


def bridge_connected(state: DojoSyncState, now) -> bool:
    """Connected by its last report, and still beating (a killed bridge reports nothing)."""
    return (
        state.bridge_state == DojoSyncState.BridgeState.CONNECTED
        and state.bridge_seen_at is not None
        and now - state.bridge_seen_at < BRIDGE_STALE_AFTER
    )


class DojoStateCollector:
    def collect(self):
        try:
            families = self._families()
        except DatabaseError:
            logger.warning("The Dojo gauges were left out of this scrape: the database does not answer", exc_info=True)
            return []
        return families

    @staticmethod
    def _families() -> list[GaugeMetricFamily]:
        now = timezone.now()
        pending = GaugeMetricFamily(
            "posbackoffice_outbox_pending_events", "POS events waiting to be delivered to Dojo, by venue.", labels=["venue"]
        )
        oldest = GaugeMetricFamily(
            "posbackoffice_outbox_oldest_pending_age_seconds",
            "Age of the oldest POS event waiting to be delivered (0 when none waits), by venue.",
            labels=["venue"],
        )
        failed = GaugeMetricFamily(
            "posbackoffice_outbox_failed_events",
            "POS events whose delivery stopped on a permanent error, until retried, by venue.",
            labels=["venue"],
        )
        backlog = {
            (row["venue__slug"], row["status"]): row
            for row in OutboxEvent.objects.filter(status__in=[Status.PENDING, Status.FAILED])
            .values("venue__slug", "status")
            .annotate(count=Count("pk"), oldest=Min("created_at"))
        }
        venues = set(DojoSettings.objects.values_list("venue__slug", flat=True)) | {slug for slug, _ in backlog}
        for venue in sorted(venues - {None}):  # None: rows of a venue being deleted
            waiting = backlog.get((venue, Status.PENDING))
            pending.add_metric([venue], waiting["count"] if waiting else 0)
            oldest.add_metric([venue], (now - waiting["oldest"]).total_seconds() if waiting else 0)
            stopped = backlog.get((venue, Status.FAILED))
            failed.add_metric([venue], stopped["count"] if stopped else 0)
        connected = GaugeMetricFamily(
            "posbackoffice_dojo_bridge_connected",
            "1 while the venue's WebSocket bridge is connected to Dojo and beating, else 0 (venues that use the bridge).",
            labels=["venue"],
        )
        for state in DojoSyncState.objects.exclude(bridge_state="").select_related("venue"):
            connected.add_metric([state.venue.slug], 1 if bridge_connected(state, now) else 0)
        return [pending, oldest, failed, connected]

"""Reading what the "Dojo sync" page shows of one venue, in a fixed number of queries."""
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone

from floorplan.models import Venue

from ..bridge.dispatch import served_ws_capabilities
from ..models import DeliveryAttempt, DojoSettings, DojoSyncState, EposCredential, OutboxEvent
from ..rest.capabilities import served_rest_capabilities
from .collector import bridge_connected

Status = OutboxEvent.Status
RECENT = 10


@dataclass(frozen=True)
class VenueSyncStatus:
    venue: Venue
    dojo_settings: DojoSettings | None
    credential: EposCredential | None
    state: DojoSyncState | None
    pending_count: int
    oldest_pending_at: datetime | None
    failed_count: int
    undelivered: list[OutboxEvent]  # stopped on a permanent error, or waiting to retry after one
    last_delivered: OutboxEvent | None
    recent_failures: list[DeliveryAttempt]  # the attempts Dojo refused or never answered
    bridge_connected: bool | None  # None: the venue has never used the bridge
    unregistered_capabilities: list[str]  # served now, missing from the last registration

    @property
    def registered(self) -> bool:
        return self.state is not None and self.state.registered_at is not None


def _unregistered(state: DojoSyncState | None) -> list[str]:
    if state is None or state.registered_at is None:
        return []
    served = served_ws_capabilities() if state.registered_transport == DojoSyncState.Transport.WS else served_rest_capabilities()
    return sorted(set(served) - set(state.registered_capabilities))


def venue_sync_status(*, venue: Venue, recent: int = RECENT) -> VenueSyncStatus:
    state = DojoSyncState.objects.filter(venue=venue).first()
    events = OutboxEvent.objects.filter(venue=venue)
    backlog = events.aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        oldest=Min("created_at", filter=Q(status=Status.PENDING)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
    )
    undelivered = events.filter(Q(status=Status.FAILED) | Q(status=Status.PENDING, attempts__gt=0))
    return VenueSyncStatus(
        venue=venue,
        dojo_settings=DojoSettings.objects.filter(venue=venue).first(),
        credential=EposCredential.objects.filter(venue=venue).first(),
        state=state,
        pending_count=backlog["pending"],
        oldest_pending_at=backlog["oldest"],
        failed_count=backlog["failed"],
        undelivered=list(undelivered.order_by("-changed_at", "-pk")[:recent]),
        last_delivered=events.filter(status=Status.DELIVERED).order_by("-delivered_at", "-pk").first(),
        recent_failures=list(
            DeliveryAttempt.objects.filter(event__venue=venue)
            .exclude(outcome=DeliveryAttempt.Outcome.DELIVERED)
            .select_related("event")
            .order_by("-started_at", "-pk")[:recent]
        ),
        bridge_connected=bridge_connected(state, timezone.now()) if state and state.bridge_state else None,
        unregistered_capabilities=_unregistered(state),
    )

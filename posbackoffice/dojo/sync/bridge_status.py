"""The WebSocket bridge reporting its connection: to the "Dojo sync" page (the venue's
`DojoSyncState`, with a heartbeat while connected, so that a killed bridge shows as gone)
and to the reconnects metric.

The bridge runs on an event loop; the database is reached from a worker thread.
"""
import asyncio
import logging
from contextlib import asynccontextmanager

from asgiref.sync import sync_to_async
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from floorplan.models import Venue
from posbackoffice.observability.metrics import BRIDGE_RECONNECTS

from ..models import DojoSyncState
from .collector import BRIDGE_HEARTBEAT_SECONDS
from .recording import bridge_reconnect_count, sync_state_update

logger = logging.getLogger("posbackoffice.dojo.bridge")

State = DojoSyncState.BridgeState


class BridgeStatus:
    def __init__(self, *, venue_id: int, heartbeat_seconds: float = BRIDGE_HEARTBEAT_SECONDS):
        self.venue_id = venue_id
        self.heartbeat_seconds = heartbeat_seconds
        self._venue_slug: str | None = None

    @asynccontextmanager
    async def connected(self):
        """Around the time a connection is open: connected, beating, then disconnected."""
        now = timezone.now()
        await self._record(bridge_state=State.CONNECTED, bridge_state_since=now, bridge_seen_at=now)
        beating = asyncio.create_task(self._beat())
        try:
            yield
        finally:
            beating.cancel()
            await self._record(bridge_state=State.DISCONNECTED, bridge_state_since=timezone.now())

    async def failed(self, error: str, *, refused: bool = False) -> None:
        """A connection attempt failed (Dojo refused the handshake when `refused`)."""
        fields = {"bridge_last_error": error[:2000]}
        if refused:
            fields.update(bridge_state=State.REFUSED, bridge_state_since=timezone.now())
        await self._record(**fields)

    async def reconnecting(self) -> None:
        await self._record(reconnected=True)

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            await self._record(bridge_seen_at=timezone.now())

    async def _record(self, *, reconnected: bool = False, **fields) -> None:
        await sync_to_async(self._record_in_thread, thread_sensitive=False)(reconnected, fields)

    def _record_in_thread(self, reconnected: bool, fields: dict) -> None:
        close_old_connections()
        try:
            if reconnected:
                BRIDGE_RECONNECTS.labels(self._venue_label()).inc()
                bridge_reconnect_count(venue_id=self.venue_id)
            else:
                sync_state_update(venue_id=self.venue_id, **fields)
        finally:
            close_old_connections()

    def _venue_label(self) -> str:
        if self._venue_slug is None:
            try:
                self._venue_slug = Venue.objects.filter(pk=self.venue_id).values_list("slug", flat=True).get()
            except (DatabaseError, Venue.DoesNotExist):
                return str(self.venue_id)
        return self._venue_slug

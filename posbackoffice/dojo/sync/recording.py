"""Writing a venue's `DojoSyncState` row. Recording is a side channel: a failure to write is
logged and never fails the call, the registration or the bridge it describes, which is why
it runs outside their transactions."""
import logging
import time

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import DojoSyncState

logger = logging.getLogger(__name__)

Transport = DojoSyncState.Transport
OK = "ok"

# A venue's successful calls are recorded at most this often by one process, so that Dojo's
# reads do not each pay a write; a refused or failed call is always recorded at once.
OK_CALL_RECORD_INTERVAL = 5.0
_ok_call_recorded_at: dict[int, float] = {}


def _ok_call_recorded_lately(venue_id: int) -> bool:
    now = time.monotonic()
    if now - _ok_call_recorded_at.get(venue_id, float("-inf")) < OK_CALL_RECORD_INTERVAL:
        return True
    _ok_call_recorded_at[venue_id] = now
    return False


def sync_state_update(*, venue_id: int, **fields) -> None:
    """Set fields of the venue's row, creating it the first time, in one statement (an
    upsert). Call it outside transactions (its callers do): a failure is only logged."""
    try:
        DojoSyncState.objects.bulk_create(
            [DojoSyncState(venue_id=venue_id, **fields)],
            update_conflicts=True,
            unique_fields=["venue"],
            update_fields=list(fields),
        )
    except DatabaseError:
        logger.warning("Could not record the Dojo sync state of venue %s", venue_id, exc_info=True)


def bridge_reconnect_count(*, venue_id: int) -> None:
    try:
        with transaction.atomic():
            DojoSyncState.objects.get_or_create(venue_id=venue_id)
            DojoSyncState.objects.filter(venue_id=venue_id).update(bridge_reconnects=F("bridge_reconnects") + 1)
    except DatabaseError:
        logger.warning("Could not count a reconnection of the bridge of venue %s", venue_id, exc_info=True)


def epos_call_record(
    *, venue_id: int, capability: str, transport: str, outcome: str, trace_id: str, message: str = ""
) -> None:
    """The call Dojo just made; a refused or failed one is also kept as the last failure. A
    successful one is left out when this process recorded one for the venue moments ago."""
    if outcome == OK and _ok_call_recorded_lately(venue_id):
        return
    now = timezone.now()
    fields = {
        "last_call_at": now,
        "last_call_capability": capability,
        "last_call_transport": transport,
        "last_call_outcome": outcome,
        "last_call_trace_id": trace_id,
    }
    if outcome != OK:
        fields.update(
            last_failure_at=now,
            last_failure_capability=capability,
            last_failure_transport=transport,
            last_failure_outcome=outcome,
            last_failure_message=message[:2000],
            last_failure_trace_id=trace_id,
        )
    sync_state_update(venue_id=venue_id, **fields)


def integration_record(*, venue_id: int, transport: str, capabilities: list[str]) -> None:
    """Dojo accepted a registration of these capabilities over this transport."""
    sync_state_update(
        venue_id=venue_id,
        registered_at=timezone.now(),
        registered_transport=transport,
        registered_capabilities=sorted(capabilities),
    )

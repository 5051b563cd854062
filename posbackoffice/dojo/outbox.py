"""The transactional outbox of POS events: recording, claiming, delivering, sweeping.

A change on the POS writes (or bumps) an `OutboxEvent` row in its own transaction, so
an event exists exactly when the change committed. Delivery is at-least-once: a row is
claimed under a lease, posted to Dojo, and marked delivered only after Dojo accepted
it. Transient failures (no connection, timeouts, 408, 429, 5xx) are retried with
exponential backoff and jitter; any other 4xx stops and keeps the error. The Celery
task, the relay of the embedded mode and `deliver_events` all deliver through here.
"""
import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .apikeys import ApiKeyUnreadable
from .client import DojoClient, DojoError, DojoHTTPError
from .models import DeliveryAttempt, DojoSettings, OutboxEvent
from .sync.observe import pos_event_attempted, pos_event_recorded

logger = logging.getLogger(__name__)

Status = OutboxEvent.Status
Outcome = DeliveryAttempt.Outcome


def broker_enabled() -> bool:
    """False in the embedded mode, where the database is the queue and the relay delivers."""
    return not settings.CELERY_TASK_ALWAYS_EAGER


def lease_seconds() -> float:
    """Long enough for one request to time out, so a live delivery is never claimed twice."""
    return settings.DOJO_HTTP_CONNECT_TIMEOUT + settings.DOJO_HTTP_READ_TIMEOUT + 5


def backoff_delay(attempts: int, *, retry_after: float | None = None) -> float:
    """Seconds to wait after the `attempts`-th failure: doubling from DOJO_RETRY_BASE_SECONDS,
    capped at DOJO_RETRY_MAX_SECONDS, with "equal jitter" (between half and all of it) so
    that events failing together do not retry together. A 429's Retry-After is honoured
    up to the cap."""
    ceiling = min(settings.DOJO_RETRY_MAX_SECONDS, settings.DOJO_RETRY_BASE_SECONDS * 2 ** (attempts - 1))
    delay = ceiling / 2 + random.uniform(0, ceiling / 2)
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.DOJO_RETRY_MAX_SECONDS))
    return delay


# One statement: a new pending row, or the pending row's version bumped, for a venue that
# has Dojo settings (none otherwise). The partial unique index of pending rows arbitrates
# between concurrent transactions, so neither a savepoint nor a retry is needed. A new row
# is the one returned with version 1. The conflict's condition is the index's own, written
# as a literal: SQLite matches a partial index only by its text.
_RECORD = """
    INSERT INTO {events} (venue_id, event_type, entity_id, status, version, attempts, next_attempt_at,
                          last_error, created_at, changed_at)
    SELECT %(venue_id)s, %(event_type)s, %(entity_id)s, %(pending)s, 1, 0, %(now)s, '', %(now)s, %(now)s
    WHERE EXISTS (SELECT 1 FROM {settings} WHERE venue_id = %(venue_id)s)
    ON CONFLICT (venue_id, event_type, entity_id) WHERE status = '{pending}'
    DO UPDATE SET version = {events}.version + 1, changed_at = excluded.changed_at
    RETURNING id, version
""".format(events=OutboxEvent._meta.db_table, settings=DojoSettings._meta.db_table, pending=Status.PENDING)


def outbox_record(*, venue_id: int, event_type: str, entity_id: str) -> int | None:
    """Record that an entity of a venue connected to Dojo changed, inside the caller's
    transaction. Returns the ID of the new pending row (whose delivery must be queued), or
    None when the change coalesced into a pending row or the venue has no Dojo settings."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = {"venue_id": venue_id, "event_type": event_type, "entity_id": entity_id, "pending": Status.PENDING, "now": now}
    with connection.cursor() as cursor:
        cursor.execute(_RECORD, params)
        row = cursor.fetchone()
    if row is None:
        return None
    pos_event_recorded(event_type=event_type)
    event_id, version = row
    return event_id if version == 1 else None


def outbox_claim(
    *, limit: int, event_id: int | None = None, due_only: bool = True, exclude_ids=()
) -> list[OutboxEvent]:
    """Lease up to `limit` pending rows that nobody is delivering. Rows locked by another
    claimer are skipped rather than waited for (`skip_locked`, PostgreSQL)."""
    now = timezone.now()
    with transaction.atomic():
        rows = OutboxEvent.objects.select_for_update(skip_locked=True).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now), status=Status.PENDING
        )
        if due_only:
            rows = rows.filter(next_attempt_at__lte=now)
        if event_id is not None:
            rows = rows.filter(pk=event_id)
        if exclude_ids:
            rows = rows.exclude(pk__in=exclude_ids)
        events = list(rows.order_by("next_attempt_at", "pk")[:limit])
        lease = now + timedelta(seconds=lease_seconds())
        OutboxEvent.objects.filter(pk__in=[event.pk for event in events]).update(locked_until=lease)
    return events


@dataclass(frozen=True)
class DeliveryResult:
    outcome: str
    retry_in: float | None  # seconds until the next attempt; None when nothing is left to do


def outbox_deliver(*, event: OutboxEvent) -> DeliveryResult | None:
    """Post one claimed event to Dojo and record the attempt. None when the row vanished."""
    started_at, clock = timezone.now(), time.monotonic()
    error = _post(event)
    duration_ms = int((time.monotonic() - clock) * 1000)
    with transaction.atomic():
        if not OutboxEvent.objects.filter(pk=event.pk).exists():
            return None
        result = _settle(event, error)
        DeliveryAttempt.objects.create(
            event_id=event.pk,
            started_at=started_at,
            duration_ms=duration_ms,
            http_status=_status_of(error),
            outcome=_attempt_outcome(error),
            error=str(error or ""),
        )
    _log(event, error, result)
    pos_event_attempted(event_type=event.event_type, error=error)
    return result


def _post(event: OutboxEvent) -> Exception | None:
    dojo_settings = DojoSettings.objects.filter(venue_id=event.venue_id).first()
    if dojo_settings is None:
        return DojoError("The venue has no Dojo settings.")
    try:
        DojoClient.for_settings(dojo_settings).post_event(event.wire_body)
    except (DojoError, ApiKeyUnreadable) as exc:
        return exc
    return None


def _status_of(error: Exception | None) -> int | None:
    if error is None:
        return 200
    return error.status if isinstance(error, DojoHTTPError) else None


def _attempt_outcome(error: Exception | None) -> str:
    if error is None:
        return Outcome.DELIVERED
    return Outcome.RETRY if getattr(error, "transient", False) else Outcome.FAILED


def _settle(event: OutboxEvent, error: Exception | None) -> DeliveryResult:
    """Move the row on after an attempt. Finishing it (delivered or failed) requires the
    version claimed; if a change coalesced in meanwhile, the row stays pending and is
    sent again at once, since Dojo may have read the state before that change."""
    now = timezone.now()
    row = OutboxEvent.objects.filter(pk=event.pk)
    common = {"attempts": F("attempts") + 1, "locked_until": None}
    if error is not None and getattr(error, "transient", False):
        delay = backoff_delay(event.attempts + 1, retry_after=getattr(error, "retry_after", None))
        row.update(**common, next_attempt_at=now + timedelta(seconds=delay), last_error=str(error))
        return DeliveryResult(Outcome.RETRY, delay)
    final = {"status": Status.DELIVERED, "delivered_at": now, "last_error": ""}
    if error is not None:
        final = {"status": Status.FAILED, "last_error": str(error)}
    if row.filter(version=event.version, status=Status.PENDING).update(**common, **final):
        return DeliveryResult(final["status"], None)
    row.update(**common, next_attempt_at=now)
    return DeliveryResult(Outcome.RETRY, 0.0)


def _log(event: OutboxEvent, error: Exception | None, result: DeliveryResult) -> None:
    if error is None:
        logger.info("Delivered %s %s (outbox %s)", event.event_type, event.entity_id, event.pk)
    else:
        logger.warning(
            "Delivering %s %s (outbox %s) failed: %s; %s",
            event.event_type, event.entity_id, event.pk, error,
            "giving up" if result.retry_in is None else f"retrying in {result.retry_in:.1f}s",
        )


def outbox_deliver_claimed(*, limit: int, due_only: bool = True, exclude_ids=()) -> list[int]:
    """Claim up to `limit` rows and deliver them one by one; returns the IDs attempted."""
    events = outbox_claim(limit=limit, due_only=due_only, exclude_ids=exclude_ids)
    for event in events:
        outbox_deliver(event=event)
    return [event.pk for event in events]


def outbox_deliver_all_pending(*, batch_size: int = 100) -> int:
    """Give every pending row one attempt now, backoff or not; returns how many were tried."""
    attempted: list[int] = []
    while batch := outbox_deliver_claimed(limit=batch_size, due_only=False, exclude_ids=attempted):
        attempted.extend(batch)
    return len(attempted)


def outbox_overdue_ids(*, grace_seconds: float, limit: int = 1000) -> list[int]:
    """Pending rows whose delivery should have started more than `grace_seconds` ago and that
    nobody holds: their task was lost (broker down at commit, worker killed mid-task)."""
    now = timezone.now()
    return list(
        OutboxEvent.objects.filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now),
            status=Status.PENDING,
            next_attempt_at__lte=now - timedelta(seconds=grace_seconds),
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_purge(*, older_than: timedelta, batch_size: int = 1000) -> int:
    """Delete delivered rows (and their attempts) delivered before `older_than` ago."""
    cutoff = timezone.now() - older_than
    purged = 0
    while ids := list(
        OutboxEvent.objects.filter(status=Status.DELIVERED, delivered_at__lt=cutoff).values_list("pk", flat=True)[
            :batch_size
        ]
    ):
        OutboxEvent.objects.filter(pk__in=ids).delete()
        purged += len(ids)
    return purged


def outbox_retry(*, event: OutboxEvent) -> bool:
    """Make a failed or waiting row due now. False when it is delivered, being delivered,
    or the entity already has another pending row (which carries the latest state anyway)."""
    try:
        with transaction.atomic():
            now = timezone.now()
            return bool(OutboxEvent.objects.filter(
                Q(locked_until__isnull=True) | Q(locked_until__lt=now), pk=event.pk, status__in=[Status.PENDING, Status.FAILED]
            ).update(
                status=Status.PENDING, next_attempt_at=now, locked_until=None
            ))
    except IntegrityError:
        return False

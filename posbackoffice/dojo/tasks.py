"""Celery tasks delivering the outbox. Each takes an ID at most: no event data and never
an API key travels through the broker."""
import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from kombu.exceptions import OperationalError

from .outbox import outbox_claim, outbox_deliver, outbox_overdue_ids, outbox_purge

logger = logging.getLogger(__name__)

# A broker that is down must not hold a request up: one quick retry, then the sweeper.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.1, "interval_step": 0, "interval_max": 0.1}


def enqueue_delivery(event_id: int, *, countdown: float = 0) -> bool:
    """Queue the delivery of one outbox row. Failing to publish is logged, not raised:
    the row is in the database and the sweeper queues it again."""
    try:
        deliver_event.apply_async((event_id,), countdown=countdown, retry_policy=PUBLISH_RETRY_POLICY)
    except OperationalError as exc:
        logger.warning("Could not queue delivery of outbox %s (the sweeper will): %s", event_id, exc)
        return False
    return True


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90, ignore_result=True)
def deliver_event(event_id: int) -> None:
    """Deliver one outbox row if it is still pending and nobody else holds it; queue the
    next attempt when it must be retried."""
    for event in outbox_claim(limit=1, event_id=event_id, due_only=False):
        result = outbox_deliver(event=event)
        if result is not None and result.retry_in is not None:
            enqueue_delivery(event_id, countdown=result.retry_in)


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Queue again every pending row whose task was lost. Run by Celery beat."""
    ids = outbox_overdue_ids(grace_seconds=settings.DOJO_OUTBOX_SWEEP_GRACE_SECONDS)
    for event_id in ids:
        enqueue_delivery(event_id)
    if ids:
        logger.info("Re-queued %d overdue outbox events", len(ids))
    return len(ids)


@shared_task(ignore_result=True)
def purge_outbox() -> int:
    """Delete delivered rows older than DOJO_OUTBOX_RETENTION_DAYS. Run by Celery beat."""
    return outbox_purge(older_than=timedelta(days=settings.DOJO_OUTBOX_RETENTION_DAYS))

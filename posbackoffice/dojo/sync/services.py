"""The one action of the "Dojo sync" page (and of the outbox admin): retry deliveries now."""
from ..models import OutboxEvent
from ..outbox import broker_enabled, outbox_retry
from ..tasks import enqueue_delivery


def outbox_events_retry_now(*, events) -> int:
    """Make each failed or waiting event due now and, with a broker, queue its delivery
    (otherwise the relay takes it); returns how many will be retried. Delivered events,
    and events being delivered right now, are left alone."""
    retried: list[OutboxEvent] = [event for event in events if outbox_retry(event=event)]
    if broker_enabled():
        for event in retried:
            enqueue_delivery(event.pk)
    return len(retried)

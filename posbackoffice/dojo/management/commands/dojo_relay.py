import logging
import signal
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from ...models import OutboxEvent
from ...outbox import broker_enabled, outbox_deliver_claimed, outbox_purge

BATCH_SIZE = 50
PURGE_EVERY_SECONDS = 3600

logger = logging.getLogger(__name__)


def _anything_due() -> bool:
    """A plain read first, so an idle relay never takes SQLite's write lock."""
    return OutboxEvent.objects.filter(
        status=OutboxEvent.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).exists()


class Command(BaseCommand):
    help = (
        "Embedded mode (no REDIS_URL): deliver POS events straight from the database as they "
        "become due, with the same retry rules as the Celery worker. Runs beside the web server."
    )

    def handle(self, *args, **options):
        if broker_enabled():
            self.stdout.write("REDIS_URL is set: the Celery worker delivers POS events; the relay is not needed.")
            return
        stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopping.set())
        self.stdout.write("Relaying POS events to Dojo from the database (Ctrl-C to stop).")
        relay_until(stopping)


def relay_until(stopping: threading.Event) -> None:
    """Deliver due rows as they appear, and purge old delivered ones hourly, until stopped."""
    next_purge = 0.0
    while not stopping.is_set():
        close_old_connections()
        try:
            if time.monotonic() >= next_purge:
                outbox_purge(older_than=timedelta(days=settings.DOJO_OUTBOX_RETENTION_DAYS))
                next_purge = time.monotonic() + PURGE_EVERY_SECONDS
            busy = _anything_due() and outbox_deliver_claimed(limit=BATCH_SIZE)
        except DatabaseError:
            # A locked or restarting database must not end the relay: rows wait, and a
            # claimed row's lease expires so it is taken again.
            logger.exception("The relay could not reach the outbox; trying again")
            busy = False
        if not busy:
            stopping.wait(settings.DOJO_RELAY_POLL_SECONDS)
    close_old_connections()

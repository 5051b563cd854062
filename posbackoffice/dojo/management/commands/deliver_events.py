from django.core.management.base import BaseCommand
from django.db.models import Count

from ...models import OutboxEvent
from ...outbox import outbox_deliver_all_pending


class Command(BaseCommand):
    help = "Give every pending POS event one delivery attempt now, then report what is left."

    def handle(self, *args, **options):
        attempted = outbox_deliver_all_pending()
        left = dict(
            OutboxEvent.objects.exclude(status=OutboxEvent.Status.DELIVERED)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        self.stdout.write(
            f"Attempted {attempted} events; still pending: {left.get('pending', 0)}, "
            f"failed permanently: {left.get('failed', 0)}."
        )

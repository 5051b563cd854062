import asyncio
import signal

from django.core.management.base import BaseCommand, CommandError

from posbackoffice.kernel.errors import DomainError

from ...apikeys import ApiKeyUnreadable
from ...bridge.connection import Bridge, Refused
from ...bridge.endpoint import endpoint_for
from ._venue import venue_by_slug


class Command(BaseCommand):
    help = (
        "Keep the venue's WebSocket to Dojo open and answer the EPOS Data API requests Dojo sends "
        "over it, reconnecting when it drops; the venue's Dojo settings (dojo_config) give the API "
        "key and IDs. SIGTERM or SIGINT closes it cleanly."
    )

    def add_arguments(self, parser):
        parser.add_argument("venue_slug")
        parser.add_argument("--url", help="Dojo's WebSocket endpoint (default: the DOJO_WS_URL setting).")

    def handle(self, *args, venue_slug, url, **options):
        venue = venue_by_slug(venue_slug)
        try:
            endpoint = endpoint_for(venue=venue, url=url)
        except (DomainError, ApiKeyUnreadable) as exc:
            raise CommandError(str(exc)) from exc
        bridge = Bridge(venue_id=venue.pk, endpoint=endpoint)
        self.stdout.write(f"Connecting {venue.name} to Dojo at {endpoint.url}")
        try:
            asyncio.run(run_until_signalled(bridge))
        except Refused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Connection to Dojo closed.")


async def run_until_signalled(bridge: Bridge) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, bridge.stop)
    try:
        await bridge.run()
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)

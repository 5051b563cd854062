import asyncio
import os
import signal

from django.core.management.base import BaseCommand, CommandError
from websockets.exceptions import InvalidURI
from websockets.uri import parse_uri

from floorplan.models import Venue

from ...bridge.connection import DEFAULT_URL, Bridge, Endpoint, Refused


class Command(BaseCommand):
    help = (
        "Keep the venue's WebSocket to Dojo open and answer the EPOS Data API requests Dojo sends "
        "over it, reconnecting when it drops. SIGTERM or SIGINT closes it cleanly."
    )

    def add_arguments(self, parser):
        parser.add_argument("venue_slug")
        parser.add_argument("--url", help=f"Dojo's WebSocket endpoint (default {DEFAULT_URL}).")
        parser.add_argument("--software-house-id", default=os.environ.get("DOJO_SOFTWARE_HOUSE_ID", ""))
        parser.add_argument("--reseller-id", default=os.environ.get("DOJO_RESELLER_ID", ""))

    def handle(self, *args, venue_slug, url, software_house_id, reseller_id, **options):
        venue = Venue.objects.filter(slug=venue_slug).first()
        if venue is None:
            raise CommandError(f"No venue with slug {venue_slug!r}.")
        api_key = os.environ.get("DOJO_API_KEY", "")
        if not api_key or not software_house_id:
            raise CommandError("Set DOJO_API_KEY and DOJO_SOFTWARE_HOUSE_ID (or --software-house-id).")
        url = url or DEFAULT_URL
        try:
            parse_uri(url)
        except InvalidURI as exc:
            raise CommandError(str(exc)) from exc
        endpoint = Endpoint(url=url, api_key=api_key, software_house_id=software_house_id, reseller_id=reseller_id)
        bridge = Bridge(venue_id=venue.pk, endpoint=endpoint)
        self.stdout.write(f"Connecting {venue.name} to Dojo at {url}")
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

import json

from django.core.management.base import BaseCommand, CommandError

from posbackoffice.kernel.errors import DomainError

from ...apikeys import ApiKeyUnreadable
from ...client import DojoError
from ...registration import integrations_get, rest_integration_register, ws_integration_register
from ._venue import venue_by_slug


class Command(BaseCommand):
    help = (
        "Register the venue's EPOS Data API with Dojo (PUT /epos/integrations/rest): every capability "
        "served and fresh EPOS Basic credentials, which replace the venue's current ones once Dojo "
        "accepts them. --ws registers the WebSocket integration instead (PUT /epos/integrations/ws), for a "
        "venue served by `dojo_ws`. --show prints what Dojo has registered."
    )

    def add_arguments(self, parser):
        parser.add_argument("venue_slug")
        parser.add_argument("--url", help="Public URL of this back office's EPOS Data API, e.g. https://HOST/epos")
        parser.add_argument("--ws", action="store_true", help="Register the WebSocket capabilities instead.")
        parser.add_argument("--show", action="store_true", help="Print Dojo's registered integrations instead.")

    def handle(self, *args, venue_slug, url, ws, show, **options):
        venue = venue_by_slug(venue_slug)
        try:
            if show:
                answer = integrations_get(venue=venue)
            elif ws:
                answer = ws_integration_register(venue=venue)
            else:
                answer = rest_integration_register(venue=venue, epos_url=url)
        except (DomainError, DojoError, ApiKeyUnreadable) as exc:
            raise CommandError(str(exc)) from exc
        if not show:
            self.stdout.write(f"Registered the {'WebSocket' if ws else 'REST'} integration of {venue.name} with Dojo.")
        self.stdout.write(json.dumps(answer, indent=2))

from django.core.management.base import BaseCommand, CommandError

from floorplan.models import Venue
from posbackoffice.kernel.errors import DomainError

from ...credentials import epos_credential_set


class Command(BaseCommand):
    help = "Set the HTTP Basic credentials Dojo uses to call this venue's EPOS Data API."

    def add_arguments(self, parser):
        parser.add_argument("venue_slug")
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", help="At least 24 characters. Generated and printed when omitted.")

    def handle(self, *args, venue_slug, username, password, **options):
        venue = Venue.objects.filter(slug=venue_slug).first()
        if venue is None:
            raise CommandError(f"No venue with slug {venue_slug!r}.")
        try:
            credential, plain = epos_credential_set(venue=venue, username=username, password=password)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"EPOS credentials for {venue.name} set: username {credential.username}")
        if password is None:
            self.stdout.write(f"Generated password (shown once, give it to Dojo): {plain}")

from django.core.management.base import BaseCommand, CommandError

from floorplan.models import Venue
from posbackoffice.kernel.errors import DomainError

from ...staff import staff_add


class Command(BaseCommand):
    help = "Create a staff login for a venue's floor view (or add an existing user to the venue's staff)."

    def add_arguments(self, parser):
        parser.add_argument("venue_slug")
        parser.add_argument("username")
        parser.add_argument("--password", required=True)

    def handle(self, *args, venue_slug, username, password, **options):
        venue = Venue.objects.filter(slug=venue_slug).first()
        if venue is None:
            raise CommandError(f"No venue with slug {venue_slug!r}.")
        try:
            user, created = staff_add(venue=venue, username=username, password=password)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {user.get_username()}, on the staff of {venue.name}.")

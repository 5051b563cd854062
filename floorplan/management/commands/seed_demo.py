from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from floorplan.demo import demo_venue_seed
from orders.demo import demo_menu_seed


class Command(BaseCommand):
    help = (
        "Create the demo venue (slug 'demo'): three areas, 24 tables, waiters, a small menu and a staff login. "
        "Creates only what is missing; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Where the back office is served, for the login URL."
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even with DEBUG off. The demo login's password is public: never on a real deployment.",
        )

    def handle(self, *args, base_url, allow_without_debug, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "DEBUG is off: this looks like a real deployment, and the demo login's password is public. "
                "Pass --allow-without-debug to seed anyway."
            )
        login = demo_venue_seed()
        venue = login.venue
        dishes = demo_menu_seed(venue=venue, managers=venue.staff.filter(username=login.username))
        self.stdout.write(
            f"Demo venue “{venue.name}” (slug {venue.slug}): {venue.areas.count()} areas, "
            f"{venue.tables.count()} tables, {venue.waiters.count()} waiters, {dishes} dishes on the menu."
        )
        self.stdout.write(f"Log in at {base_url.rstrip('/')}{reverse('admin:index')}")
        self.stdout.write(f"  username: {login.username}")
        self.stdout.write(f"  password: {login.password}")

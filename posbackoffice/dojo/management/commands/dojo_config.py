from django.core.management.base import BaseCommand, CommandError

from posbackoffice.kernel.errors import DomainError

from ...config import dojo_settings_set
from ._venue import venue_by_slug


class Command(BaseCommand):
    help = "Set how a venue reaches the Dojo API: API key, software-house ID, reseller ID, base URL."

    def add_arguments(self, parser):
        parser.add_argument("venue_slug")
        parser.add_argument("--api-key", help="The venue's Dojo secret key (sk_sandbox_... or sk_prod_...).")
        parser.add_argument("--software-house-id")
        parser.add_argument("--reseller-id")
        parser.add_argument("--base-url", help="Default https://api.dojo.tech")

    def handle(self, *args, venue_slug, api_key, software_house_id, reseller_id, base_url, **options):
        venue = venue_by_slug(venue_slug)
        try:
            dojo_settings = dojo_settings_set(
                venue=venue,
                api_key=api_key,
                software_house_id=software_house_id,
                reseller_id=reseller_id,
                base_url=base_url,
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Dojo settings for {venue.name}: API key {dojo_settings.masked_api_key or '(set)'}, "
            f"software house {dojo_settings.software_house_id}, "
            f"reseller {dojo_settings.reseller_id or '(none)'}, base URL {dojo_settings.base_url}"
        )

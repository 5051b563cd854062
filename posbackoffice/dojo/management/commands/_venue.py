from django.core.management.base import CommandError

from floorplan.models import Venue


def venue_by_slug(slug: str) -> Venue:
    venue = Venue.objects.filter(slug=slug).first()
    if venue is None:
        raise CommandError(f"No venue with slug {slug!r}.")
    return venue

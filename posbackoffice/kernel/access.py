"""Which venues a user may see: one rule for the admin, the floor and every other screen.

A superuser sees every venue; any other active user sees the venues they are staff of
(`Venue.staff`); nobody else sees any. The rule is a `Q` so that it filters venues and
anything that belongs to one alike, without the kernel importing the venue model.
"""
from django.db.models import Q

NOTHING = Q(pk__in=[])


def visible_venues(user, *, via: str = "") -> Q:
    """Filter for rows the user may see: venues (`via=""`) or rows reaching their venue
    through the lookup `via` (`"venue__"` for a row with a `venue` field)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    return Q(**{f"{via}staff": user})

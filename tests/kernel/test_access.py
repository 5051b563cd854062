"""The one rule of which venues a user may see, as the admin and the floor apply it."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from floorplan.models import Venue
from frontdesk.staff import staff_venues
from frontdesk.versions import floor_version_of, venue_floor_version
from posbackoffice.kernel.access import visible_venues
from posbackoffice.kernel.admin import visible_rows

from ..factories import TableFactory, VenueFactory
from ..frontdesk.floors import reservations_version_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_venues():
    return VenueFactory(name="North"), VenueFactory(name="South")


def _user(username, **flags):
    return get_user_model().objects.create_user(username=username, password="pw-long-enough-1", **flags)


def test_staff_see_only_the_venues_they_are_staff_of(two_venues):
    north, south = two_venues
    user = _user("host")
    north.staff.add(user)

    assert list(Venue.objects.filter(visible_venues(user))) == [north]
    assert list(staff_venues(user=user)) == [north]


def test_a_superuser_sees_every_venue_on_the_floor_as_in_the_admin(two_venues):
    boss = _user("boss", is_superuser=True, is_staff=True)

    assert set(staff_venues(user=boss)) == set(two_venues)
    assert set(visible_rows(Venue, boss)) == set(two_venues)


@pytest.mark.parametrize("flags", [{"is_active": False}, {}])
def test_inactive_users_and_users_of_no_venue_see_nothing(two_venues, flags):
    user = _user("nobody", **flags)
    if flags:
        two_venues[0].staff.add(user)

    assert not staff_venues(user=user).exists()


def test_rows_of_a_venue_follow_the_same_rule(two_venues):
    north, south = two_venues
    ours, theirs = TableFactory(area__venue=north), TableFactory(area__venue=south)
    user = _user("host")
    north.staff.add(user)

    assert list(visible_rows(type(ours), user)) == [ours]
    assert theirs not in visible_rows(type(theirs), _user("other"))


def test_a_superuser_opens_any_venues_floor(client, two_venues):
    client.force_login(_user("boss", is_superuser=True, is_staff=True))

    response = client.get(reverse("frontdesk:venue-floor", args=[two_venues[1].slug]))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["staff", "superuser", "inactive staff", "staff elsewhere"])
def test_the_floors_poll_applies_the_same_rule_in_its_own_query(two_venues, who):
    """The poll's one query is compiled once, apart from the rule's `Q` (`venue_floor_version`):
    it finds a venue exactly when the rule does, with the venue's row and its floor's version."""
    north, south = two_venues
    user = _user(who.replace(" ", "-"), is_superuser=who == "superuser", is_active=who != "inactive staff")
    (south if who == "staff elsewhere" else north).staff.add(user)

    found = venue_floor_version(user=user, slug=north.slug)

    assert (found is not None) == staff_venues(user=user).filter(pk=north.pk).exists() == (who in ("staff", "superuser"))
    if found:
        venue, version, reservations_version = found
        assert (venue.pk, venue.name, venue.slug, venue.timezone, venue.currency) == (
            north.pk, north.name, north.slug, north.timezone, north.currency)
        assert (version, reservations_version) == (floor_version_of(north), reservations_version_of(north))
    assert venue_floor_version(user=user, slug="no-such-venue") is None

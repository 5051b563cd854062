"""`manage.py create_staff VENUE_SLUG USERNAME --password P`."""
import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from ..factories import VenueFactory

PASSWORD = "floor-staff-password-42"


@pytest.fixture
def lantern(db):
    return VenueFactory(name="The Lantern", slug="the-lantern")


def test_creates_a_user_on_the_venues_staff(lantern, capsys):
    call_command("create_staff", "the-lantern", "sam", "--password", PASSWORD)

    user = authenticate(username="sam", password=PASSWORD)
    assert user is not None
    assert list(user.venues.all()) == [lantern]
    assert "Created sam, on the staff of The Lantern." in capsys.readouterr().out


def test_adds_an_existing_user_to_another_venue_with_the_new_password(lantern):
    second = VenueFactory(slug="second")
    call_command("create_staff", "the-lantern", "sam", "--password", PASSWORD)

    call_command("create_staff", "second", "sam", "--password", PASSWORD + "-new")

    user = authenticate(username="sam", password=PASSWORD + "-new")
    assert set(user.venues.all()) == {lantern, second}


def test_refuses_an_unknown_venue(lantern):
    with pytest.raises(CommandError, match="No venue with slug 'nowhere'"):
        call_command("create_staff", "nowhere", "sam", "--password", PASSWORD)


def test_refuses_a_weak_password_and_creates_no_one(lantern, django_user_model):
    with pytest.raises(CommandError, match="too short"):
        call_command("create_staff", "the-lantern", "sam", "--password", "abc")

    assert not django_user_model.objects.filter(username="sam").exists()

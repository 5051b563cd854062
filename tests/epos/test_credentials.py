"""Setting the credentials Dojo calls with, and checking them."""
import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from posbackoffice.dojo.credentials import epos_credential_authenticate
from posbackoffice.dojo.models import EposCredential

from .conftest import basic_auth

pytestmark = pytest.mark.django_db


def test_the_command_generates_and_prints_a_password_that_then_works(venue, capsys):
    call_command("epos_credentials", venue.slug, "--username", "dojo-bistro")

    password = capsys.readouterr().out.split("give it to Dojo): ")[1].strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic_auth("dojo-bistro", password))
    assert client.get("/epos/v1/areas").status_code == 200


def test_only_a_hash_is_stored(venue):
    password = "a-long-enough-password-for-dojo-1234"

    call_command("epos_credentials", venue.slug, "--username", "dojo-bistro", "--password", password)

    stored = EposCredential.objects.get()
    assert password not in (stored.password_hash, stored.password_salt)
    assert epos_credential_authenticate(username="dojo-bistro", password=password) == stored
    assert epos_credential_authenticate(username="dojo-bistro", password=password + "x") is None


def test_setting_them_again_replaces_the_old_password(venue):
    call_command("epos_credentials", venue.slug, "--username", "dojo-bistro", "--password", "first-password-long-enough-000")
    call_command("epos_credentials", venue.slug, "--username", "dojo-bistro", "--password", "second-password-long-enough-00")

    assert epos_credential_authenticate(username="dojo-bistro", password="first-password-long-enough-000") is None
    assert EposCredential.objects.count() == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-venue", "--username", "u"], "No venue"),
        (["test-bistro", "--username", "u", "--password", "short"], "at least 24"),
        (["test-bistro", "--username", "a:b"], "must not contain"),
    ],
)
def test_bad_arguments_are_explained(venue, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("epos_credentials", *args)

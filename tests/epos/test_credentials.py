"""Setting the credentials Dojo calls with, and checking them."""
import hashlib
import hmac
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from posbackoffice.dojo import credentials
from posbackoffice.dojo.credentials import epos_credential_authenticate, epos_credential_set, password_prehash
from posbackoffice.dojo.models import EposCredential
from posbackoffice.kernel.errors import InvalidInput

from ..factories import VenueFactory
from .conftest import basic_auth

slow_hash_migration = importlib.import_module("posbackoffice.dojo.migrations.0003_epos_password_slow_hash")

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


def test_the_stored_hash_is_the_configured_slow_hasher_over_a_salted_hmac(venue):
    credential, password = epos_credential_set(venue=venue, username="dojo-bistro")

    assert identify_hasher(credential.password_hash).algorithm == get_hasher().algorithm
    assert check_password(password_prehash(credential.password_salt, password), credential.password_hash)


def test_credentials_stored_as_a_bare_hmac_keep_working_once_migrated(venue):
    # given credentials stored before the slow hash: the salted HMAC-SHA256 alone
    salt, password = "0123456789abcdef0123456789abcdef", "a-long-enough-password-for-dojo-1234"
    EposCredential.objects.create(venue=venue, username="dojo-old", password_salt=salt,
                                  password_hash=hmac.new(salt.encode(), password.encode(), hashlib.sha256).hexdigest())

    # when the migration wraps them
    slow_hash_migration.wrap_in_slow_hash(apps, schema_editor=None)

    # then the same password still works, and the stored value is a slow hash
    stored = EposCredential.objects.get()
    assert identify_hasher(stored.password_hash).algorithm == get_hasher().algorithm
    assert epos_credential_authenticate(username="dojo-old", password=password) == stored


@pytest.fixture
def slow_checks(monkeypatch):
    """Counts the slow hash checks authentication runs."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(args)
        return check_password(*args, **kwargs)

    monkeypatch.setattr(credentials, "check_password", counting)
    return calls


def test_a_verified_password_is_checked_slowly_once_per_process(venue, slow_checks):
    credential, password = epos_credential_set(venue=venue, username="dojo-bistro")

    results = [epos_credential_authenticate(username="dojo-bistro", password=password) for _ in range(5)]

    assert results == [credential] * 5
    assert len(slow_checks) == 1


def test_wrong_passwords_and_unknown_usernames_always_cost_a_slow_check(venue, slow_checks):
    epos_credential_set(venue=venue, username="dojo-bistro")

    for _ in range(3):
        assert epos_credential_authenticate(username="dojo-bistro", password="wrong-password-wrong-pw") is None
        assert epos_credential_authenticate(username="nobody", password="wrong-password-wrong-pw") is None

    assert len(slow_checks) == 6


def test_a_replaced_password_stops_working_at_once_though_it_was_remembered(venue):
    _, first = epos_credential_set(venue=venue, username="dojo-bistro")
    assert epos_credential_authenticate(username="dojo-bistro", password=first) is not None

    _, second = epos_credential_set(venue=venue, username="dojo-bistro")

    assert epos_credential_authenticate(username="dojo-bistro", password=first) is None
    assert epos_credential_authenticate(username="dojo-bistro", password=second) is not None


def test_a_username_taken_between_the_check_and_the_write_is_refused_cleanly(venue, monkeypatch):
    # given another venue holding the username, created after this venue's check ran
    other = VenueFactory(name="Other Place", slug="other-place")
    epos_credential_set(venue=other, username="dojo-shared")
    monkeypatch.setattr(credentials, "_username_taken", lambda username, venue: False)

    # when this venue writes it
    with pytest.raises(InvalidInput, match="already used by another venue"):
        epos_credential_set(venue=venue, username="dojo-shared")

    # then nothing of it was written
    assert list(EposCredential.objects.values_list("venue__slug", flat=True)) == ["other-place"]

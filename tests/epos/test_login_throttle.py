"""Guessing the EPOS Basic password: after a few failures the API answers 429, per username
and per client address, until the lockout passes or an operator lifts it."""
import json

import pytest
from django.core.management import call_command
from jsonschema import Draft4Validator
from rest_framework.test import APIClient

from ..spec import spec_path
from .conftest import PASSWORD, basic_auth

pytestmark = pytest.mark.django_db

SPEC = json.loads(spec_path("epos-data-rest.openapi.json").read_text())


def as_client(username, password, address="203.0.113.7"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=basic_auth(username, password))
    return client


def assert_spec_error(response, status):
    """An EPOSError body, as the spec's 4XX answer of every operation declares it."""
    assert response.status_code == status, response.content
    assert "4XX" in SPEC["paths"]["/v1/areas"]["get"]["responses"]
    schema = dict(SPEC["components"]["schemas"]["EPOSError"])
    schema["properties"] = {**schema["properties"], "errorType": SPEC["components"]["schemas"]["EPOSErrorType"]}
    assert list(Draft4Validator(schema).iter_errors(response.json())) == []


@pytest.fixture
def few_failures(settings):
    settings.LOGIN_FAILURES_PER_USER = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    settings.LOGIN_LOCKOUT_SECONDS = 600


def test_a_username_guessed_too_often_is_refused_429_even_with_the_right_password(credential, few_failures):
    guesses = [as_client(credential.username, f"guess-{n}").get("/epos/v1/areas").status_code for n in range(3)]

    locked = as_client(credential.username, PASSWORD, address="198.51.100.1").get("/epos/v1/areas")

    assert guesses == [401, 401, 401]
    assert_spec_error(locked, 429)
    assert locked.json()["errorType"] == "InvalidRequest"
    assert locked["Retry-After"] == "600"


def test_an_address_guessing_many_usernames_is_refused(credential, few_failures):
    for n in range(5):
        assert as_client(f"user-{n}", "guess").get("/epos/v1/areas").status_code == 401

    from_there = as_client(credential.username, PASSWORD).get("/epos/v1/areas")
    from_elsewhere = as_client(credential.username, PASSWORD, address="198.51.100.1").get("/epos/v1/areas")

    assert_spec_error(from_there, 429)
    assert from_elsewhere.status_code == 200


def test_the_right_password_clears_the_usernames_failures(credential, few_failures):
    for _ in range(2):
        as_client(credential.username, "guess").get("/epos/v1/areas")
    assert as_client(credential.username, PASSWORD, address="198.51.100.1").get("/epos/v1/areas").status_code == 200

    again = [as_client(credential.username, "guess", address="192.0.2.9").get("/epos/v1/areas").status_code for _ in range(2)]

    assert again == [401, 401]


def test_unlock_login_lets_the_username_in_again(credential, few_failures):
    for _ in range(3):
        as_client(credential.username, "guess").get("/epos/v1/areas")

    call_command("unlock_login", credential.username, "203.0.113.7")

    assert as_client(credential.username, PASSWORD).get("/epos/v1/areas").status_code == 200


def test_dojo_calling_with_its_verified_password_is_not_cut_off_by_someone_elses_guesses(credential, few_failures):
    dojo = as_client(credential.username, PASSWORD, address="198.51.100.1")
    assert dojo.get("/epos/v1/areas").status_code == 200

    guesses = [as_client(credential.username, f"guess-{n}").get("/epos/v1/areas").status_code for n in range(4)]

    assert guesses == [401, 401, 401, 429]
    assert dojo.get("/epos/v1/areas").status_code == 200

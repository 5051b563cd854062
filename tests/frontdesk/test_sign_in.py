"""Who a request is: staff signed in through the project's backend (`posbackoffice.auth`),
whose user is read by a prepared query, and sessions signed in through Django's own backend
before it, which stay signed in."""
import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate, user_login_failed
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from posbackoffice.auth import StaffBackend

from .floors import PASSWORD, url

pytestmark = pytest.mark.django_db


def test_staff_signed_in_through_the_login_page_are_the_project_backends(client, host):
    client.post(reverse("login"), {"username": host.username, "password": PASSWORD})

    assert client.session[BACKEND_SESSION_KEY] == "posbackoffice.auth.StaffBackend"
    assert client.get(url("floor")).status_code == 200


def test_the_user_of_a_request_is_read_in_one_query_as_the_orm_reads_it(host, django_user_model):
    with CaptureQueriesContext(connection) as queries:
        user = StaffBackend().get_user(str(host.pk))

    expected = django_user_model.objects.get(pk=host.pk)
    assert len(queries) == 1
    assert {f.attname: getattr(user, f.attname) for f in expected._meta.concrete_fields} == {
        f.attname: getattr(expected, f.attname) for f in expected._meta.concrete_fields
    }
    assert user.get_session_auth_hash() == expected.get_session_auth_hash()


def test_no_user_for_an_unknown_or_deactivated_account(host):
    unknown = StaffBackend().get_user(str(host.pk + 1000))
    host.is_active = False
    host.save(update_fields=["is_active"])

    assert unknown is None
    assert StaffBackend().get_user(str(host.pk)) is None


def test_a_wrong_password_is_checked_once_and_refused(host, monkeypatch):
    checked, failures = [], []
    djangos = ModelBackend.authenticate

    def counted(backend, *args, **kwargs):
        checked.append(type(backend))
        return djangos(backend, *args, **kwargs)

    def failed(credentials, **kwargs):
        failures.append(credentials["username"])

    monkeypatch.setattr(ModelBackend, "authenticate", counted)
    user_login_failed.connect(failed)
    try:
        refused = authenticate(None, username=host.username, password="not-the-password")
    finally:
        user_login_failed.disconnect(failed)

    assert refused is None
    assert checked == [StaffBackend]  # Django's backend, listed after it, never checks it again
    assert failures == [host.username]


def test_a_session_signed_in_through_djangos_backend_stays_signed_in(client, host):
    client.force_login(host, backend="django.contrib.auth.backends.ModelBackend")

    assert client.get(url("floor")).status_code == 200
    assert client.session[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"


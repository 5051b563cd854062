"""Guessing staff passwords: the staff login and the admin login refuse a username or an
address after a few failures, with a message saying so, until the lockout passes."""
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings

from posbackoffice.kernel.throttle import STAFF, client_address, login_attempt

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOCKED = "Too many failed logins"
LOGIN_PAGES = ["/login/", "/admin/login/"]


@pytest.fixture
def few_failures(settings):
    settings.LOGIN_FAILURES_PER_USER = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    settings.LOGIN_LOCKOUT_SECONDS = 600


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user("alice", password="right-password", is_staff=True)


def log_in(client, page, username, password, address="203.0.113.7"):
    return client.post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("login_page", LOGIN_PAGES)
def test_a_username_guessed_too_often_is_locked_out_with_a_clear_message(client, login_page, staff_user, few_failures):
    for n in range(3):
        assert LOCKED not in log_in(client, login_page, "alice", f"guess-{n}").content.decode()

    refused = log_in(client, login_page, "alice", "right-password", address="198.51.100.1")

    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "Too many failed logins for this account or from this network. Try again in 10 minutes" in refused.content.decode()


@pytest.mark.parametrize("login_page", LOGIN_PAGES)
def test_an_address_guessing_many_usernames_is_locked_out(client, login_page, staff_user, few_failures):
    for n in range(5):
        log_in(client, login_page, f"user-{n}", "guess")

    from_there = log_in(client, login_page, "alice", "right-password")
    from_elsewhere = log_in(client, login_page, "alice", "right-password", address="198.51.100.1")

    assert LOCKED in from_there.content.decode()
    assert from_elsewhere.status_code == 302


def test_the_staff_and_admin_logins_share_the_count(client, staff_user, few_failures):
    log_in(client, "/login/", "alice", "guess-1")
    log_in(client, "/admin/login/", "alice", "guess-2")
    log_in(client, "/login/", "alice", "guess-3")

    assert LOCKED in log_in(client, "/admin/login/", "alice", "right-password").content.decode()


def test_a_wrong_password_is_still_explained_as_such(client, staff_user, few_failures):
    page = log_in(client, "/login/", "alice", "guess").content.decode()

    assert "That username and password do not match" in page and LOCKED not in page


def test_a_successful_login_clears_the_usernames_failures(client, staff_user, few_failures):
    log_in(client, "/login/", "alice", "guess-1")
    log_in(client, "/login/", "alice", "guess-2")
    assert log_in(client, "/login/", "alice", "right-password", address="198.51.100.1").status_code == 302
    client.logout()

    log_in(client, "/login/", "alice", "guess-3", address="192.0.2.1")

    assert log_in(client, "/login/", "alice", "right-password", address="192.0.2.2").status_code == 302


def test_the_lockout_ends_by_itself(client, staff_user, few_failures, settings):
    settings.LOGIN_LOCKOUT_SECONDS = 1
    for n in range(3):
        log_in(client, "/login/", "alice", f"guess-{n}")
    assert LOCKED in log_in(client, "/login/", "alice", "right-password").content.decode()

    deadline = time.monotonic() + 5
    while login_attempt(STAFF, username="alice", address="203.0.113.7").locked and time.monotonic() < deadline:
        time.sleep(0.1)

    assert log_in(client, "/login/", "alice", "right-password").status_code == 302


def test_unlock_login_lifts_the_lockout_now(client, staff_user, few_failures, capsys):
    for n in range(5):
        log_in(client, "/login/", "alice", f"guess-{n}")

    call_command("unlock_login", "alice", "203.0.113.7")

    assert "alice" in capsys.readouterr().out
    assert log_in(client, "/login/", "alice", "right-password").status_code == 302


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "198.51.100.9", "203.0.113.7"),
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),
        (2, "198.51.100.9, 192.0.2.1", "198.51.100.9"),
        (1, "", "203.0.113.7"),
    ],
)
def test_the_client_address_is_read_past_the_trusted_proxies_only(rf, settings, proxies, forwarded, expected):
    settings.NUM_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


@pytest.mark.redis
def test_every_process_sees_the_same_count_through_redis(settings):
    """Failures counted in this process lock the username in another one (another gunicorn worker)."""
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": settings.REDIS_URL,
                   "KEY_PREFIX": "pbo"}
    username = f"shared-{uuid.uuid4().hex}"
    with override_settings(CACHES={"default": redis_cache}, LOGIN_FAILURES_PER_USER=3):
        attempt = login_attempt(STAFF, username=username, address="203.0.113.7")
        for _ in range(3):
            attempt.failed()
        try:
            elsewhere = subprocess.run(
                [sys.executable, "-c", "import django; django.setup(); from posbackoffice.kernel.throttle import *; "
                 f"print(login_attempt(STAFF, username={username!r}, address='192.0.2.1').locked)"],
                env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "posbackoffice.settings",
                     "REDIS_URL": settings.REDIS_URL, "LOGIN_FAILURES_PER_USER": "3"},
                cwd=ROOT, capture_output=True, text=True, timeout=60,
            )
        finally:
            caches["default"].delete(attempt.user_key)
            caches["default"].delete(attempt.address_key)

    assert elsewhere.stdout.strip() == "True", elsewhere.stderr


def test_without_redis_the_counts_live_in_a_database_table(settings):
    database_cache = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "login_failures_test"}
    with override_settings(CACHES={"default": database_cache}, LOGIN_FAILURES_PER_USER=3):
        call_command("createcachetable")
        for _ in range(3):
            login_attempt(STAFF, username="alice", address="203.0.113.7").failed()

        locked = login_attempt(STAFF, username="alice", address="192.0.2.1").locked
        call_command("unlock_login", "alice")
        unlocked = not login_attempt(STAFF, username="alice", address="192.0.2.1").locked

    assert (locked, unlocked) == (True, True)

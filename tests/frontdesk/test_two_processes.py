"""Two web servers on one database, as behind a load balancer: a change made through one is
seen by a poll that the other serves, because the floor's version lives in the database."""
import base64
import os
import subprocess
import sys
import time

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from posbackoffice.dojo.credentials import epos_credential_set

from ..dojo import processes
from ..dojo.processes import REPO, free_port, wait_until
from .floors import build_floor, staff_user

pytestmark = [pytest.mark.postgres, pytest.mark.real_clock, pytest.mark.django_db(transaction=True)]

EPOS_PASSWORD = "two-processes-password-0123456789"


class WebServer:
    """gunicorn serving the back office from a process of its own, on the test database."""

    def __init__(self):
        self.url = f"http://127.0.0.1:{free_port()}"
        # The test settings' password hasher, which the EPOS credential made here is hashed with.
        env = {**os.environ, "DATABASE_URL": processes.test_database_url(), "DJANGO_SETTINGS_MODULE": "posbackoffice.settings.test"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "posbackoffice.wsgi", "--bind", self.url[len("http://"):],
             "--workers", "1", "--log-level", "warning"],
            cwd=REPO, env=env,
        )
        wait_until(self._answers, 60, "gunicorn did not start")

    def _answers(self) -> bool:
        try:
            return requests.get(self.url + "/login/", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(15)


@pytest.fixture
def servers():
    pair = [WebServer(), WebServer()]
    yield pair
    for server in pair:
        server.stop()


def session_cookie(user) -> str:
    session = SessionStore()
    session.update({
        "_auth_user_id": str(user.pk),
        "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
        "_auth_user_hash": user.get_session_auth_hash(),
    })
    session.create()
    return f"sessionid={session.session_key}"


def test_a_change_made_through_one_server_is_seen_by_a_poll_the_other_serves(servers, django_user_model):
    first, second = servers
    floor = build_floor()
    cookie = session_cookie(staff_user(django_user_model, floor.venue))
    epos_credential_set(venue=floor.venue, username="dojo-two", password=EPOS_PASSWORD)
    live = f"/v/{floor.venue.slug}/live/?area={floor.tables['T1'].area_id}"

    def poll(server, etag=""):
        return requests.get(server.url + live, headers={"Cookie": cookie, "If-None-Match": etag}, timeout=10)

    while timezone.now().second > 45:  # the ETag names the minute: keep the exchange inside one
        time.sleep(1)
    shown = poll(first)
    assert shown.status_code == 200
    assert [poll(first, shown.headers["ETag"]).status_code, poll(second, shown.headers["ETag"]).status_code] == [304, 304]

    created = requests.post(
        first.url + "/epos/v1/parties",
        headers={"Authorization": "Basic " + base64.b64encode(f"dojo-two:{EPOS_PASSWORD}".encode()).decode()},
        json={"dojoPartyId": "p-1", "name": "Haddad", "covers": 2, "tableIds": [str(floor.tables["T1"].pk)],
              "startTime": timezone.now().isoformat()},
        timeout=10,
    )
    assert created.status_code == 200, created.text

    changed = poll(second, shown.headers["ETag"])
    assert changed.status_code == 200 and 'aria-label="T1, Seated: Haddad' in changed.text
    assert [poll(first, changed.headers["ETag"]).status_code, poll(second, changed.headers["ETag"]).status_code] == [304, 304]

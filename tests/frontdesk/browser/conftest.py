"""Browser tests: Debian's Chromium driven by Playwright against the live server.

Playwright's sync API runs an event loop in the test thread, which trips Django's
async-safety check on every ORM call made by the test itself; this directory's tests turn
that check off, so they run in a pytest process of their own (see the Makefile's `test`
and pyproject's `addopts`), keeping the check on for the rest of the suite.
"""
import os
import re
import shutil

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.servers.basehttp import WSGIServer  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from ...conftest import IN_CI  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# No internet on these machines: Chromium's background connections would only fail noisily.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        reason = f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{reason} (required under CI)", pytrace=False)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class _OneRequestAtATime(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """The live server, started once the test database exists. On SQLite it shares the
    test's in-memory connection, where concurrent requests' transactions would
    interleave, so it serves one request at a time there; PostgreSQL gets the threaded
    server and real concurrency."""
    return live_server


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    if connection.vendor != "sqlite":
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", _OneRequestAtATime)
        yield


def watch_console(page) -> list[str]:
    """Collects the page's JavaScript errors and console errors from now on."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def console_errors(page):
    """The page's console errors; a test using it ends with none."""
    errors = watch_console(page)
    yield errors
    assert errors == []


def log_in(context, live_server, user) -> None:
    """Give the browser context the session cookie of a logged-in user."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def tile(page, name: str):
    """The table's tile on the floor plan (its accessible name starts with the table name)."""
    return page.locator("#live").get_by_role("button", name=re.compile(rf"^{re.escape(name)},"))


def open_tile(page, name: str):
    """Opens the table's dialog from its tile, once its heading shows."""
    tile(page, name).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=re.compile(rf"^{name}\b"))).to_be_visible()
    return dialog

"""The production web server, run for real: gunicorn with gunicorn.conf.py on loopback.

Slow clients must not stall it, and what it lets through reaches Django, which answers
under /epos/ with an EPOSError body.
"""
import os
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
CSRF_COOKIE = "a" * 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(tmp_path, **env):
    """gunicorn --config gunicorn.conf.py on a free loopback port, with the test settings
    (DEBUG off, as in production); yields its base URL and stops it on the way out."""
    port = free_port()
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "posbackoffice.settings.test",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        **env,
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_it_answers(base, server, tmp_path)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
        log.close()


def _wait_until_it_answers(base, server, tmp_path):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{(tmp_path / 'gunicorn.log').read_text()}")
        try:
            requests.get(f"{base}/login/", timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still loading
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer within 60 s")


@contextmanager
def slow_clients(base, count):
    """`count` connections that send a form's headers, announce a body, and send none of it."""
    port = int(base.rsplit(":", 1)[1])
    head = (
        "POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: 1000\r\nCookie: csrftoken={CSRF_COOKIE}\r\n\r\n"
    ).encode()
    with ExitStack() as stack:
        connections = [stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=30)) for _ in range(count)]
        for connection in connections:
            connection.sendall(head)
        time.sleep(1)  # each is now being served, waiting for its body
        yield connections


def timed_get(url, **kwargs):
    started = time.monotonic()
    response = requests.get(url, timeout=20, **kwargs)
    return response, time.monotonic() - started


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The production configuration as it is (2 workers of 8 threads)."""
    with gunicorn(tmp_path_factory.mktemp("gunicorn")) as base:
        yield base


def test_two_clients_sending_headers_and_no_body_do_not_stall_the_server(server):
    with slow_clients(server, 2):
        response, seconds = timed_get(f"{server}/login/")

    assert response.status_code == 200
    assert seconds < 3


def test_a_client_that_stops_sending_frees_its_thread_after_the_client_timeout(tmp_path):
    # given a server of one worker with two threads, each held by a client that sends no body
    with gunicorn(tmp_path, WEB_CONCURRENCY="1", GUNICORN_THREADS="2", GUNICORN_CLIENT_TIMEOUT="1") as base:
        with slow_clients(base, 2) as stalled:
            # when another client asks
            response, seconds = timed_get(f"{base}/login/")

            # then it is answered once a stalled read timed out (1 s, plus gunicorn's 5 s to drain the body)
            assert response.status_code == 200
            assert seconds < 12
            assert stalled[0].recv(64).startswith(b"HTTP/1.1 403")


def test_a_long_request_line_reaches_django_and_gets_an_epos_error(server):
    response = requests.get(f"{server}/epos/v1/areas", params={"q": "x" * 6000}, timeout=20)

    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["errorType"] == "InvalidRequest"


def test_a_host_not_served_gets_an_epos_error_under_epos_and_djangos_page_elsewhere(server):
    epos = requests.get(f"{server}/epos/v1/areas", headers={"Host": "attacker.example"}, timeout=20)
    staff = requests.get(f"{server}/login/", headers={"Host": "attacker.example"}, timeout=20)

    assert epos.status_code == 400 and epos.json()["errorType"] == "InvalidRequest"
    assert "attacker.example" not in epos.text
    assert staff.status_code == 400 and "text/html" in staff.headers["Content-Type"]

"""Real processes for the end-to-end tests: a private Redis and Celery workers."""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis as redis_lib
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} within {timeout}s")
        time.sleep(0.05)


class PrivateRedis:
    """A redis-server of this test run's own on an ephemeral port, which tests may stop
    and start again (on the same port) without touching the machine's shared Redis."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self._answers, 10, "private Redis did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.process = None

    def _answers(self) -> bool:
        try:
            return redis_lib.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis_lib.RedisError:
            return False


def test_database_url() -> str:
    """The URL of the database this test run uses (pytest-django's test database)."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A posbackoffice worker` as a subprocess on the test database and broker.
    The threads pool runs tasks inside the main process, so killing it kills the delivery."""

    def __init__(self, *, broker_url: str, extra_env: dict[str, str]):
        self.log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)
        env = {**os.environ, "DATABASE_URL": test_database_url(), "REDIS_URL": broker_url, **extra_env}
        env["DJANGO_SETTINGS_MODULE"] = "posbackoffice.settings"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "posbackoffice", "worker", "--pool", "threads",
             "--concurrency", "8", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        wait_until(lambda: b"ready." in Path(self.log.name).read_bytes() or self.process.poll() is not None,
                   60, "the worker did not start")
        if self.process.poll() is not None:
            raise RuntimeError(f"the worker exited:\n{self.output()}")

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        os.unlink(self.log.name)

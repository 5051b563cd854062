"""The back office served by a real gunicorn on loopback, with the environment a test gives."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

from ..dojo.processes import REPO, free_port, wait_until

# Production's own server configuration: it removes dead workers from the live gauges and
# logs gunicorn's own lines as JSON when LOG_FORMAT=json.
GUNICORN_CONF = REPO / "gunicorn.conf.py"


class Gunicorn:
    def __init__(self, *, env: dict[str, str], workers: int = 1):
        self.port = free_port()
        self.folder = tempfile.TemporaryDirectory(prefix="gunicorn-")
        self.log = Path(self.folder.name) / "server.log"
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "posbackoffice.settings", "DEBUG": "false", **env}
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "posbackoffice.wsgi", "--config", str(GUNICORN_CONF),
                 "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)],
                cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT,
            )
        wait_until(self._answers, 30, "gunicorn did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, timeout=10, **kwargs)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.output()}")
        try:
            return self.get("/health/live").status_code == 200
        except requests.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def close(self) -> None:
        self.stop()
        self.folder.cleanup()

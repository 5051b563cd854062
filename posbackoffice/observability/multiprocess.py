"""Prometheus's multiprocess mode: every process of the back office on a machine (gunicorn
workers, Celery workers and beat, the relay, the WebSocket bridge) writes its metric values
to files in PROMETHEUS_MULTIPROC_DIR, and a scrape of /metrics adds them up.

The variable must be in the environment before any metric exists, which is why it is not
a Django setting. The directory must be empty when the first process starts (a tmpfs, or
emptied by whatever starts the machine's processes).
"""
import os
import socket

from prometheus_client import values
from prometheus_client.multiprocess import mark_process_dead

DIRECTORY = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
# Containers on one machine may share the directory: their PIDs repeat, their host names
# differ. Underscores would break the client's parsing of the file names.
_HOST = socket.gethostname().replace("_", "-")


def process_identifier(pid: int | None = None) -> str:
    """Names this process's files: distinct among the processes writing to the directory."""
    return f"{_HOST}-{pid or os.getpid()}"


def enable() -> bool:
    """Back every metric created from now on by this directory's files; whether the mode is on."""
    if not DIRECTORY:
        return False
    os.makedirs(DIRECTORY, exist_ok=True)
    values.ValueClass = values.MultiProcessValue(process_identifier)
    return True


def child_exit(server, worker) -> None:
    """gunicorn's `child_exit` hook: a worker that exited no longer counts in the live
    gauges (its counters and histograms stay, so totals never go down)."""
    if DIRECTORY:
        mark_process_dead(process_identifier(worker.pid), DIRECTORY)

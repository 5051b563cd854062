"""Load generators and meters the throughput benchmark shares: wrk (Debian's package) for
requests per second when installed, a Python client otherwise, and the CPU time spent by
the server's processes and the database backends serving them (read from /proc)."""
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Call:
    """One request, repeated by the load generator."""

    method: str
    path: str
    headers: dict = field(default_factory=dict)
    body: str = ""


def requests_per_second(port: int, call: Call, *, seconds: float, connections: int) -> float:
    if shutil.which("wrk"):
        return _wrk(port, call, seconds=seconds, connections=connections)
    return _python_client(port, call, seconds=seconds, connections=connections)


def load_generator() -> str:
    return "wrk" if shutil.which("wrk") else "a Python client (install wrk for less client CPU)"


def _wrk(port: int, call: Call, *, seconds: float, connections: int) -> float:
    body = call.body.replace("\\", "\\\\").replace('"', '\\"')
    script = f'wrk.method = "{call.method}"\nwrk.body = "{body}"\n'
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        headers = [arg for name, value in call.headers.items() for arg in ("-H", f"{name}: {value}")]
        output = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{round(seconds)}s", "-s", lua.name, *headers,
             f"http://127.0.0.1:{port}{call.path}"],
            capture_output=True, text=True, check=True,
        ).stdout
    if failed := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        raise SystemExit(f"{call.method} {call.path}: {failed.group(1)} failed responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _python_client(port: int, call: Call, *, seconds: float, connections: int) -> float:
    done, lock, deadline = [0], threading.Lock(), time.monotonic() + seconds

    def client():
        connection, count = http.client.HTTPConnection("127.0.0.1", port, timeout=10), 0
        while time.monotonic() < deadline:
            connection.request(call.method, call.path, body=call.body or None, headers=call.headers)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                raise SystemExit(f"{call.method} {call.path}: {response.status}")
            count += 1
        with lock:
            done[0] += count

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / seconds


def children_of(pid: int) -> list[int]:
    """The process and its children (gunicorn's master and workers)."""
    try:
        children = open(f"/proc/{pid}/task/{pid}/children").read().split()
    except OSError:
        return [pid]
    return [pid, *map(int, children)]


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User plus system CPU time of each process still running."""
    used = {}
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return used


class CpuMeter:
    """CPU time spent by a changing set of processes between `start` and `stop`."""

    def __init__(self, pids_now):
        self.pids_now = pids_now
        self.before: dict[int, float] = {}

    def start(self) -> None:
        self.before = cpu_seconds(self.pids_now())

    def stop(self) -> float:
        after = cpu_seconds(self.pids_now())
        return sum(used - self.before.get(pid, 0.0) for pid, used in after.items())

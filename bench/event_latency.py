#!/usr/bin/env python
"""POS event latency: from the commit of a change to the event's arrival at Dojo.

Runs a live Celery worker (subprocess) against DATABASE_URL and REDIS_URL, a local HTTP
server standing in for Dojo, commits N party changes (one transaction each, at a steady
rate) and prints the commit-to-arrival latency percentiles. A measurement, not a test.

    DATABASE_URL=postgres://... REDIS_URL=redis://... make bench
    BENCH_ARGS="--changes 1000 --rate 100" make bench
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "posbackoffice.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bookings.models import Party  # noqa: E402
from floorplan.models import Venue  # noqa: E402
from posbackoffice.dojo.config import dojo_settings_set  # noqa: E402
from posbackoffice.dojo.models import OutboxEvent  # noqa: E402


class Arrivals:
    def __init__(self):
        self.at: dict[str, float] = {}
        self.lock = threading.Lock()

    def record(self, party_id: str) -> None:
        with self.lock:
            self.at.setdefault(party_id, time.time())


def start_dojo(arrivals: Arrivals) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            arrivals.record(json.loads(body)["event"]["partyId"])
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_worker(concurrency: int) -> subprocess.Popen:
    log = open(REPO / "bench" / "worker.log", "wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "posbackoffice", "worker", "--pool", "threads",
         "--concurrency", str(concurrency), "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
    )
    while b" ready." not in (REPO / "bench" / "worker.log").read_bytes() and worker.poll() is None:
        time.sleep(0.2)
    if worker.poll() is not None:
        sys.exit("The worker exited; see bench/worker.log")
    return worker


def commit_changes(parties: list[Party], rate: float) -> dict[str, float]:
    """Change each party once, in its own transaction; note when each commit returned."""
    committed: dict[str, float] = {}
    interval = 1 / rate if rate else 0
    started = time.monotonic()
    for n, party in enumerate(parties):
        if interval:
            time.sleep(max(0.0, started + n * interval - time.monotonic()))
        with transaction.atomic():
            # Registered first, so it runs right after COMMIT, before the delivery is queued.
            transaction.on_commit(lambda pk=str(party.pk): committed.__setitem__(pk, time.time()))
            party.covers = 3
            party.save(update_fields=["covers", "updated_at"])
    return committed


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(p * 10) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0, help="changes per second; 0 for as fast as possible")
    parser.add_argument("--concurrency", type=int, default=8, help="worker threads")
    args = parser.parse_args()
    if not settings.REDIS_URL:
        sys.exit("Set REDIS_URL (and DATABASE_URL): the benchmark measures delivery through a live worker.")

    call_command("migrate", verbosity=0)
    arrivals = Arrivals()
    dojo = start_dojo(arrivals)
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    venue = Venue.objects.create(name="Benchmark", slug=slug)
    dojo_settings_set(venue=venue, api_key="sk_sandbox_benchmark_key", software_house_id="bench",
                      base_url=f"http://127.0.0.1:{dojo.server_address[1]}")
    # Created without signals (bulk), so only the measured changes emit events.
    parties = Party.objects.bulk_create(Party(venue=venue, start_time=timezone.now()) for _ in range(args.changes))
    worker = start_worker(args.concurrency)
    try:
        began = time.monotonic()
        committed = commit_changes(parties, args.rate)
        committing = time.monotonic() - began
        deadline = time.monotonic() + 120
        while len(arrivals.at) < len(committed) and time.monotonic() < deadline:
            time.sleep(0.1)
        elapsed = time.monotonic() - began
    finally:
        worker.terminate()
        worker.wait(30)
        dojo.shutdown()
        OutboxEvent.objects.filter(venue=venue).delete()
        venue.delete()

    latencies_ms = [(arrivals.at[pk] - at) * 1000 for pk, at in committed.items() if pk in arrivals.at]
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"POS event latency, commit to arrival ({db}, Redis, worker --pool threads -c {args.concurrency}):")
    print(f"  changes committed {len(committed)}, events arrived {len(latencies_ms)}, "
          f"target rate {f'{args.rate:g}/s' if args.rate else 'unpaced'}, committed in {committing:.1f} s, all arrived after {elapsed:.1f} s")
    if len(latencies_ms) >= 2:
        print(f"  p50 {percentile(latencies_ms, 50):.1f} ms   p99 {percentile(latencies_ms, 99):.1f} ms   "
              f"max {max(latencies_ms):.1f} ms")
    if len(latencies_ms) < len(committed):
        sys.exit(f"{len(committed) - len(latencies_ms)} events did not arrive within 120 s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""EPOS Data API latency over real HTTP, as Dojo calls it on a busy evening.

Builds a venue of 60 tables with 2,000 reservations and 2,000 past parties in the database
of DATABASE_URL, serves the back office on loopback with gunicorn as production does
(gunicorn.conf.py, 2 workers), and times the calls Dojo makes most (sequentially, then
SearchParties from several clients at once). Prints p50/p95/p99 per call, and what checking
Dojo's Basic credentials costs (a slow hash once, then a remembered digest). A measurement,
not a test; the venue is removed afterwards.

    DATABASE_URL=postgres://... make bench-api
    BENCH_ARGS="--requests 500" make bench-api
"""
import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "posbackoffice.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bookings.models import Party, PartyTable, Reservation  # noqa: E402
from floorplan.models import Area, Table, Venue  # noqa: E402
from posbackoffice.dojo.credentials import (  # noqa: E402
    epos_credential_named,
    epos_credential_set,
    epos_password_check,
    epos_password_remembered,
    forget_verified,
    password_prehash,
)


def build_venue() -> tuple[Venue, str, str]:
    slug = f"bench-{uuid.uuid4().hex[:8]}"
    venue = Venue.objects.create(name="Benchmark Brasserie", slug=slug)
    tables = []
    for a in range(3):
        area = Area.objects.create(venue=venue, name=f"Area {a}", display_order=a)
        tables += [Table(venue=venue, area=area, name=f"{a}-{t}") for t in range(20)]
    tables = Table.objects.bulk_create(tables)
    now = timezone.now().replace(second=0, microsecond=0)
    reservations = Reservation.objects.bulk_create(
        Reservation(venue=venue, name=f"Guest {i}", covers=2 + i % 4,
                    start_time=now + dt.timedelta(minutes=15 * (i % 2880)),
                    end_time=now + dt.timedelta(minutes=15 * (i % 2880) + 120))
        for i in range(2000)
    )
    Reservation.tables.through.objects.bulk_create(
        Reservation.tables.through(reservation_id=r.pk, table_id=tables[i % 60].pk) for i, r in enumerate(reservations)
    )
    parties = Party.objects.bulk_create(
        Party(venue=venue, name=f"Past {i}", covers=2, start_time=now - dt.timedelta(days=1, minutes=i),
              end_time=now - dt.timedelta(days=1, minutes=i - 90))
        for i in range(2000)
    )
    PartyTable.objects.bulk_create(
        PartyTable(party=p, table=tables[i % 60], is_active=False) for i, p in enumerate(parties)
    )
    seated = Party.objects.bulk_create(Party(venue=venue, name=f"Now {i}", covers=3, start_time=now) for i in range(40))
    PartyTable.objects.bulk_create(PartyTable(party=p, table=tables[i]) for i, p in enumerate(seated))
    _refresh_planner_statistics()
    username = f"dojo-{slug}"
    _, password = epos_credential_set(venue=venue, username=username)
    return venue, username, password


def _refresh_planner_statistics() -> None:
    """What PostgreSQL's autovacuum does soon after thousands of rows arrive: without it, the
    planner would plan the first minutes' queries for tables as they were before the venue."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def remove_venue(venue: Venue) -> None:
    """Tables are protected while parties refer to them: remove the bookings first."""
    Party.objects.filter(venue=venue).delete()
    Reservation.objects.filter(venue=venue).delete()
    Table.objects.filter(venue=venue).delete()
    Area.objects.filter(venue=venue).delete()
    venue.delete()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--access-logfile", os.devnull],
        cwd=REPO,
        env={**os.environ, "WEB_CONCURRENCY": "2", "DEBUG": "false", "LOG_LEVEL": "WARNING",
             "PYTHONWARNINGS": "ignore::UserWarning"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/epos/v1/areas", timeout=5)
            return server
        except requests.RequestException:  # not listening yet, or still loading the app
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100)
    return f"p50 {cuts[49]:6.1f} ms   p95 {cuts[94]:6.1f} ms   p99 {cuts[98]:6.1f} ms"


def timed(call, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return samples


def time_authentication(username: str, password: str, n: int) -> None:
    """What checking Dojo's credentials costs in-process, besides the database lookup of the
    credential (unchanged): it was one HMAC-SHA256; it is now the slow hash on the first
    call of each process, then the remembered digest."""
    credential = epos_credential_named(username)
    forget_verified()
    first = _seconds(lambda: epos_password_check(credential, password))
    lookup, remembered, hmac_only = [], [], []
    for _ in range(n):  # interleaved, so that the machine's load weighs on each alike
        lookup.append(_seconds(lambda: epos_credential_named(username)))
        remembered.append(_seconds(lambda: epos_password_remembered(credential, password)))
        hmac_only.append(_seconds(lambda: password_prehash(credential.password_salt, password)))
    print(f"  Basic credentials, per request: the lookup {statistics.median(lookup) * 1e3:.2f} ms, then the check"
          f" {statistics.median(remembered) * 1e6:.1f} µs (one HMAC-SHA256 before: {statistics.median(hmac_only) * 1e6:.1f} µs);"
          f" the first call's slow hash {first * 1e3:.0f} ms")


def _seconds(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def concurrent_throughput(session_factory, call, clients: int, seconds: float) -> tuple[int, list[float]]:
    samples, lock, deadline = [], threading.Lock(), time.monotonic() + seconds

    def client():
        session = session_factory()
        while time.monotonic() < deadline:
            started = time.perf_counter()
            call(session)
            with lock:
                samples.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(samples), samples


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200, help="requests per call (default 200)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for the load run")
    parser.add_argument("--seconds", type=float, default=10, help="length of the load run")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    venue, username, password = build_venue()
    port = free_port()
    try:
        server = serve(port)
    except BaseException:
        remove_venue(venue)
        raise
    base = f"http://127.0.0.1:{port}/epos/v1"

    def session():
        s = requests.Session()
        s.auth = (username, password)
        return s

    http = session()
    table_ids = list(Table.objects.filter(venue=venue).values_list("pk", flat=True))
    party_id = Party.objects.filter(venue=venue, end_time__isnull=True).values_list("pk", flat=True).first()
    today = timezone.now()
    window = {"fromTime": today.isoformat(), "toTime": (today + dt.timedelta(days=1)).isoformat(), "cursor": {"limit": 100}}
    seat_count = iter(range(10**9))

    def seat_and_clear():
        body = {"dojoPartyId": f"bench-{next(seat_count)}", "startTime": today.isoformat(), "tableIds": [str(table_ids[-1])]}
        created = http.post(f"{base}/parties", json=body)
        return http.delete(f"{base}/parties/{created.json()['id']}")

    calls = {
        "ListAreas": lambda: http.get(f"{base}/areas"),
        "SearchTables (60, one page)": lambda: http.post(f"{base}/tables/search", json={"cursor": {"limit": 100}}),
        "GetPartyById": lambda: http.get(f"{base}/parties/{party_id}"),
        "SearchParties (seated)": lambda: http.post(f"{base}/parties/search", json={}),
        "SearchParties (ended, 100)": lambda: http.post(f"{base}/parties/search", json={"completedOnly": True, "cursor": {"limit": 100}}),
        "SearchReservations (a day, 100)": lambda: http.post(f"{base}/reservations/search", json=window),
        "CreateParty + DeletePartyById": seat_and_clear,
    }
    try:
        print(f"EPOS Data API over HTTP, gunicorn.conf.py with 2 workers,"
              f" {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[1]}, {args.requests} sequential requests per call:")
        for name, call in calls.items():
            timed(call, 10)  # warm up
            print(f"  {name:34} {percentiles(timed(call, args.requests))}")
        done, samples = concurrent_throughput(
            session, lambda s: s.post(f"{base}/parties/search", json={}), args.clients, args.seconds
        )
        print(f"  SearchParties, {args.clients} clients at once: {done / args.seconds:6.0f} requests/s   {percentiles(samples)}")
        time_authentication(username, password, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=10)
        remove_venue(venue)


if __name__ == "__main__":
    main()

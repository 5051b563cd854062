#!/usr/bin/env python
"""Requests per second, beside two reference endpoints measured on the same server in the
same run, and what a floor of polling tablets costs the server.

Serves the back office as `bench/epos_api.py` does (gunicorn on loopback), under the
production settings plus the two reference endpoints (`bench.settings`): Django answering
a small JSON body with no database, and the same plus one indexed query. Each endpoint is
loaded for a few seconds (wrk when installed), in rounds, keeping each one's best round;
its figure is printed beside its ratio to the one-query reference.

Then the floor-poll load run: TABLETS simulated tablets (20 per venue, each venue 60 tables
with 2,000 reservations and 2,000 past parties), each a logged-in session polling every 2 s
with its ETag, while each venue's staff make one change per tablet per minute (seat a
walk-in, add an order item, end a party). Prints the CPU the server (gunicorn, the
PostgreSQL backends serving it, and Redis when REDIS_URL is set: the sessions are there)
spends per tablet, and how many 20-tablet venues one core holds. A measurement, not a test;
everything it creates is removed afterwards.

    DATABASE_URL=postgres://... REDIS_URL=redis://... make bench-throughput
    BENCH_ARGS="--seconds 10 --rounds 3 --tablets 200 --load-seconds 120" make bench-throughput
"""
import argparse
import base64
import http.client
import importlib
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.update({"DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "false", "LOG_LEVEL": "WARNING"})
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from epos_api import build_venue, free_port, remove_venue, serve  # noqa: E402  (sets Django up)

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bookings.models import Party  # noqa: E402
from bookings.selectors import reservations_today  # noqa: E402
from floorplan.models import Area, Table  # noqa: E402
from frontdesk.views import floor as floor_views  # noqa: E402
from loads import Call, CpuMeter, children_of, load_generator, requests_per_second  # noqa: E402
from orders.models import Order, Product  # noqa: E402
from tablets import Staff, Stats, Tablet, base_headers  # noqa: E402

PROXY = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front adds
ONE_QUERY = "Django JSON, one query"
TARGETS = {  # ratio to the one-query reference, in %
    "floor poll, unchanged (304)": 50, "ListAreas": 60, "GetPartyById": 60,
    "SearchTables (60 tables)": 35, "SearchParties (40 seated)": 35,
}
TABLETS_PER_VENUE = 20


class BenchVenue:
    """A venue of the benchmark with a staff user, a product, and sessions for its tablets."""

    def __init__(self):
        self.venue, self.epos_username, self.epos_password = build_venue()
        self.user = get_user_model().objects.create_user(f"staff-{self.venue.slug}")
        self.venue.staff.add(self.user)
        self.product = Product.objects.create(venue=self.venue, name="Espresso", plu="ESP", price=250, tax_rate=2000)
        self.areas = list(Area.objects.filter(venue=self.venue).order_by("pk").values_list("pk", flat=True))
        self.sessions = []

    def session_cookie(self) -> str:
        session = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
        session.update({"_auth_user_id": str(self.user.pk), "_auth_user_hash": self.user.get_session_auth_hash(),
                        "_auth_user_backend": "posbackoffice.auth.StaffBackend"})
        session.create()
        self.sessions.append(session.session_key)
        return f"sessionid={session.session_key}"

    def live_path(self, area_id: int) -> str:
        return f"/v/{self.venue.slug}/live/?area={area_id}"

    def remove(self) -> None:
        Order.objects.filter(venue=self.venue).delete()
        remove_venue(self.venue)
        self.user.delete()
        for key in self.sessions:
            importlib.import_module(settings.SESSION_ENGINE).SessionStore(key).delete()


def endpoint_calls(port: int, bench: BenchVenue) -> dict[str, Call]:
    epos = {**PROXY, "Authorization": "Basic " + base64.b64encode(
        f"{bench.epos_username}:{bench.epos_password}".encode()).decode(), "Content-Type": "application/json"}
    party_id = Party.objects.filter(venue=bench.venue, end_time__isnull=True).values_list("pk", flat=True).first()
    tablet = base_headers(port, bench.session_cookie())
    live = bench.live_path(bench.areas[0])
    return {
        "Django JSON, no DB": Call("GET", "/bench/ref/json", PROXY),
        ONE_QUERY: Call("GET", f"/bench/ref/query/{bench.venue.pk}", PROXY),
        "ListAreas": Call("GET", "/epos/v1/areas", epos),
        "GetPartyById": Call("GET", f"/epos/v1/parties/{party_id}", epos),
        "SearchTables (60 tables)": Call("POST", "/epos/v1/tables/search", epos, json.dumps({"cursor": {"limit": 100}})),
        "SearchParties (40 seated)": Call("POST", "/epos/v1/parties/search", epos, "{}"),
        "floor poll, unchanged (304)": Call("GET", live, tablet),  # If-None-Match added before each run
        "floor poll without ETag (shared rendering)": Call("GET", live, tablet),
    }


def with_current_etag(port: int, call: Call, seconds: float) -> Call:
    """The call with the ETag the floor has now, started early enough in a minute that the
    ETag (which names the minute) holds for the whole run."""
    while timezone.now().second + seconds > 57:
        time.sleep(0.5)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", call.path, headers=call.headers)
    response = conn.getresponse()
    response.read()
    return Call(call.method, call.path, {**call.headers, "If-None-Match": response.getheader("ETag")})


def measure_endpoints(port: int, server, calls: dict[str, Call], *, rounds: int, seconds: float,
                      connections: int) -> dict[str, tuple[float, float]]:
    """Each endpoint's best requests per second, with the server's CPU time per request
    (gunicorn's processes, their database backends and the Redis server) in that round."""
    best = dict.fromkeys(calls, (0.0, 0.0))
    for _ in range(rounds):
        for name, call in calls.items():
            if name.startswith("floor poll, unchanged"):
                call = with_current_etag(port, call, seconds)
            meters = [CpuMeter(lambda: children_of(server.pid)), CpuMeter(database_backends), CpuMeter(redis_server)]
            for meter in meters:
                meter.start()
            rate = requests_per_second(port, call, seconds=seconds, connections=connections)
            cpu_ms = 1000 * sum(meter.stop() for meter in meters) / (rate * seconds)
            best[name] = max(best[name], (rate, cpu_ms))
    return best


def print_endpoints(figures: dict[str, tuple[float, float]]) -> None:
    rate_of_reference, cpu_of_reference = figures[ONE_QUERY]
    print(f"  {'endpoint':44} {'req/s':>7} {'ratio':>6}   {'CPU/req':>8} {'ratio':>6}   target (req/s ratio)")
    for name, (rate, cpu_ms) in figures.items():
        ratio = 100 * rate / rate_of_reference
        target = f"≥ {TARGETS[name]} % {'met' if ratio >= TARGETS[name] else 'NOT MET'}" if name in TARGETS else ""
        print(f"  {name:44} {rate:7.0f} {ratio:5.0f} %   {cpu_ms:5.2f} ms {100 * cpu_of_reference / cpu_ms:5.0f} %   {target}")
    print("  ratio: of the one-query reference's figure (req/s), or of its CPU cost (the reference's"
          " CPU per request over the endpoint's), measured on the same server in the same run")


def in_process_render(bench: BenchVenue, times: int = 50) -> None:
    """The live fragment rendered by the view itself, in this process, with no ETag sent:
    in full, with nothing shared by another tablet to reuse (the cache emptied each time);
    and after a change that leaves the reservations alone (an order, a payment, a walk-in:
    most of a service's changes), which reads and writes the floor again but reuses what it
    shows of the reservations. Its reservations list holds the venue's reservations of today,
    one every 15 minutes from the venue's building to the end of its day: the figures depend
    on the hour of the run."""
    request = RequestFactory().get(bench.live_path(bench.areas[0]), HTTP_HOST="127.0.0.1")
    request.user, request.session = bench.user, {}

    def render_ms() -> float:
        started = time.perf_counter()
        assert floor_views.live(request, bench.venue.slug).status_code == 200
        return (time.perf_counter() - started) * 1000

    full, after_a_change = [], []
    for _ in range(times + 5):
        caches["floor"].clear()
        full.append(render_ms())
    for _ in range(times + 5):
        Area.objects.filter(pk=bench.areas[-1]).update(name=F("name"))  # the floor's version changes, not the reservations'
        after_a_change.append(render_ms())
    caches["floor"].clear()
    with CaptureQueriesContext(connection) as queries:
        floor_views.live(request, bench.venue.slug)
    listed = reservations_today(venue=bench.venue, now=timezone.now())
    listed = sum(len(group) for group in (listed.upcoming, listed.late, listed.seated, listed.no_show))
    print(f"Full render of the live fragment (60 tables, {listed} reservations in today's list), in-process:"
          f" median {statistics.median(full[5:]):.1f} ms (target ≤ 8 ms), {len(queries)} queries besides the session"
          f" and the user; after a change that leaves the reservations alone, {statistics.median(after_a_change[5:]):.1f} ms")


def redis_server() -> list[int]:
    """The Redis server of REDIS_URL, when the server keeps its sessions there (on this machine)."""
    if not settings.REDIS_URL:
        return []
    return [redis.Redis.from_url(settings.REDIS_URL).info("server")["process_id"]]


def database_backends() -> list[int]:
    """The PostgreSQL backends of this database but this process's own."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                       " AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
        return [row[0] for row in cursor.fetchall()]


def floor_load(port: int, server, venues: list[BenchVenue], *, tablets: int, seconds: float, warm_up: float) -> None:
    stats, until = Stats(), time.monotonic() + warm_up + seconds
    threads = []
    for n in range(tablets):
        bench = venues[n // TABLETS_PER_VENUE]
        path = bench.live_path(bench.areas[n % len(bench.areas)])
        threads.append(Tablet(port=port, path=path, cookie=bench.session_cookie(), until=until, stats=stats))
    for bench in venues:
        seated = Table.objects.filter(venue=bench.venue, party_tables__is_active=True)
        free = list(Table.objects.filter(venue=bench.venue).exclude(pk__in=seated).values_list("pk", flat=True))
        per_minute = min(TABLETS_PER_VENUE, tablets - venues.index(bench) * TABLETS_PER_VENUE)
        threads.append(Staff(port=port, venue=bench.venue, cookie=bench.session_cookie(), product_id=bench.product.pk,
                             free_table_ids=free, per_minute=per_minute, until=until, stats=stats))
    for thread in threads:
        thread.start()
    time.sleep(warm_up)
    web = CpuMeter(lambda: children_of(server.pid))
    database, cache = CpuMeter(database_backends), CpuMeter(redis_server)
    web.start(), database.start(), cache.start()
    with stats.lock:
        stats.polls.clear()
        stats.unchanged = stats.changes = 0
    time.sleep(seconds)
    web_cpu, database_cpu, cache_cpu = web.stop(), database.stop(), cache.stop()
    for thread in threads:
        thread.join()
    per_tablet = (web_cpu + database_cpu + cache_cpu) / seconds / tablets
    print(f"  {stats.summary()}")
    if stats.failures:
        print(f"  failures: {len(stats.failures)}, e.g. {stats.failures[:3]}")
    print(f"  server CPU: web {web_cpu / seconds:.3f} + database {database_cpu / seconds:.3f}"
          f" + Redis {cache_cpu / seconds:.3f} cores"
          f" = {1000 * per_tablet:.2f} ms of CPU per tablet per second ({100 * per_tablet:.2f} % of a core)")
    print(f"  one core holds {1 / (TABLETS_PER_VENUE * per_tablet):.0f} venues of {TABLETS_PER_VENUE} tablets"
          f" ({1 / per_tablet:.0f} tablets)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8, help="length of each endpoint's run (default 8)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over the endpoints; the best counts (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8, as wrk -c8)")
    parser.add_argument("--tablets", type=int, default=100, help="tablets in the floor-poll load run (default 100)")
    parser.add_argument("--load-seconds", type=float, default=60, help="length of the load run (default 60)")
    args, _ = parser.parse_known_args()

    venues = [BenchVenue()]
    port = free_port()
    server = serve(port)
    try:
        print(f"Throughput under bench.settings (production + the references), {os.cpu_count()} CPUs,"
              f" {load_generator()}, {args.connections} connections, best of {args.rounds} × {args.seconds:g} s:")
        calls = endpoint_calls(port, venues[0])
        print_endpoints(measure_endpoints(port, server, calls, rounds=args.rounds, seconds=args.seconds,
                                          connections=args.connections))
        in_process_render(venues[0])
        venues += [BenchVenue() for _ in range(-(-args.tablets // TABLETS_PER_VENUE) - 1)]
        print(f"Floor polls: {args.tablets} tablets in {len(venues)} venues, each polling every 2 s with its ETag;"
              f" one change per tablet per minute; {args.load_seconds:g} s after a 10 s warm-up:")
        floor_load(port, server, venues, tablets=args.tablets, seconds=args.load_seconds, warm_up=10)
    finally:
        server.terminate()
        server.wait(timeout=10)
        for bench in venues:
            bench.remove()


if __name__ == "__main__":
    main()

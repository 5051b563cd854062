"""Simulated tablets on the floor view: each a logged-in session polling the live part of
the page every 2 s with the ETag of what it shows, while staff change the floor (seat a
walk-in, add an order item, end a party) through the same views a tablet posts to."""
import http.client
import random
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from bookings.models import PartyTable

POLL_SECONDS = 2.0
CSRF_SECRET = "bench0csrf0secret0of032characters"[:32]


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    polls: list[float] = field(default_factory=list)  # latency in ms
    unchanged: int = 0
    changes: int = 0
    failures: list[str] = field(default_factory=list)

    def poll(self, ms: float, status: int) -> None:
        with self.lock:
            self.polls.append(ms)
            self.unchanged += status == 304
            if status not in (200, 304):
                self.failures.append(f"poll answered {status}")

    def summary(self) -> str:
        if not self.polls:
            return "no polls"
        cuts = statistics.quantiles(self.polls, n=100) if len(self.polls) > 1 else self.polls * 99
        return (f"{len(self.polls)} polls ({100 * self.unchanged / len(self.polls):.0f} % answered 304), "
                f"p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms; {self.changes} changes")


def base_headers(port: int, cookie: str) -> dict:
    """What a tablet behind the TLS proxy sends: its session, and the proxy's header."""
    return {"Cookie": cookie, "X-Forwarded-Proto": "https", "HX-Request": "true", "Host": f"127.0.0.1:{port}"}


class Tablet(threading.Thread):
    def __init__(self, *, port: int, path: str, cookie: str, until: float, stats: Stats):
        super().__init__(daemon=True)
        self.port, self.path, self.until, self.stats = port, path, until, stats
        self.headers = base_headers(port, cookie)

    def run(self) -> None:
        connection, etag = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30), ""
        next_poll = time.monotonic() + random.uniform(0, POLL_SECONDS)
        while next_poll < self.until:
            time.sleep(max(0.0, next_poll - time.monotonic()))
            started = time.perf_counter()
            connection.request("GET", self.path, headers={**self.headers, "If-None-Match": etag})
            response = connection.getresponse()
            response.read()
            self.stats.poll((time.perf_counter() - started) * 1000, response.status)
            etag = response.getheader("ETag", etag)
            next_poll += POLL_SECONDS


class Staff(threading.Thread):
    """Changes one venue's floor `per_minute` times a minute, as its tablets' staff would:
    seat walk-ins at free tables, add items to seated parties' orders, end parties."""

    def __init__(self, *, port: int, venue, cookie: str, product_id: int, free_table_ids: list[int],
                 per_minute: float, until: float, stats: Stats):
        super().__init__(daemon=True)
        self.port, self.venue, self.product_id, self.until, self.stats = port, venue, product_id, until, stats
        self.free, self.seated = list(free_table_ids), []  # table IDs
        self.interval = 60.0 / per_minute
        self.headers = {
            **base_headers(port, f"{cookie}; csrftoken={CSRF_SECRET}"),
            "X-CSRFToken": CSRF_SECRET, "Origin": f"https://127.0.0.1:{port}",
            "Content-Type": "application/x-www-form-urlencoded",
        }

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        next_change = time.monotonic() + random.uniform(0, self.interval)
        while next_change < self.until:
            time.sleep(max(0.0, next_change - time.monotonic()))
            path, form = self._next_change()
            connection.request("POST", f"/v/{self.venue.slug}/{path}", body=urllib.parse.urlencode(form, doseq=True),
                               headers=self.headers)
            response = connection.getresponse()
            body = response.read()
            with self.stats.lock:
                self.stats.changes += 1
                if response.status != 200 or b'role="alert"' in body:
                    self.stats.failures.append(f"{path} answered {response.status}")
            next_change += self.interval

    def _next_change(self) -> tuple[str, dict]:
        if self.free and (not self.seated or random.random() < 0.4):
            table_id = self.free.pop()
            self.seated.append(table_id)
            return "walk-ins/", {"covers": 2, "table_ids": [table_id], "confirmed": "on"}
        table_id = random.choice(self.seated)
        party_id = PartyTable.objects.filter(table_id=table_id, is_active=True).values_list("party_id", flat=True)[0]
        if random.random() < 0.75:
            return f"parties/{party_id}/items/", {"product": self.product_id, "quantity": 1, "table": table_id}
        self.seated.remove(table_id)
        self.free.append(table_id)
        return f"parties/{party_id}/end/", {"end_anyway": "on"}  # their bill waits in Unsettled bills

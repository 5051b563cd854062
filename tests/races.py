"""Races for the concurrency tests: attempts run at once, each in a thread and database
connection of its own, as concurrent requests reach the services. A race is run ROUNDS
times (each on a venue of its own), as a lost race shows only now and then."""
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from posbackoffice.kernel.errors import DomainError

ROUNDS = 10


def race(attempts: list[Callable[[], object]]) -> list[object]:
    """The outcome of each attempt, in order: what it returned, or the refusal it raised."""
    barrier = threading.Barrier(len(attempts))

    def run(attempt):
        try:
            barrier.wait()
            return attempt()
        except DomainError as refusal:
            return refusal
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts))

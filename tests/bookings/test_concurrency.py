"""Two hosts seating the same table at the same moment: exactly one of them succeeds."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from bookings import services
from bookings.models import Party, PartyTable
from posbackoffice.kernel.errors import Conflict

from ..factories import AreaFactory, TableFactory, VenueFactory

HOSTS = 6


def race(attempts):
    """Run every attempt at once, each in its own thread and database connection."""
    barrier = threading.Barrier(len(attempts))

    def run(attempt):
        try:
            barrier.wait()
            attempt()
            return "seated"
        except Conflict:
            return "conflict"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_concurrent_seatings_of_one_table_let_exactly_one_through(round_):
    venue = VenueFactory(slug=f"race-{round_}")
    area = AreaFactory(venue=venue)
    contested = TableFactory(area=area, name="T1")
    others = [TableFactory(area=area, name=f"T{n}") for n in range(2, HOSTS + 2)]

    outcomes = race(
        [
            # Each host takes a table of its own as well, in a different order.
            lambda own=own: services.party_create(
                venue=venue, table_ids=[own.pk, contested.pk], start_time=timezone.now(), covers=2
            )
            for own in others
        ]
    )

    assert sorted(outcomes) == ["conflict"] * (HOSTS - 1) + ["seated"]
    assert PartyTable.objects.filter(table=contested, is_active=True).count() == 1
    assert Party.objects.count() == 1, "the losers left nothing half-written"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_onto_one_table_let_exactly_one_through():
    venue = VenueFactory(slug="race-move")
    area = AreaFactory(venue=venue)
    target = TableFactory(area=area, name="T1")
    now = timezone.now()
    parties = [
        services.party_create(venue=venue, table_ids=[TableFactory(area=area, name=f"T{n}").pk], start_time=now)[0]
        for n in range(2, HOSTS + 2)
    ]

    outcomes = race(
        [
            lambda party=party: services.party_update(
                venue=venue, party_id=party.pk, table_ids=[target.pk], start_time=now, status="Seated"
            )
            for party in parties
        ]
    )

    assert sorted(outcomes) == ["conflict"] * (HOSTS - 1) + ["seated"]
    assert PartyTable.objects.filter(table=target, is_active=True).count() == 1

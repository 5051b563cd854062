"""Requests racing for the same tables or retrying the same create: each race ends as if
the requests had come one at a time, in every round, and each loser is told which table was
taken and by whom (the database's refusal, named once the loser's write has rolled back)."""
import datetime as dt

import pytest
from django.utils import timezone

from bookings import services
from bookings.models import Party, PartyTable, Reservation
from posbackoffice.kernel.errors import Conflict
from posbackoffice.kernel.models import ChangeRecord

from ..factories import AreaFactory, TableFactory, VenueFactory
from ..races import ROUNDS, race

HOSTS = 6
RETRIES = 8

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def outcomes(results) -> list[str]:
    return sorted("conflict" if isinstance(result, Conflict) else "seated" for result in results)


def refusals(results) -> set[str]:
    return {str(result) for result in results if isinstance(result, Conflict)}


def created(venue, entity: str) -> int:
    return ChangeRecord.objects.filter(venue_id=venue.pk, entity=entity, action=ChangeRecord.Action.CREATED).count()


def test_concurrent_seatings_of_one_table_let_exactly_one_through():
    for round_ in range(ROUNDS):
        venue = VenueFactory(slug=f"race-{round_}")
        area = AreaFactory(venue=venue)
        contested = TableFactory(area=area, name="T1")
        others = [TableFactory(area=area, name=f"T{n}") for n in range(2, HOSTS + 2)]

        results = race(
            [
                # Each host takes a table of its own as well, in a different order.
                lambda own=own: services.party_create(
                    venue=venue, table_ids=[own.pk, contested.pk], start_time=timezone.now(), covers=2
                )
                for own in others
            ]
        )

        assert outcomes(results) == ["conflict"] * (HOSTS - 1) + ["seated"], f"round {round_}"
        assert refusals(results) == {"T1 is already seated with a walk-in ×2."}, f"round {round_}"
        assert PartyTable.objects.filter(table=contested, is_active=True).count() == 1
        assert Party.objects.filter(venue=venue).count() == 1, "the losers left nothing half-written"


def test_concurrent_seatings_from_the_floor_name_the_party_that_won_the_table():
    for round_ in range(ROUNDS):
        venue = VenueFactory(slug=f"race-floor-{round_}")
        contested = TableFactory(area=AreaFactory(venue=venue), name="T1")

        results = race(
            [
                lambda host=host: services.party_seat_walk_in(
                    venue=venue, table_ids=[contested.pk], covers=2, name=f"Host {host}"
                )
                for host in range(HOSTS)
            ]
        )

        winner = Party.objects.get(venue=venue)
        assert outcomes(results) == ["conflict"] * (HOSTS - 1) + ["seated"], f"round {round_}"
        assert refusals(results) == {f"T1 is already seated with {winner.name} ×2."}, f"round {round_}"


def test_concurrent_moves_onto_one_table_let_exactly_one_through():
    venue = VenueFactory(slug="race-move")
    area = AreaFactory(venue=venue)
    target = TableFactory(area=area, name="T1")
    now = timezone.now()
    parties = [
        services.party_create(venue=venue, table_ids=[TableFactory(area=area, name=f"T{n}").pk], start_time=now)[0]
        for n in range(2, HOSTS + 2)
    ]

    results = race(
        [
            lambda party=party: services.party_update(
                venue=venue, party_id=party.pk, table_ids=[target.pk], start_time=now, status="Seated"
            )
            for party in parties
        ]
    )

    assert outcomes(results) == ["conflict"] * (HOSTS - 1) + ["seated"]
    assert refusals(results) == {"T1 is already seated with a walk-in."}
    assert PartyTable.objects.filter(table=target, is_active=True).count() == 1


def test_concurrent_retries_of_a_party_create_all_answer_the_party_it_made():
    for round_ in range(ROUNDS):
        # given Dojo sending the same CreateParty several times at once (its own retries)
        venue = VenueFactory(slug=f"retry-party-{round_}")
        table = TableFactory(area=AreaFactory(venue=venue), name="T1")

        def create():
            return services.party_create(
                venue=venue, dojo_party_id="dojo-party-1", table_ids=[table.pk], start_time=timezone.now(), covers=2
            )[0]

        # when they race
        results = race([create] * RETRIES)

        # then every one answers the one party made, none a Conflict with it
        party = Party.objects.get(venue=venue)
        assert [r.pk if isinstance(r, Party) else r for r in results] == [party.pk] * RETRIES, f"round {round_}"
        assert PartyTable.objects.filter(party=party, table=table, is_active=True).count() == 1
        assert created(venue, "party") == 1


def test_concurrent_retries_of_a_reservation_create_all_answer_the_reservation_it_made():
    for round_ in range(ROUNDS):
        venue = VenueFactory(slug=f"retry-reservation-{round_}")
        table = TableFactory(area=AreaFactory(venue=venue), name="T1")
        start = timezone.now() + dt.timedelta(days=1)

        def create():
            return services.reservation_create(
                venue=venue, dojo_reservation_id="dojo-res-1", name="Ada", covers=2, start_time=start,
                end_time=start + dt.timedelta(hours=2), table_ids=[table.pk],
            )[0]

        results = race([create] * RETRIES)

        reservation = Reservation.objects.get(venue=venue)
        assert [r.pk if isinstance(r, Reservation) else r for r in results] == [reservation.pk] * RETRIES, (
            f"round {round_}"
        )
        assert list(reservation.tables.all()) == [table]
        assert created(venue, "reservation") == 1

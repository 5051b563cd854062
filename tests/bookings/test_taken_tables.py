"""A table another party holds: nothing is read beforehand to find it; the database's unique
index refuses the seats, and once the write has rolled back the refusal names the table and
the party at it, whichever path seats guests there."""
import datetime as dt

import pytest
from django.db import IntegrityError

from bookings import services
from bookings.models import Party, PartyTable, WaitlistEntry
from bookings.services.steps import SeatsRefused, refusal
from posbackoffice.kernel.errors import Conflict

from .helpers import NOW, booked, seated

TAKEN = "T2 is already seated with Okafor ×3."


# Each path, given T1 and T3 free and Okafor's party at T2, set up to seat guests at T2.


def walk_in(venue, tables):
    return lambda: services.party_seat_walk_in(venue=venue, table_ids=[tables[1].pk], covers=2, now=NOW)


def reservation(venue, tables):
    booking = booked(venue, [tables[1]], starts_in=dt.timedelta(0), name="Sasha", covers=2)
    return lambda: services.party_seat_reservation(venue=venue, reservation_id=booking.pk, now=NOW)


def waitlist(venue, tables):
    entry = WaitlistEntry.objects.create(venue=venue, name="Rivera", covers=2, added_at=NOW)
    return lambda: services.waitlist_seat(venue=venue, entry_id=entry.pk, table_ids=[tables[1].pk], now=NOW)


def move(venue, tables):
    party = seated(venue, [tables[0]])
    return lambda: services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk, tables[2].pk], now=NOW)


def join(venue, tables):
    party = seated(venue, [tables[0]])
    return lambda: services.party_join_table(venue=venue, party_id=party.pk, table_id=tables[1].pk, now=NOW)


def end_undo(venue, tables):
    party = seated(venue, [tables[1], tables[2]], end_time=NOW - dt.timedelta(minutes=2))
    return lambda: services.party_end_undo(venue=venue, party_id=party.pk, now=NOW)


def dojo_create(venue, tables):
    return lambda: services.party_create(venue=venue, table_ids=[tables[1].pk], start_time=NOW, covers=2)


def dojo_update(venue, tables):
    party = seated(venue, [tables[0]])
    return lambda: services.party_update(
        venue=venue, party_id=party.pk, table_ids=[tables[1].pk], start_time=NOW, status="Seated"
    )


def seats_and_parties() -> tuple[list, list]:
    return (
        list(PartyTable.objects.order_by("pk").values_list("pk", "party_id", "table_id", "is_active")),
        list(Party.objects.order_by("pk").values_list("pk", "end_time", "covers")),
    )


@pytest.mark.parametrize("seating_at_t2", [walk_in, reservation, waitlist, move, join, end_undo, dojo_create, dojo_update])
def test_a_table_taken_beforehand_is_named_with_its_party_and_nothing_is_written(venue, tables, seating_at_t2):
    seated(venue, [tables[1]], name="Okafor", covers=3)
    attempt = seating_at_t2(venue, tables)
    before = seats_and_parties()

    with pytest.raises(Conflict) as refused:
        attempt()

    assert str(refused.value) == TAKEN
    assert seats_and_parties() == before


def test_the_questions_come_before_the_refusal(venue, tables):
    seated(venue, [tables[1]], name="Okafor", covers=3)
    party = seated(venue, [tables[0]])
    booked(venue, [tables[1]], starts_in=dt.timedelta(minutes=15))

    with pytest.raises(services.NeedsConfirmation):
        services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], now=NOW)
    with pytest.raises(Conflict, match=TAKEN):
        services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], now=NOW, confirmed=True)


def test_a_refusal_that_names_no_taken_table_says_so_in_general(venue, tables):
    party = seated(venue, [tables[0]])

    freed_since = refusal(SeatsRefused(party, [tables[1]]), "Check the floor.")
    another_constraint = refusal(IntegrityError("duplicate key"), "Check the floor.")

    assert str(freed_since) == str(another_constraint) == "Check the floor."

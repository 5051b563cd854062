"""What staff do with a seated party on the floor, at the service layer: move it, join and
release tables, change its details, end it and undo that."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings import services
from bookings.models import Party, PartyTable
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord

from ..factories import PartyFactory, TableFactory
from .helpers import NOW, active_table_ids, booked, seated


# Moving, joining and releasing tables


def test_move_party_to_other_tables(venue, tables):
    party = seated(venue, [tables[0]])

    services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk, tables[2].pk], now=NOW)

    assert active_table_ids(party) == [tables[1].pk, tables[2].pk]
    assert not PartyTable.objects.filter(table=tables[0]).exists()


def seats(party) -> list[tuple[int, int, bool]]:
    return [(seat.pk, seat.table_id, seat.is_active) for seat in party.party_tables.all()]


def test_a_move_to_one_other_table_moves_the_seat_in_place(venue, tables):
    party = seated(venue, [tables[0]])
    seat = PartyTable.objects.get(party=party)

    moved = services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[2].pk], now=NOW)

    assert seats(moved) == [(seat.pk, tables[2].pk, True)]
    assert list(PartyTable.objects.values_list("pk", "table_id")) == [(seat.pk, tables[2].pk)]


def test_a_move_to_other_tables_moves_the_seats_in_place_and_adds_or_deletes_the_rest(venue, tables):
    party = seated(venue, tables[:1])
    first = PartyTable.objects.get(party=party)

    more = services.party_move(venue=venue, party_id=party.pk, table_ids=[t.pk for t in tables[1:]], now=NOW)
    added = [pk for pk, _, _ in seats(more)[1:]]
    fewer = services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[0].pk], now=NOW)

    assert seats(more) == [(first.pk, tables[1].pk, True), (added[0], tables[2].pk, True), (added[1], tables[3].pk, True)]
    assert min(added) > first.pk
    assert seats(fewer) == [(first.pk, tables[0].pk, True)]
    assert list(PartyTable.objects.order_by("pk").values_list("pk", "table_id", "is_active")) == seats(fewer)


def test_a_party_keeping_some_of_its_tables_lists_them_first(venue, tables):
    party = seated(venue, tables[:3])
    first, second, third = PartyTable.objects.filter(party=party).order_by("pk")

    moved = services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[0].pk, tables[3].pk], now=NOW)

    added = seats(moved)[1][0]
    assert seats(moved) == [(first.pk, tables[0].pk, True), (added, tables[3].pk, True)]
    assert added > third.pk
    assert list(PartyTable.objects.order_by("pk").values_list("pk", "table_id", "is_active")) == seats(moved)


def test_move_party_onto_a_seated_table_is_a_conflict(venue, tables):
    party = seated(venue, [tables[0]])
    seated(venue, [tables[1]])

    with pytest.raises(Conflict, match="T2"):
        services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], now=NOW)
    assert active_table_ids(party) == [tables[0].pk]


def test_move_party_onto_a_table_reserved_soon_warns(venue, tables):
    party = seated(venue, [tables[0]])
    booked(venue, [tables[1]], starts_in=dt.timedelta(minutes=15))

    with pytest.raises(services.NeedsConfirmation):
        services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], now=NOW)

    services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], now=NOW, confirmed=True)
    assert active_table_ids(party) == [tables[1].pk]


def test_move_an_ended_party_is_a_conflict(venue, tables):
    party = seated(venue, [tables[0]], end_time=NOW)

    with pytest.raises(Conflict, match="already left"):
        services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], now=NOW)


def test_join_table_adds_it_to_the_party(venue, tables):
    party = seated(venue, [tables[0]])

    services.party_join_table(venue=venue, party_id=party.pk, table_id=tables[1].pk, now=NOW)

    assert active_table_ids(party) == [tables[0].pk, tables[1].pk]


def test_join_a_seated_table_is_a_conflict(venue, tables):
    party = seated(venue, [tables[0]])
    seated(venue, [tables[1]])

    with pytest.raises(Conflict):
        services.party_join_table(venue=venue, party_id=party.pk, table_id=tables[1].pk, now=NOW)


def test_join_an_inactive_table_is_refused(venue, tables):
    party = seated(venue, [tables[0]])
    tables[1].is_active = False
    tables[1].save()

    with pytest.raises(InvalidInput, match="not in service"):
        services.party_join_table(venue=venue, party_id=party.pk, table_id=tables[1].pk, now=NOW)


def test_join_a_table_the_party_holds_is_refused(venue, tables):
    party = seated(venue, [tables[0]])

    with pytest.raises(InvalidInput, match="already sits"):
        services.party_join_table(venue=venue, party_id=party.pk, table_id=tables[0].pk, now=NOW)


def test_release_table_frees_it(venue, tables):
    party = seated(venue, tables[:2])

    services.party_release_table(venue=venue, party_id=party.pk, table_id=tables[0].pk)

    assert active_table_ids(party) == [tables[1].pk]


def test_release_the_last_table_is_refused(venue, tables):
    party = seated(venue, [tables[0]])

    with pytest.raises(InvalidInput, match="only table"):
        services.party_release_table(venue=venue, party_id=party.pk, table_id=tables[0].pk)
    assert active_table_ids(party) == [tables[0].pk]


def test_release_a_table_the_party_does_not_hold_is_refused(venue, tables):
    party = seated(venue, tables[:2])

    with pytest.raises(InvalidInput, match="does not sit"):
        services.party_release_table(venue=venue, party_id=party.pk, table_id=tables[3].pk)


# Two parties sitting together


def test_a_party_absorbs_another_with_its_tables_and_covers(venue, tables):
    party = seated(venue, [tables[0]], covers=2)
    other = seated(venue, [tables[1], tables[2]], covers=3)

    services.party_absorb(venue=venue, party_id=party.pk, other_party_id=other.pk, now=NOW)

    party.refresh_from_db()
    other.refresh_from_db()
    assert active_table_ids(party) == [tables[0].pk, tables[1].pk, tables[2].pk]
    assert (party.covers, other.end_time, active_table_ids(other)) == (5, NOW, [])


@pytest.mark.parametrize("case", ["itself", "one has left"])
def test_absorbing_is_refused_for_itself_or_a_party_that_left(venue, tables, case):
    party = seated(venue, [tables[0]])
    other = party if case == "itself" else seated(venue, [tables[1]], end_time=NOW)

    with pytest.raises((InvalidInput, Conflict)):
        services.party_absorb(venue=venue, party_id=party.pk, other_party_id=other.pk, now=NOW)

    assert active_table_ids(party) == [tables[0].pk]


# Editing a party


def test_update_details_changes_what_staff_may_change(venue, tables):
    party = seated(venue, [tables[0]], guest_requests="Vegan", host_notes="")

    services.party_update_details(
        venue=venue, party_id=party.pk, covers=3, status="Mains", expected_end_time=NOW + dt.timedelta(hours=1),
        host_notes="Birthday", waiter_id=None,
    )

    party.refresh_from_db()
    assert (party.covers, party.status, party.expected_end_time, party.host_notes) == (
        3, "Mains", NOW + dt.timedelta(hours=1), "Birthday",
    )
    assert party.guest_requests == "Vegan"


def test_update_details_refuses_an_expected_end_before_seating(venue, tables):
    party = seated(venue, [tables[0]])

    with pytest.raises(InvalidInput, match="expected end"):
        services.party_update_details(
            venue=venue, party_id=party.pk, covers=3, status="Seated",
            expected_end_time=party.start_time - dt.timedelta(minutes=1), host_notes="", waiter_id=None,
        )


def test_update_details_refuses_an_empty_status(venue, tables):
    party = seated(venue, [tables[0]])

    with pytest.raises(InvalidInput, match="status"):
        services.party_update_details(venue=venue, party_id=party.pk, covers=3, status=" ", expected_end_time=None, host_notes="", waiter_id=None)


def test_update_details_of_an_unknown_party_is_not_found(venue):
    with pytest.raises(NotFound):
        services.party_update_details(venue=venue, party_id=999, covers=3, status="Seated", expected_end_time=None, host_notes="", waiter_id=None)


# Ending a party, and undoing it


def test_end_party_sets_its_end_time_and_frees_its_tables(venue, tables):
    party = seated(venue, tables[:2])

    ended = services.party_end(venue=venue, party_id=party.pk, now=NOW)

    assert ended.end_time == NOW
    assert active_table_ids(party) == []
    assert PartyTable.objects.filter(party=party).count() == 2


def test_end_answers_with_the_seats_it_freed_without_reading_them(venue, tables):
    party = seated(venue, [tables[2], tables[0]])

    with CaptureQueriesContext(connection) as queries:
        ended = services.party_end(venue=venue, party_id=party.pk, now=NOW)
    with CaptureQueriesContext(connection) as answer:
        answered = seats(ended)

    assert answered == list(PartyTable.objects.filter(party=party).order_by("pk").values_list("pk", "table_id", "is_active"))
    assert [table_id for _, table_id, _ in answered] == [tables[2].pk, tables[0].pk]
    assert len(answer) == 0
    assert [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "bookings_partytable" in q["sql"]] == []


def test_the_ended_party_is_answered_as_the_database_keeps_it(venue, tables):
    party = seated(venue, [tables[0]], deposit_payment_intent_ids=["pi_1"], deposit_value=1000, deposit_currency="GBP")

    ended = services.party_end(venue=venue, party_id=party.pk, now=NOW)

    kept = Party.objects.get(pk=party.pk)
    fields = [field.attname for field in Party._meta.concrete_fields]
    assert [getattr(ended, name) for name in fields] == [getattr(kept, name) for name in fields]
    assert ended.deposit_payment_intent_ids == ["pi_1"] and ended.updated_at > party.updated_at


def test_a_party_never_ends_before_it_started(venue, tables):
    party = PartyFactory(venue=venue, tables=[tables[0]], start_time=NOW)

    ended = services.party_end(venue=venue, party_id=party.pk, now=NOW - dt.timedelta(minutes=5))

    assert ended.end_time == NOW == Party.objects.get(pk=party.pk).end_time


def test_ending_another_venues_party_or_none_is_not_found(venue, tables):
    elsewhere = PartyFactory(tables=[TableFactory()])

    for party_id in (elsewhere.pk, 999_999):
        with pytest.raises(NotFound):
            services.party_end(venue=venue, party_id=party_id, now=NOW)
    assert Party.objects.get(pk=elsewhere.pk).end_time is None


def test_end_party_twice_is_a_conflict(venue, tables):
    party = seated(venue, [tables[0]])
    services.party_end(venue=venue, party_id=party.pk, now=NOW)

    with pytest.raises(Conflict, match="already left"):
        services.party_end(venue=venue, party_id=party.pk, now=NOW)


def test_undo_end_seats_the_party_again(venue, tables):
    party = seated(venue, tables[:2])
    services.party_end(venue=venue, party_id=party.pk, now=NOW)

    undone = services.party_end_undo(venue=venue, party_id=party.pk, now=NOW + dt.timedelta(minutes=1))

    assert undone.end_time is None
    assert active_table_ids(party) == [tables[0].pk, tables[1].pk]


def test_undo_end_after_the_window_is_a_conflict(venue, tables):
    party = seated(venue, [tables[0]])
    services.party_end(venue=venue, party_id=party.pk, now=NOW)

    with pytest.raises(Conflict, match="more than 5 minutes"):
        services.party_end_undo(venue=venue, party_id=party.pk, now=NOW + services.END_UNDO_WINDOW + dt.timedelta(seconds=1))
    assert active_table_ids(party) == []


def test_undo_end_when_a_table_was_taken_meanwhile_is_a_conflict(venue, tables):
    party = seated(venue, tables[:2])
    services.party_end(venue=venue, party_id=party.pk, now=NOW)
    services.party_seat_walk_in(venue=venue, table_ids=[tables[1].pk], covers=2, now=NOW)

    with pytest.raises(Conflict, match="T2"):
        services.party_end_undo(venue=venue, party_id=party.pk, now=NOW + dt.timedelta(minutes=1))
    party.refresh_from_db()
    assert party.end_time == NOW


def test_undo_end_of_a_seated_party_is_a_conflict(venue, tables):
    party = seated(venue, [tables[0]])

    with pytest.raises(Conflict, match="has not left"):
        services.party_end_undo(venue=venue, party_id=party.pk, now=NOW)


# Every action leaves an audit row naming the staff member


@pytest.mark.parametrize(
    "action",
    [
        lambda venue, party, tables: services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[1].pk], now=NOW),
        lambda venue, party, tables: services.party_join_table(venue=venue, party_id=party.pk, table_id=tables[1].pk, now=NOW),
        lambda venue, party, tables: services.party_update_details(
            venue=venue, party_id=party.pk, covers=2, status="Mains", expected_end_time=None, host_notes="", waiter_id=None,
        ),
        lambda venue, party, tables: services.party_end(venue=venue, party_id=party.pk, now=NOW),
    ],
    ids=["move", "join", "update_details", "end"],
)
def test_party_actions_are_audited_as_the_staff_member(venue, tables, django_user_model, action):
    user = django_user_model.objects.create_user("host")
    party = seated(venue, [tables[0]])

    with acting_as(Actor(source=Source.STAFF, user_id=user.pk)):
        action(venue, party, tables)

    record = ChangeRecord.objects.get(entity="party", entity_id=party.pk)
    assert (record.action, record.source, record.user_id) == ("updated", "staff", user.pk)

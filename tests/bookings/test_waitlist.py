"""The waitlist at the service layer: groups added with their quoted wait, seated from the
list as any walk-in (same rules, same questions), marked as gone or removed."""
import datetime as dt

import pytest

from bookings import selectors, services
from bookings.models import Party, WaitlistEntry
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord

from ..factories import VenueFactory
from .helpers import NOW, active_table_ids, booked, seated


def waiting(venue, **kwargs) -> WaitlistEntry:
    details = {"name": "Rivera", "covers": 3, "phone": "07700 900123", "notes": "At the bar", "quoted_minutes": 20, "now": NOW}
    return services.waitlist_add(venue=venue, **{**details, **kwargs})


def test_add_a_group_with_the_wait_they_were_quoted(venue):
    entry = waiting(venue, name="  Rivera ")

    assert (entry.name, entry.covers, entry.quoted_minutes, entry.added_at, entry.status) == ("Rivera", 3, 20, NOW, "waiting")
    assert ChangeRecord.objects.filter(entity="waitlist", entity_id=entry.pk, action="created").exists()


@pytest.mark.parametrize(
    ("details", "message"),
    [({"name": " "}, "name is needed"), ({"covers": 0}, "covers"), ({"quoted_minutes": 300}, "quoted wait")],
)
def test_add_refuses_what_cannot_be(venue, details, message):
    with pytest.raises(InvalidInput, match=message):
        waiting(venue, **details)
    assert not WaitlistEntry.objects.exists()


def test_the_list_shows_how_long_each_has_waited_against_the_quote(venue):
    first = waiting(venue, name="Rivera", quoted_minutes=20, now=NOW - dt.timedelta(minutes=25))
    second = waiting(venue, name="Chen", quoted_minutes=15, now=NOW - dt.timedelta(minutes=5))
    waiting(venue, name="Gone", now=NOW - dt.timedelta(minutes=40))
    services.waitlist_mark_left(venue=venue, entry_id=WaitlistEntry.objects.get(name="Gone").pk, now=NOW)

    listed = selectors.waitlist_waiting(venue=venue, now=NOW)

    assert [(w.entry, w.minutes, w.over_quote) for w in listed] == [(first, 25, True), (second, 5, False)]


def test_seat_from_the_list_makes_a_walk_in_party_and_closes_the_entry(venue, tables):
    entry = waiting(venue)

    party = services.waitlist_seat(venue=venue, entry_id=entry.pk, table_ids=[tables[0].pk], now=NOW)

    entry.refresh_from_db()
    assert (party.name, party.covers, party.host_notes, party.reservation_id) == ("Rivera", 3, "At the bar", None)
    assert active_table_ids(party) == [tables[0].pk]
    assert (entry.status, entry.closed_at, entry.party) == ("seated", NOW, party)
    assert selectors.waitlist_waiting(venue=venue, now=NOW) == []


def test_seat_from_the_list_asks_the_same_questions_as_any_seating(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=20), name="Sasha")
    entry = waiting(venue, covers=6)

    with pytest.raises(services.NeedsConfirmation) as raised:
        services.waitlist_seat(venue=venue, entry_id=entry.pk, table_ids=[tables[0].pk], now=NOW)

    assert [w.split(":")[0] for w in raised.value.warnings] == ["Reserved soon", "6 covers at T1, which seats 4."]
    entry.refresh_from_db()
    assert (entry.status, Party.objects.count()) == ("waiting", 0)


def test_seat_from_the_list_at_a_taken_table_is_refused_and_the_group_keeps_waiting(venue, tables):
    seated(venue, [tables[0]], name="Okafor", covers=2)
    entry = waiting(venue)

    with pytest.raises(Conflict, match="T1 is already seated with Okafor ×2"):
        services.waitlist_seat(venue=venue, entry_id=entry.pk, table_ids=[tables[0].pk], now=NOW)

    entry.refresh_from_db()
    assert entry.status == "waiting"


def test_a_group_seated_or_gone_cannot_be_seated_again(venue, tables):
    entry = waiting(venue)
    services.waitlist_mark_left(venue=venue, entry_id=entry.pk, now=NOW)

    with pytest.raises(Conflict, match="Rivera ×3 has already left"):
        services.waitlist_seat(venue=venue, entry_id=entry.pk, table_ids=[tables[0].pk], now=NOW)
    assert not Party.objects.exists()


def test_remove_takes_the_entry_off_the_list(venue):
    entry = waiting(venue)

    services.waitlist_remove(venue=venue, entry_id=entry.pk)

    assert not WaitlistEntry.objects.exists()
    assert ChangeRecord.objects.filter(entity="waitlist", entity_id=entry.pk, action="deleted").exists()


def test_another_venues_entry_is_not_found(venue, tables):
    theirs = waiting(VenueFactory())

    with pytest.raises(NotFound):
        services.waitlist_seat(venue=venue, entry_id=theirs.pk, table_ids=[tables[0].pk], now=NOW)
    with pytest.raises(NotFound):
        services.waitlist_remove(venue=venue, entry_id=theirs.pk)

"""What staff do with parties on the floor view, through Django's test client."""
import datetime as dt

import pytest
from django.utils import timezone

from bookings.models import Party, PartyTable

from ..factories import PartyFactory, ReservationFactory, WaiterFactory
from .floors import triggers, url


# Seating walk-ins, and what the floor answers


def test_seat_walk_in_closes_the_dialog_and_refreshes_the_floor(staff, floor):
    response = staff.post(
        url("seat-walk-in", floor.venue.slug), {"covers": 2, "name": "Rivera", "table_ids": [floor.tables["T1"].pk]},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#toast"
    assert triggers(response) == {"floor-changed", "dialog-close"}
    assert "Seated Rivera ×2 at T1." in response.content.decode()
    assert Party.objects.get(name="Rivera").covers == 2


def test_a_conflict_is_explained_in_place_and_the_floor_refreshes(staff, floor):
    PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    data = {"covers": 2, "table_ids": [floor.tables["T1"].pk]}

    from_page = staff.post(url("seat-walk-in", floor.venue.slug), data, headers={"HX-Request": "true"})
    from_script = staff.post(url("seat-walk-in", floor.venue.slug), data)

    assert (from_page.status_code, from_script.status_code) == (200, 409)
    assert "HX-Retarget" not in from_page.headers
    assert triggers(from_page) == {"floor-changed"}
    assert 'role="alert"' in from_page.content.decode() and "already seated" in from_page.content.decode()
    assert Party.objects.count() == 1


def test_a_reservation_due_soon_asks_before_seating(staff, floor):
    ReservationFactory(
        venue=floor.venue, tables=[floor.tables["T1"]], name="Sasha", covers=4,
        start_time=timezone.now() + dt.timedelta(minutes=20),
    )
    data = {"covers": 2, "table_ids": [floor.tables["T1"].pk]}

    warned = staff.post(url("seat-walk-in", floor.venue.slug), data, headers={"HX-Request": "true"})
    seated = staff.post(url("seat-walk-in", floor.venue.slug), {**data, "confirmed": "on"}, headers={"HX-Request": "true"})

    assert "Sasha ×4" in warned.content.decode()
    assert 'name="confirmed"' in warned.content.decode()
    assert triggers(seated) == {"floor-changed", "dialog-close"}
    assert Party.objects.count() == 1


def test_unreadable_input_is_refused_with_the_field_named(staff, floor):
    response = staff.post(url("seat-walk-in", floor.venue.slug), {"covers": "many", "table_ids": [floor.tables["T1"].pk]})

    assert response.status_code == 400
    assert "covers: Enter a whole number." in response.content.decode()
    assert not Party.objects.exists()


def test_party_details_take_the_expected_end_as_a_time_at_the_venue(staff, floor):
    start = dt.datetime(2026, 6, 12, 21, 30, tzinfo=dt.UTC)  # 22:30 in London
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=start, guest_requests="Vegan")

    response = staff.post(
        url("update", floor.venue.slug, party.pk),
        {"covers": "2", "status": "Mains", "expected_end": "00:15", "host_notes": "Quiet corner", "guest_requests": "changed"},
    )

    assert response.status_code == 200
    party.refresh_from_db()
    assert party.expected_end_time == dt.datetime(2026, 6, 12, 23, 15, tzinfo=dt.UTC)
    assert (party.covers, party.status, party.host_notes, party.guest_requests) == (2, "Mains", "Quiet corner", "Vegan")


def test_end_party_offers_undo(staff, floor):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])

    ended = staff.post(url("end", floor.venue.slug, party.pk), headers={"HX-Request": "true"})
    undo_url = url("undo-end", floor.venue.slug, party.pk)
    undone = staff.post(undo_url, headers={"HX-Request": "true"})

    assert f'hx-post="{undo_url}"' in ended.content.decode()
    assert undone.status_code == 200 and "again" in undone.content.decode()
    assert PartyTable.objects.get(party=party).is_active


@pytest.mark.parametrize(
    ("name", "args", "data", "check"),
    [
        ("move", ("party",), {"table_ids": ["T2"]}, lambda party: list(party.tables.values_list("name", flat=True)) == ["T2"]),
        ("join", ("party",), {"table_id": "T2"}, lambda party: sorted(party.tables.values_list("name", flat=True)) == ["T1", "T2"]),
    ],
)
def test_party_table_actions(staff, floor, name, args, data, check):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    values = {key: [floor.tables[v].pk for v in value] if isinstance(value, list) else floor.tables[value].pk for key, value in data.items()}

    response = staff.post(url(name, floor.venue.slug, party.pk), values, headers={"HX-Request": "true"})

    assert triggers(response) == {"floor-changed", "dialog-close"}
    assert check(party)


def test_release_the_last_table_is_explained(staff, floor):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])

    response = staff.post(url("release", floor.venue.slug, party.pk), {"table_id": floor.tables["T1"].pk})

    assert response.status_code == 400
    assert "only table" in response.content.decode()


def test_an_expected_end_before_the_seating_is_refused_not_taken_as_tomorrow(staff, floor):
    start = dt.datetime(2026, 6, 12, 18, 0, tzinfo=dt.UTC)  # 19:00 in London
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=start)

    response = staff.post(url("update", floor.venue.slug, party.pk), {"covers": "2", "status": "Seated", "expected_end": "18:30"})

    assert response.status_code == 400
    assert "18:30 is before the seating (19:00)" in response.content.decode()
    party.refresh_from_db()
    assert party.expected_end_time is None


def test_times_are_read_on_the_24_hour_clock_and_the_server_changed(staff, floor):
    start = dt.datetime(2026, 6, 12, 18, 0, tzinfo=dt.UTC)
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=start)
    ben = WaiterFactory(venue=floor.venue, name="Ben Okafor", initials="BO")

    response = staff.post(url("update", floor.venue.slug, party.pk), {"covers": "2", "status": "Mains", "expected_end": "2115", "waiter": ben.pk})

    assert response.status_code == 200
    party.refresh_from_db()
    assert (party.expected_end_time, party.waiter) == (dt.datetime(2026, 6, 12, 20, 15, tzinfo=dt.UTC), ben)
    assert 'type="time"' not in staff.get(url("table", floor.venue.slug, floor.tables["T1"].pk)).content.decode()


def test_more_covers_than_seats_are_asked_about_first(staff, floor):
    data = {"covers": 12, "table_ids": [floor.tables["T1"].pk]}

    asked = staff.post(url("seat-walk-in", floor.venue.slug), data, headers={"HX-Request": "true"})
    seated = staff.post(url("seat-walk-in", floor.venue.slug), {**data, "confirmed": "on"}, headers={"HX-Request": "true"})

    assert "12 covers at T1, which seats 2." in asked.content.decode() and "Seat anyway" in asked.content.decode()
    assert triggers(seated) == {"floor-changed", "dialog-close"}
    assert Party.objects.get().covers == 12

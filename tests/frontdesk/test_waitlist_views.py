"""The waitlist beside the floor, through Django's test client."""
import datetime as dt

import pytest
from django.utils import timezone

from bookings.models import Party, WaitlistEntry

from ..factories import ReservationFactory
from .evenings import add_waiting
from .floors import build_floor, triggers, url


def test_the_floor_shows_who_is_waiting_and_for_how_long(staff, floor):
    add_waiting(floor)

    html = staff.get(url("floor")).content.decode()

    assert "Rivera" in html and "waited 25 min of 20 quoted, over" in html
    assert "waited 12 min of 30 quoted" in html


def test_add_to_the_waitlist(staff, floor):
    response = staff.post(
        url("waitlist-add", floor.venue.slug),
        {"name": "Rivera", "covers": "3", "phone": "07700 900123", "notes": "", "quoted_minutes": "20"},
        headers={"HX-Request": "true"},
    )

    assert triggers(response) == {"floor-changed", "dialog-close"}
    assert "Rivera ×3 added to the waitlist, quoted 20 min." in response.content.decode()
    assert WaitlistEntry.objects.get().phone == "07700 900123"


def test_a_free_tables_dialog_offers_the_waiting_groups(staff, floor):
    add_waiting(floor)

    html = staff.get(url("table", floor.venue.slug, floor.tables["T1"].pk)).content.decode()

    assert "From the waitlist" in html and "Seat Rivera here" in html


def test_seat_a_waiting_group_in_one_tap(staff, floor):
    rivera = add_waiting(floor)[0]

    dialog = staff.get(url("waitlist-entry", floor.venue.slug, rivera.pk)).content.decode()
    response = staff.post(url("waitlist-seat", floor.venue.slug, rivera.pk), {"table_ids": [floor.tables["T3"].pk]},
                          headers={"HX-Request": "true"})

    assert "Seat at" in dialog and 'name="table_ids"' in dialog
    assert "Seated Rivera ×2 at T3 from the waitlist." in response.content.decode()
    assert Party.objects.get(name="Rivera").waitlist_entries.get() == rivera


def test_a_waiting_group_at_a_table_booked_soon_is_asked_about(staff, floor):
    rivera = add_waiting(floor)[0]
    ReservationFactory(venue=floor.venue, tables=[floor.tables["T3"]], name="Sasha", covers=4,
                       start_time=timezone.now() + dt.timedelta(minutes=20))

    asked = staff.post(url("waitlist-seat", floor.venue.slug, rivera.pk), {"table_ids": [floor.tables["T3"].pk]},
                       headers={"HX-Request": "true"})

    assert "Reserved soon" in asked.content.decode() and "Seat anyway" in asked.content.decode()
    assert not Party.objects.exists()


@pytest.mark.parametrize(("action", "message", "status"), [("waitlist-left", "left the waitlist", "left"), ("waitlist-remove", "removed from", None)])
def test_a_group_that_went_away_leaves_the_list(staff, floor, action, message, status):
    rivera = add_waiting(floor)[0]

    response = staff.post(url(action, floor.venue.slug, rivera.pk), headers={"HX-Request": "true"})

    assert message in response.content.decode()
    assert WaitlistEntry.objects.filter(pk=rivera.pk).values_list("status", flat=True).first() == status
    assert "Rivera" not in staff.get(url("waitlist", floor.venue.slug)).content.decode()


def test_another_venues_waitlist_is_not_reachable(staff, floor):
    other = build_floor(slug="elsewhere")
    theirs = add_waiting(other)[0]

    assert staff.get(url("waitlist", other.venue.slug)).status_code == 404
    assert staff.get(url("waitlist-entry", floor.venue.slug, theirs.pk)).status_code == 404
    assert staff.post(url("waitlist-seat", floor.venue.slug, theirs.pk), {"table_ids": [floor.tables["T1"].pk]}).status_code == 404
    assert WaitlistEntry.objects.get(pk=theirs.pk).status == "waiting"

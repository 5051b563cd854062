"""The evening at a glance through Django's test client: the timeline of any day, any day's
reservations beside the floor, and a party opened from the timeline."""
import datetime as dt
import re

from django.utils import timezone

from ..factories import PartyFactory
from .evenings import fill_evening
from .floors import build_floor, url


def test_the_timeline_draws_every_table_with_its_bars_and_now(staff, floor):
    evening = fill_evening(floor)

    html = staff.get(url("timeline", floor.venue.slug)).content.decode()

    assert "Today," in html and 'class="tl-now"' in html
    assert re.search(r'aria-label="T4: \d\d:\d\d to \d\d:\d\d, Nguyen for 4, booked"', html)
    assert f'data-dialog="{url("reservation", floor.venue.slug, evening.reservations["Nguyen"].pk)}"' in html
    assert [name for name in re.findall(r'id="tl-table-\d+">(\w+)', html)] == ["T1", "T2", "T3", "T4", "T5", "T6", "P1", "P2"]


def test_the_timeline_of_another_day(staff, floor):
    okoye = fill_evening(floor).reservations["Okoye"]
    tomorrow = timezone.localtime(okoye.start_time).date()

    html = staff.get(url("timeline", floor.venue.slug), {"date": tomorrow.isoformat()}).content.decode()

    assert "Okoye for 3" in html and "Nguyen" not in html
    assert 'class="tl-now"' not in html
    assert f'?date={(tomorrow - dt.timedelta(days=1)).isoformat()}' in html


def test_the_timeline_refreshes_by_itself_without_the_page(staff, floor):
    html = staff.get(url("timeline", floor.venue.slug), headers={"HX-Request": "true"}).content.decode()

    assert html.lstrip().startswith('<section id="timeline"') and "<header" not in html


def test_the_date_picker_shows_another_days_reservations(staff, floor):
    okoye = fill_evening(floor).reservations["Okoye"]
    tomorrow = timezone.localtime(okoye.start_time).date()

    other = staff.get(url("day", floor.venue.slug), {"date": tomorrow.isoformat()}).content.decode()
    today = staff.get(url("day", floor.venue.slug)).content.decode()

    assert "data-other-day" in other and "Okoye" in other and "Nut allergy" in other
    assert f'new/?date={tomorrow.isoformat()}' in other
    assert "data-other-day" not in today and "Today, " in today


def test_a_booking_of_a_later_day_is_changed_not_seated(staff, floor):
    okoye = fill_evening(floor).reservations["Okoye"]

    html = staff.get(url("reservation", floor.venue.slug, okoye.pk)).content.decode()

    assert "Seat Okoye" not in html and "<details class=\"action\" open>" in html
    assert 'name="guest_requests"' in html  # taken at the venue: staff wrote the requests down


def test_a_party_from_the_timeline_opens_its_table_or_what_it_was(staff, floor):
    seated = PartyFactory(venue=floor.venue, tables=[floor.tables["T2"]], name="Okafor")
    gone = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], name="Haddad", end_time=timezone.now())

    table = staff.get(url("party", floor.venue.slug, seated.pk)).content.decode()
    summary = staff.get(url("party", floor.venue.slug, gone.pk)).content.decode()

    assert "End party" in table and "Okafor" in table
    assert "Haddad" in summary and "left" in summary and "End party" not in summary


def test_another_venues_timeline_and_parties_are_not_found(staff, floor):
    other = build_floor(slug="elsewhere")
    party = PartyFactory(venue=other.venue, tables=[other.tables["T1"]])

    assert staff.get(url("timeline", other.venue.slug)).status_code == 404
    assert staff.get(url("day", other.venue.slug)).status_code == 404
    assert staff.get(url("party", floor.venue.slug, party.pk)).status_code == 404

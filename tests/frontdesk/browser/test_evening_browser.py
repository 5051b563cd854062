"""The evening at a glance and the waitlist in Chromium, at tablet landscape, tablet portrait
and phone widths: the timeline of today and of another day, any day's reservations beside the
floor, and walk-ins added to the waitlist, waiting, and seated from it. Writes the timeline's
and the waitlist's screenshots for docs/front-of-house.md."""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Party, WaitlistEntry
from posbackoffice.dojo.config import dojo_settings_set
from posbackoffice.dojo.models import OutboxEvent

from ..evenings import add_waiting, fill_evening
from ..floors import build_floor, staff_user
from .conftest import log_in, tile
from .screenshots import SCREENSHOTS
from .test_host_browser import VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)



@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def evening(db):
    return fill_evening(build_floor(busy=True))


@pytest.fixture
def signed_in(page, live_server, django_user_model, evening, console_errors, viewport):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page.context, live_server, staff_user(django_user_model, evening.venue))
    return page


def screenshot(page, name: str, **kwargs) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", **kwargs)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
    assert page.evaluate("document.documentElement.scrollWidth") == page.viewport_size["width"]  # nothing scrolls sideways


# The timeline


def test_the_timeline_of_tonight_opens_bookings_and_parties(signed_in, live_server, evening, viewport):
    page = signed_in
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Timeline").click()

    expect(page.get_by_role("heading", name=re.compile(r"^Today, "))).to_be_visible()
    expect(page.locator(".tl-now").first).to_be_attached()
    nguyen = page.get_by_role("button", name=re.compile(r"^T4: \d\d:\d\d to \d\d:\d\d, Nguyen for 4, booked$"))
    expect(nguyen).to_be_attached()
    okafor = page.get_by_role("button", name=re.compile(r"^T4: .*, Okafor for 5, seated$"))
    expect(page.locator(".tl-now").first).to_be_in_viewport()  # the timeline opens on now
    screenshot(page, f"timeline-{viewport}", full_page=viewport == "tablet-landscape")

    nguyen.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name=re.compile(r"Nguyen ×4$"))).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    okafor.click()
    expect(dialog.get_by_role("heading", name=re.compile(r"^T4 Seated"))).to_be_visible()


def test_the_timeline_and_the_floors_list_of_another_day(signed_in, live_server, evening):
    page = signed_in
    okoye = evening.reservations["Okoye"]
    tomorrow = timezone.localtime(okoye.start_time).date()
    page.goto(live_server.url + "/")

    page.get_by_role("button", name="Next day").click()
    day = page.locator("#day-view")
    expect(day.get_by_role("heading", name=re.compile(tomorrow.strftime("%A")))).to_be_visible()
    expect(day.get_by_role("button", name=re.compile("Okoye"))).to_be_visible()
    expect(day).to_contain_text("Nut allergy")
    expect(page.locator("#reservations")).to_be_hidden()

    page.goto(f"{live_server.url}/v/{evening.venue.slug}/timeline/")
    page.get_by_label("Day", exact=True).fill(tomorrow.isoformat())
    expect(page).to_have_url(re.compile(rf"date={tomorrow.isoformat()}"))
    expect(page.get_by_role("button", name=re.compile(r"^T2: 19:30 to 21:30, Okoye for 3, booked$"))).to_be_visible()
    expect(page.locator(".tl-now")).to_have_count(0)


# The waitlist


def test_add_a_group_to_the_waitlist(signed_in, live_server, evening):
    page = signed_in
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Add to waitlist").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Rivera")
    dialog.get_by_role("button", name="3", exact=True).click()
    dialog.get_by_label("Phone").fill("07700 900123")
    dialog.get_by_role("button", name="20 minutes").click()
    dialog.get_by_role("button", name="Add to waitlist").click()

    waitlist = page.locator("#waitlist")
    expect(waitlist.get_by_role("button", name=re.compile(r"^Rivera ×3 waited 0 min of 20 quoted$"))).to_be_visible()
    entry = WaitlistEntry.objects.get()
    assert (entry.covers, entry.phone, entry.quoted_minutes) == (3, "07700 900123", 20)


def test_the_wait_shows_against_the_quote_and_a_group_is_seated_in_one_tap(signed_in, live_server, evening, viewport):
    page = signed_in
    dojo_settings_set(venue=evening.venue, api_key="sk_sandbox_floor0123456789", software_house_id="pos-back-office")
    rivera = add_waiting(evening)[0]
    OutboxEvent.objects.all().delete()
    page.goto(live_server.url + "/")

    waitlist = page.locator("#waitlist")
    waiting = waitlist.get_by_role("button", name=re.compile(r"^Rivera ×2 waited 25 min of 20 quoted, over$"))
    waiting.scroll_into_view_if_needed()
    if viewport != "tablet-portrait":
        screenshot(page, f"waitlist-{viewport}")
    waiting.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("over the quote")
    if viewport == "tablet-landscape":
        screenshot(page, "waitlist-seat-tablet-landscape")
    dialog.get_by_role("button", name=re.compile(r"^Seat at P1\b")).click()

    expect(page.locator("#toast")).to_contain_text("Seated Rivera ×2 at P1 from the waitlist.")
    expect(waitlist).not_to_contain_text("Rivera")
    party = Party.objects.get(name="Rivera")
    rivera.refresh_from_db()
    assert (rivera.status, rivera.party) == ("seated", party)
    assert set(OutboxEvent.objects.values_list("event_type", "entity_id")) == {("PartyUpdated", str(party.pk))}


def test_seat_a_waiting_group_from_a_free_tables_dialog(signed_in, live_server, evening):
    page = signed_in
    add_waiting(evening)
    page.goto(live_server.url + "/")
    page.get_by_role("tab", name="Terrace").click()

    tile(page, "P1").click()
    page.get_by_role("dialog").get_by_role("button", name="Seat Chen here").click()

    expect(tile(page, "P1")).to_have_accessible_name(re.compile(r"^P1, Seated: Chen, 2 of 2 covers"))
    expect(page.locator("#waitlist")).not_to_contain_text("Chen")

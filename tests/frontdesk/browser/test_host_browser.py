"""A host's Friday night in Chromium, at tablet landscape, tablet portrait and phone widths:
every answer where the tap was made and in view, the next booking on every table, double
bookings asked about, guest requests in their own words, readable tiles in natural order, a
joined party as one, light dialogs, messages without IDs, and the smaller slips."""
import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Party, PartyTable, Reservation

from ...factories import PartyFactory, TableFactory
from ..floors import build_floor, staff_user
from .conftest import log_in, open_tile, tile

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"tablet-landscape": (1180, 820), "tablet-portrait": (820, 1180), "phone": (390, 844)}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def floor(db):
    return build_floor(busy=True)


@pytest.fixture
def floor_page(page, live_server, django_user_model, floor, console_errors, viewport):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page.context, live_server, staff_user(django_user_model, floor.venue))
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="The Lantern")).to_be_visible()
    return page


def hhmm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


# 1. Warnings and refusals where the tap was made, in view (7. naming guests and tables)


def test_a_warning_lands_in_view_in_the_form_that_asked(floor_page, floor):
    dialog = open_tile(floor_page, "T3")
    walk_in = dialog.locator("form", has=floor_page.get_by_role("button", name="Seat walk-in"))
    walk_in.get_by_role("group", name="Party size, quick pick").get_by_role("button", name="2", exact=True).click()
    walk_in.get_by_role("button", name="Seat walk-in").click()

    warning = walk_in.get_by_role("alert")
    expect(warning).to_contain_text("Reserved soon:")
    expect(warning).to_be_in_viewport()
    warning.get_by_role("button", name="Seat anyway").click()
    expect(tile(floor_page, "T3")).to_have_accessible_name(re.compile(r"^T3, Seated: walk-in, 2 of 4 covers"))


def test_a_refusal_lands_in_view_naming_the_guests_and_the_dialog_shows_the_truth(floor_page, floor):
    dialog = open_tile(floor_page, "T1")
    PartyTable.objects.create(party=PartyFactory(venue=floor.venue, name="Nakamura", covers=2), table=floor.tables["T1"])
    dialog.get_by_role("button", name="Seat walk-in").click()

    refusal = dialog.get_by_role("alert")
    expect(refusal).to_contain_text("T1 is already seated with Nakamura ×2.")
    expect(refusal).not_to_contain_text("ID")
    expect(refusal).to_be_in_viewport()
    expect(dialog.get_by_role("heading", name=re.compile(r"^T1 Seated"))).to_be_visible()
    expect(dialog.get_by_role("button", name="Seat walk-in")).to_have_count(0)
    assert Party.objects.filter(party_tables__table=floor.tables["T1"]).count() == 1


# 2. The next booking on a seated table, and an overrun


def test_a_seated_table_shows_its_next_booking_and_warns_of_an_overrun(floor_page, floor):
    sasha = floor.reservations["Sasha"]
    dialog = open_tile(floor_page, "T3")
    dialog.get_by_label("Covers").fill("2")
    dialog.get_by_role("button", name="Seat walk-in").click()
    dialog.get_by_role("button", name="Seat anyway").click()

    next_booking = f'next {hhmm(sasha.start_time)} Sasha for 4, their requests "Window seat please, gluten free."'
    expect(tile(floor_page, "T3")).to_have_accessible_name(re.compile(rf"^T3, Seated: walk-in, .*{re.escape(next_booking)}$"))
    expect(tile(floor_page, "T3")).to_contain_text(f"next {hhmm(sasha.start_time)} Sasha ×4")

    dialog = open_tile(floor_page, "T3")
    dialog.get_by_label("Expected end").fill(hhmm(sasha.start_time + dt.timedelta(minutes=45)))
    dialog.get_by_role("button", name="Save details").click()

    expect(tile(floor_page, "T3")).to_have_accessible_name(re.compile(r"expected to stay until \d\d:\d\d, past it$"))
    expect(tile(floor_page, "T3")).to_contain_text("⚠")
    dialog = open_tile(floor_page, "T3")
    expect(dialog.get_by_role("region", name="Next here")).to_contain_text("past Sasha's booking")


# 3. A double booking asks first


def test_a_double_booking_from_the_floor_asks_first(floor_page, floor):
    start = floor.reservations["Sasha"].start_time + dt.timedelta(minutes=15)
    floor_page.get_by_role("button", name="New reservation").click()
    dialog = floor_page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Ortiz")
    dialog.get_by_label("Covers").fill("2")
    dialog.get_by_label("Day").fill(timezone.localtime(start).date().isoformat())
    dialog.get_by_label("From").fill(hhmm(start))
    dialog.get_by_label("Until").fill(hhmm(start + dt.timedelta(hours=1, minutes=45)))
    dialog.get_by_role("checkbox", name=re.compile(r"^T3")).check()
    dialog.get_by_role("button", name="Book", exact=True).click()

    question = dialog.get_by_role("alert")
    expect(question).to_contain_text("Already booked at that time:")
    expect(question).to_contain_text("Sasha ×4 at T3")
    expect(question).to_be_in_viewport()
    assert Reservation.objects.filter(tables=floor.tables["T3"]).count() == 1

    question.get_by_role("button", name="Book anyway").click()
    expect(floor_page.locator("#toast")).to_contain_text("Booked Ortiz ×2")
    assert Reservation.objects.filter(tables=floor.tables["T3"]).count() == 2


# 4. Guest requests taken by phone, in their own words


def test_guest_requests_taken_by_phone_are_flagged_in_their_own_words(floor_page, floor):
    start = timezone.now() + dt.timedelta(minutes=20)
    floor_page.get_by_role("button", name="New reservation").click()
    dialog = floor_page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Nguyen")
    dialog.get_by_label("Covers").fill("2")
    dialog.get_by_label("Day").fill(timezone.localtime(start).date().isoformat())
    dialog.get_by_label("From").fill(hhmm(start))
    dialog.get_by_label("Until").fill(hhmm(start + dt.timedelta(hours=1)))
    dialog.get_by_label("Guest requests").fill("Anaphylaxis: peanuts")
    dialog.get_by_role("checkbox", name=re.compile(r"^T1")).check()
    dialog.get_by_role("button", name="Book", exact=True).click()

    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r'Nguyen for 2, their requests "Anaphylaxis: peanuts"$'))
    expect(tile(floor_page, "T1").locator(".requests")).to_have_attribute("title", "Anaphylaxis: peanuts")

    floor_page.locator("#reservations").get_by_role("button", name=re.compile("Nguyen")).click()
    floor_page.get_by_role("dialog").get_by_role("button", name="Seat Nguyen").click()
    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r'^T1, Seated: Nguyen, .*requests "Anaphylaxis: peanuts"'))
    expect(open_tile(floor_page, "T1").get_by_role("note")).to_contain_text("Anaphylaxis: peanuts")


# 5. Readable at a glance: text size, names not cut, natural order, arrow keys, joined tables


@pytest.mark.parametrize("viewport", ["tablet-landscape", "tablet-portrait"])
def test_tile_text_is_at_least_14_px_and_names_are_not_cut(floor_page):
    lines = floor_page.locator("#live .tile .line")
    expect(lines.first).to_be_visible()

    sizes = lines.evaluate_all("lines => lines.map(line => parseFloat(getComputedStyle(line).fontSize))")
    cut = floor_page.locator("#live .tile .who, #live .tile .next").evaluate_all(
        "lines => lines.filter(l => l.scrollWidth > l.clientWidth + 1 || l.scrollHeight > l.clientHeight + 1).map(l => l.textContent)"
    )

    assert min(sizes) >= 14
    assert cut == []


def test_tables_come_in_natural_order_and_area_tabs_follow_the_arrow_keys(floor_page, floor):
    main = floor.tables["T1"].area
    for name, x in (("T12", 4), ("T10", 22)):
        TableFactory(area=main, name=name, x=x, y=44, width=12, height=12, max_covers=2)
    floor_page.reload()

    expect(tile(floor_page, "T12")).to_be_visible()
    names = floor_page.locator("#live .tile").evaluate_all("tiles => tiles.map(t => t.getAttribute('aria-label').split(',')[0])")
    assert names == ["T1", "T2", "T3", "T4", "T5", "T6", "T10", "T12"]
    tile(floor_page, "T6").focus()
    floor_page.keyboard.press("Tab")
    expect(tile(floor_page, "T10")).to_be_focused()

    floor_page.get_by_role("tab", name="Main dining").focus()
    floor_page.keyboard.press("ArrowRight")
    expect(floor_page.get_by_role("tab", name="Terrace")).to_have_attribute("aria-selected", "true")
    expect(floor_page.get_by_role("tab", name="Terrace")).to_be_focused()
    floor_page.keyboard.press("Home")
    expect(floor_page.get_by_role("tab", name="Main dining")).to_have_attribute("aria-selected", "true")


def test_a_joined_party_shows_as_one(floor_page, floor):
    dialog = open_tile(floor_page, "T4")
    dialog.get_by_label("Table", exact=True).select_option(label="T1 (2 seats)")
    dialog.get_by_role("button", name="Join table").click()

    for name in ("T1", "T4"):
        expect(tile(floor_page, name)).to_have_accessible_name(
            re.compile(rf"^{name}, Seated: Okafor at T1\+T4, 5 of 8 covers, \d+ minutes, server Ana Lopes")
        )
        expect(tile(floor_page, name)).to_contain_text("T1+T4")


# 6. Light dialogs: covers quick pick, a move in one tap


def test_the_walk_in_dialog_is_short_with_a_covers_quick_pick(floor_page):
    dialog = open_tile(floor_page, "T1")
    dialog.get_by_role("button", name="5", exact=True).click()

    expect(dialog.get_by_label("Covers")).to_have_value("5")
    assert floor_page.evaluate("document.getElementById('dialog-body').scrollHeight") < 1100


def test_a_move_is_one_tap_on_the_new_table(floor_page, floor):
    dialog = open_tile(floor_page, "T2")
    dialog.get_by_role("button", name=re.compile(r"^Move to T1\b")).click()

    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r"^T1, Over time: walk-in, 2 of 2 covers"))
    expect(tile(floor_page, "T2")).to_have_accessible_name(re.compile(r"^T2, Free"))
    assert list(floor.parties["Walk-in"].tables.values_list("name", flat=True)) == ["T1"]


# 8. The smaller slips


def test_twelve_covers_on_a_two_top_are_confirmed_first(floor_page, floor):
    dialog = open_tile(floor_page, "T1")
    dialog.get_by_label("Covers").fill("12")
    dialog.get_by_role("button", name="Seat walk-in").click()

    question = dialog.get_by_role("alert")
    expect(question).to_contain_text("12 covers at T1, which seats 2.")
    expect(question).to_be_in_viewport()
    question.get_by_role("button", name="Seat anyway").click()
    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r"^T1, Seated: walk-in, 12 of 2 covers"))


def test_times_are_24_hour_an_end_before_the_seating_is_refused_and_the_server_changes(floor_page, floor):
    okafor = floor.parties["Okafor"]
    dialog = open_tile(floor_page, "T4")
    expected_end = dialog.get_by_label("Expected end")
    expect(expected_end).to_have_attribute("type", "text")
    expect(expected_end).to_have_value(hhmm(okafor.expected_end_time))

    expected_end.fill(hhmm(okafor.start_time - dt.timedelta(minutes=30)))
    dialog.get_by_role("button", name="Save details").click()
    refusal = dialog.get_by_role("alert")
    expect(refusal).to_contain_text(f"is before the seating ({hhmm(okafor.start_time)})")
    expect(refusal).to_be_in_viewport()

    dialog.get_by_label("Expected end").fill(hhmm(okafor.expected_end_time))
    dialog.get_by_label("Server").select_option(label="Ben Okafor (BO)")
    dialog.get_by_role("button", name="Save details").click()
    expect(tile(floor_page, "T4")).to_have_accessible_name(re.compile(r"server Ben Okafor"))
    okafor.refresh_from_db()
    assert okafor.waiter.initials == "BO"

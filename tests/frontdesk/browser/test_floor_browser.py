"""The floor view in a real headless Chromium against the live server."""
import datetime as dt
import re

import pytest
import requests
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Party, PartyTable, Reservation
from posbackoffice.dojo.config import dojo_settings_set
from posbackoffice.dojo.credentials import epos_credential_set
from posbackoffice.dojo.models import OutboxEvent

from ..floors import PASSWORD, build_floor, staff_user
from .conftest import log_in, open_tile, tile, watch_console
from .screenshots import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

REFRESH = 5_000  # ms: the floor polls every 2 s; allow for a slow machine


def active_tables(party: Party) -> list[str]:
    return sorted(PartyTable.objects.filter(party=party, is_active=True).values_list("table__name", flat=True))


@pytest.fixture
def floor(db):
    return build_floor(busy=True)


@pytest.fixture
def host(django_user_model, floor):
    return staff_user(django_user_model, floor.venue)


@pytest.fixture
def floor_page(page, live_server, host, console_errors):
    log_in(page.context, live_server, host)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="The Lantern")).to_be_visible()
    return page


def reservation(page, name: str):
    """The guest's entry in today's reservations beside the floor."""
    return page.locator("#reservations").get_by_role("button", name=re.compile(name))


def test_staff_log_in_with_the_form_and_see_their_floor(page, live_server, host, console_errors):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/login/"))

    page.get_by_label("Username").fill(host.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="The Lantern")).to_be_visible()
    expect(page.get_by_role("tab", name="Main dining")).to_have_attribute("aria-selected", "true")
    expect(tile(page, "T4")).to_contain_text("Okafor")
    expect(tile(page, "T4")).to_have_accessible_name(
        'T4, Seated: Okafor, 5 of 6 covers, 48 minutes, server Ana Lopes, requests "Shellfish allergy; one high chair.", '
        "275.00 GBP left to pay"
    )


def test_an_expired_session_takes_the_page_to_the_login_form(floor_page, live_server):
    floor_page.context.clear_cookies()

    expect(floor_page.get_by_role("button", name="Log in")).to_be_visible(timeout=REFRESH)
    expect(floor_page).to_have_url(re.compile(r"/login/\?next=/$"))


def test_seat_a_walk_in(floor_page, floor):
    dojo_settings_set(venue=floor.venue, api_key="sk_sandbox_floor0123456789", software_house_id="pos-back-office")
    dialog = open_tile(floor_page, "T1")
    dialog.get_by_label("Covers").fill("2")
    dialog.get_by_label("Name").fill("Rivera")
    dialog.get_by_role("button", name="Seat walk-in").click()

    expect(floor_page.get_by_role("status").filter(has_text="Seated Rivera ×2 at T1")).to_be_visible()
    expect(dialog).to_be_hidden()
    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r"^T1, Seated: Rivera, 2 of 2 covers"))
    party = Party.objects.get(name="Rivera")
    assert (party.covers, party.reservation_id, active_tables(party)) == (2, None, ["T1"])
    assert OutboxEvent.objects.filter(event_type="PartyUpdated", entity_id=str(party.pk)).exists()


def test_seating_a_walk_in_at_a_table_reserved_soon_warns_first(floor_page, floor):
    dialog = open_tile(floor_page, "T3")
    dialog.get_by_label("Covers").fill("2")
    dialog.get_by_role("button", name="Seat walk-in").click()

    warning = dialog.get_by_role("alert")
    expect(warning).to_contain_text("Reserved soon:")
    expect(warning).to_contain_text("Sasha ×4")
    assert not Party.objects.filter(party_tables__table=floor.tables["T3"]).exists()

    warning.get_by_role("button", name="Seat anyway").click()
    expect(dialog).to_be_hidden()
    expect(tile(floor_page, "T3")).to_have_accessible_name(re.compile(r"^T3, Seated: walk-in"))


def test_seat_a_reservation_from_todays_list(floor_page, floor):
    reservation(floor_page, "Marchetti").click()
    dialog = floor_page.get_by_role("dialog")
    expect(dialog.get_by_role("checkbox", name=re.compile(r"^T5"))).to_be_checked()
    dialog.get_by_role("button", name="Seat Marchetti").click()

    expect(dialog).to_be_hidden()
    expect(tile(floor_page, "T5")).to_have_accessible_name(re.compile(r"^T5, Seated: Marchetti, 6 of 6 covers"))
    seated = floor_page.locator("#reservations section.seated")
    expect(seated).to_contain_text("Marchetti")
    party = Party.objects.get(reservation=floor.reservations["Marchetti"])
    assert active_tables(party) == ["T5"]


def test_seat_a_reservation_on_other_tables_picked_on_the_plan(floor_page, floor):
    reservation(floor_page, "Sasha").click()
    dialog = floor_page.get_by_role("dialog")
    dialog.get_by_role("checkbox", name=re.compile(r"^T3")).uncheck()
    dialog.get_by_role("checkbox", name=re.compile(r"^T1")).check()
    dialog.get_by_role("button", name="Seat Sasha").click()
    expect(dialog.get_by_role("alert")).to_contain_text("4 covers at T1, which seats 2.")
    dialog.get_by_role("button", name="Seat anyway").click()

    expect(dialog).to_be_hidden()
    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r"^T1, Seated: Sasha"))
    assert active_tables(Party.objects.get(reservation=floor.reservations["Sasha"])) == ["T1"]


def test_move_a_party_to_several_tables(floor_page, floor):
    dialog = open_tile(floor_page, "T4")
    dialog.get_by_text("Move to several tables").click()
    move = dialog.locator("form", has=floor_page.get_by_role("button", name="Move party"))
    move.get_by_role("checkbox", name=re.compile(r"^T1")).check()
    move.get_by_role("button", name="Move party").click()

    expect(dialog).to_be_hidden()
    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r"^T1, Seated: Okafor at T1\+T4"))
    assert active_tables(floor.parties["Okafor"]) == ["T1", "T4"]


def test_join_a_table_then_release_it(floor_page, floor):
    dialog = open_tile(floor_page, "T4")
    dialog.get_by_label("Table", exact=True).select_option(label="T1 (2 seats)")
    dialog.get_by_role("button", name="Join table").click()

    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r"^T1, Seated: Okafor at T1\+T4, 5 of 8 covers"))
    assert active_tables(floor.parties["Okafor"]) == ["T1", "T4"]

    dialog = open_tile(floor_page, "T1")
    dialog.get_by_role("button", name="Release T4").click()

    expect(tile(floor_page, "T4")).to_have_accessible_name(re.compile(r"^T4, Free"))
    assert active_tables(floor.parties["Okafor"]) == ["T1"]


def test_edit_a_party_but_never_its_guest_requests(floor_page, floor):
    dialog = open_tile(floor_page, "T4")
    expect(dialog.get_by_role("note")).to_contain_text("Shellfish allergy")
    expect(dialog.get_by_role("textbox", name=re.compile("guest requests", re.I))).to_have_count(0)
    dialog.get_by_label("Covers").fill("6")
    dialog.get_by_label("Status").fill("Mains")
    dialog.get_by_label("Host notes").fill("Celebrating")
    dialog.get_by_role("button", name="Save details").click()

    expect(tile(floor_page, "T4")).to_have_accessible_name(re.compile(r"^T4, Seated: Okafor, 6 of 6 covers"))
    party = Party.objects.get(pk=floor.parties["Okafor"].pk)
    assert (party.covers, party.status, party.host_notes, party.guest_requests) == (
        6, "Mains", "Celebrating", "Shellfish allergy; one high chair.",
    )


def test_end_a_party_then_undo(floor_page, floor):
    dialog = open_tile(floor_page, "T4")
    dialog.get_by_role("button", name="End party: guests have left").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Okafor still has £275.00 left to pay.")
    dialog.get_by_role("button", name="End anyway").click()

    expect(tile(floor_page, "T4")).to_have_accessible_name(re.compile(r"^T4, Free"))
    party = Party.objects.get(pk=floor.parties["Okafor"].pk)
    assert party.end_time is not None and active_tables(party) == []

    floor_page.locator("#toast").get_by_role("button", name="Undo").click()

    expect(tile(floor_page, "T4")).to_have_accessible_name(re.compile(r"^T4, Seated: Okafor"))
    party.refresh_from_db()
    assert party.end_time is None and active_tables(party) == ["T4"]


def test_mark_a_late_reservation_as_no_show(floor_page, floor):
    reservation(floor_page, "Marchetti").click()
    floor_page.get_by_role("dialog").get_by_role("button", name="Mark as no-show").click()

    expect(floor_page.locator("#reservations section.no-show")).to_contain_text("Marchetti")
    floor.reservations["Marchetti"].refresh_from_db()
    assert floor.reservations["Marchetti"].no_show_at is not None


def test_take_a_reservation_then_cancel_it(floor_page, floor):
    floor_page.get_by_role("button", name="New reservation").click()
    dialog = floor_page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Ortiz")
    dialog.get_by_label("Covers").fill("2")
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=10))
    dialog.get_by_label("Day").fill(start.date().isoformat())
    dialog.get_by_label("From").fill(start.strftime("%H:%M"))
    dialog.get_by_label("Until").fill((start + dt.timedelta(hours=1)).strftime("%H:%M"))
    dialog.get_by_role("checkbox", name=re.compile(r"^T1")).check()
    dialog.get_by_role("button", name="Book", exact=True).click()

    expect(floor_page.locator("#reservations section.upcoming")).to_contain_text("Ortiz")
    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r"^T1, Reserved soon, next .* Ortiz for 2"))

    reservation(floor_page, "Ortiz").click()
    dialog.get_by_text("Change or cancel the booking").click()
    dialog.get_by_role("button", name="Cancel reservation").click()

    expect(floor_page.locator("#reservations")).not_to_contain_text("Ortiz")
    assert not Reservation.objects.filter(name="Ortiz").exists()


def test_my_tables_shows_only_the_waiters_section(floor_page, floor, host, live_server):
    floor.parties["Okafor"].waiter.user = host
    floor.parties["Okafor"].waiter.save()
    floor_page.reload()

    floor_page.get_by_role("button", name="My tables (AL)").click()

    expect(tile(floor_page, "T4")).to_be_visible()
    expect(tile(floor_page, "T1")).to_have_count(0)
    expect(floor_page.get_by_role("button", name="My tables (AL)")).to_have_attribute("aria-pressed", "true")


def test_the_floor_is_usable_from_the_keyboard(floor_page, floor):
    tile(floor_page, "T1").focus()
    floor_page.keyboard.press("Enter")
    dialog = floor_page.get_by_role("dialog")
    expect(dialog.get_by_label("Covers")).to_be_focused()
    floor_page.keyboard.type("2")
    floor_page.keyboard.press("Enter")

    expect(tile(floor_page, "T1")).to_have_accessible_name(re.compile(r"^T1, Seated: walk-in, 2 of 2"))
    expect(tile(floor_page, "T1")).to_be_focused()


def test_seat_and_end_on_a_phone(floor_page, floor):
    floor_page.set_viewport_size({"width": 390, "height": 844})
    dialog = open_tile(floor_page, "T5")
    dialog.get_by_label("Covers").fill("2")
    dialog.get_by_role("button", name="Seat walk-in").click()
    dialog.get_by_role("alert").get_by_role("button", name="Seat anyway").click()
    expect(tile(floor_page, "T5")).to_have_accessible_name(re.compile(r"^T5, Seated: walk-in"))

    dialog = open_tile(floor_page, "T5")
    dialog.get_by_role("button", name="End party: guests have left").click()

    expect(tile(floor_page, "T5")).to_have_accessible_name(re.compile(r"^T5, Reserved soon"))


def test_a_party_created_through_the_epos_api_appears_without_reload(floor_page, floor, live_server):
    epos_credential_set(venue=floor.venue, username="dojo-lantern", password="a" * 32)
    floor_page.get_by_role("tab", name="Terrace").click()
    expect(tile(floor_page, "P2")).to_have_accessible_name(re.compile(r"^P2, Free"))

    response = requests.post(
        live_server.url + "/epos/v1/parties",
        auth=("dojo-lantern", "a" * 32),
        json={
            "dojoPartyId": "dojo-p-1",
            "name": "Nakamura",
            "covers": 2,
            "tableIds": [str(floor.tables["P2"].pk)],
            "startTime": timezone.now().astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text

    expect(tile(floor_page, "P2")).to_have_accessible_name(re.compile(r"^P2, Seated: Nakamura"), timeout=REFRESH)


def test_the_terrace_tab_is_refreshed_by_itself(floor_page, floor, live_server):
    floor_page.get_by_role("tab", name="Terrace").click()
    expect(tile(floor_page, "P1")).to_have_accessible_name(re.compile(r"^P1, Free"))

    Party.objects.create(venue=floor.venue, name="Lindqvist", covers=2, start_time=timezone.now())
    PartyTable.objects.create(party=Party.objects.get(name="Lindqvist"), table=floor.tables["P1"])

    expect(tile(floor_page, "P1")).to_have_accessible_name(re.compile(r"^P1, Seated: Lindqvist"), timeout=REFRESH)
    expect(floor_page.get_by_role("tab", name="Terrace")).to_have_attribute("aria-selected", "true")


def test_staff_are_told_when_the_back_office_cannot_be_reached(page, live_server, host, floor):
    log_in(page.context, live_server, host)
    page.goto(live_server.url + "/")
    banner = page.get_by_text("Connection lost")
    expect(banner).to_be_hidden()

    page.route("**/live/**", lambda route: route.abort())
    expect(banner).to_be_visible(timeout=REFRESH)
    expect(tile(page, "T4")).to_contain_text("Okafor")

    page.unroute("**/live/**")
    expect(banner).to_be_hidden(timeout=REFRESH)


def test_two_devices_race_for_one_table_and_the_loser_sees_why(browser, live_server, floor, host):
    devices, errors = [], []
    for _ in range(2):
        context = browser.new_context()
        log_in(context, live_server, host)
        device = context.new_page()
        errors.append(watch_console(device))
        device.goto(live_server.url + "/")
        dialog = open_tile(device, "T1")
        dialog.get_by_label("Covers").fill("2")
        devices.append((context, device, dialog))

    for _, _, dialog in devices:
        dialog.get_by_role("button", name="Seat walk-in").click(no_wait_after=True)

    for _, device, _ in devices:
        expect(device.locator("#toast .toast, #action-dialog .problem")).to_have_count(1)
        # A stale refusal's dialog is fetched afresh, kept inert meanwhile, and its reason shown again.
        expect(device.locator("#dialog-body")).not_to_have_attribute("inert", "")
    losers = [dialog for _, device, dialog in devices if dialog.get_by_role("alert").count()]
    assert len(losers) == 1
    expect(losers[0].get_by_role("alert")).to_contain_text("T1 is already seated with a walk-in ×2.")
    for context, device, _ in devices:
        expect(tile(device, "T1")).to_have_accessible_name(re.compile(r"^T1, Seated"))
        context.close()
    assert Party.objects.filter(party_tables__table=floor.tables["T1"]).count() == 1
    assert errors == [[], []]


@pytest.mark.parametrize(
    ("name", "width", "height"),
    [("phone", 390, 844), ("tablet-landscape", 1280, 800), ("tablet-portrait", 800, 1280)],
)
def test_screenshots_of_the_floor(floor_page, floor, name, width, height):
    floor_page.set_viewport_size({"width": width, "height": height})
    expect(tile(floor_page, "T4")).to_be_in_viewport()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    floor_page.screenshot(path=SCREENSHOTS / f"floor-{name}.png", full_page=True)

    assert (SCREENSHOTS / f"floor-{name}.png").stat().st_size > 10_000
    assert floor_page.evaluate("document.documentElement.scrollWidth") == width  # nothing scrolls sideways

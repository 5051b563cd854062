"""The bill on the floor in a real headless Chromium: order, split three ways, pay one share
in cash and two by card, print, and the table free; a party leaving with money left; the
next guests at that table; Dojo paying at the table. Writes the bill's screenshots."""
import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Party
from orders import services
from orders.models import Order, OrderPayment
from orders.values import Money, PaymentSpec
from posbackoffice.kernel.actor import Actor, Source, acting_as

from ...orders.factories import ProductFactory
from ..floors import build_floor, staff_user
from .conftest import log_in, open_tile, tile
from .screenshots import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

REFRESH = 5_000  # ms: the floor polls every 2 s; allow for a slow machine
TABLET = {"width": 800, "height": 1280}
RECORD_PRINTS = "window.__prints = 0; window.print = () => { window.__prints += 1; };"


@pytest.fixture
def floor(db):
    floor = build_floor(busy=True)
    floor.venue.address = "3 Lantern Yard\nLondon\nE1 6AN"
    floor.venue.save()
    ProductFactory(venue=floor.venue, name="Burger", plu="BURGER", price=1250)
    ProductFactory(venue=floor.venue, name="Lemonade", plu="LEMONADE", price=400, tax_rate=500)
    return floor


@pytest.fixture
def floor_page(page, live_server, django_user_model, floor, console_errors):
    page.set_viewport_size(TABLET)
    page.context.add_init_script(RECORD_PRINTS)
    log_in(page.context, live_server, staff_user(django_user_model, floor.venue))
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="The Lantern")).to_be_visible()
    return page


def add(dialog, item: str, quantity: int) -> None:
    dialog.get_by_label("Item", exact=True).select_option(label=item)
    dialog.get_by_label("Quantity").fill(str(quantity))
    dialog.get_by_role("button", name="Add item").click()
    expect(dialog.get_by_role("status")).to_contain_text(f"Added {quantity} ×")


def screenshot(locator, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=SCREENSHOTS / f"{name}.png")
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 5_000


def test_order_split_three_ways_pay_in_cash_and_by_card_print_and_free_the_table(floor_page, floor):
    party = floor.parties["Walk-in"]
    dialog = open_tile(floor_page, "T2")
    add(dialog, "Burger · 12.50 GBP", 3)
    expect(dialog.locator(".order-total")).to_have_text("Total 37.50 GBP, 37.50 GBP left to pay.")

    dialog.get_by_text("Split the bill").click()
    split = dialog.get_by_role("form", name="Split equally")
    split.get_by_label("Guests").fill("3")
    split.get_by_role("button", name="Split equally").click()
    expect(dialog.get_by_role("status")).to_have_text("The bill is split.")
    expect(dialog.get_by_role("list", name="Shares")).to_contain_text("Guest 3: 12.50 GBP · 12.50 GBP left")
    screenshot(dialog, "bill-split")

    guest = dialog.get_by_role("form", name="Pay guest 1's share")
    guest.get_by_label("Cash tendered").fill("20")
    guest.get_by_role("button", name="Take payment for guest 1").click()
    expect(dialog.get_by_role("status")).to_have_text("Paid £12.50 in cash (tendered £20.00). Change due: £7.50.")
    screenshot(dialog, "bill-cash-change")
    for number, reference in ((2, "AUTH 4417"), (3, "AUTH 4418")):
        guest = dialog.get_by_role("form", name=f"Pay guest {number}'s share")
        guest.get_by_role("radio", name="Card").check()
        expect(guest.get_by_label("Cash tendered")).to_be_hidden()
        guest.get_by_label("Card terminal reference").fill(reference)
        guest.get_by_role("button", name=f"Take payment for guest {number}").click()
        expect(dialog.get_by_role("status")).to_contain_text(f"by card (ref. {reference})")

    expect(dialog.get_by_role("status")).to_contain_text("The bill is paid in full.")
    expect(dialog.locator(".order-total")).to_have_text("Total 37.50 GBP, paid in full.")
    order = Order.objects.get(party=party)
    assert order.status == "Finalized"
    assert list(order.payments.values_list("method", "paid_amount")) == [("cash", 1250), ("card", 1250), ("card", 1250)]

    with floor_page.expect_popup() as opened:
        dialog.get_by_role("link", name=f"Print bill {order.reference}").click()
    receipt = opened.value
    receipt.set_viewport_size({"width": 340, "height": 900})
    expect(receipt.get_by_role("main")).to_contain_text("Total £37.50")
    expect(receipt.get_by_role("main")).to_contain_text("E1 6AN")
    expect(receipt.get_by_role("main")).to_contain_text("Paid £37.50")
    expect(receipt.get_by_role("main")).to_contain_text("Card ref. AUTH 4418")
    receipt.wait_for_function("window.__prints === 1")
    receipt.emulate_media(media="print")
    screenshot(receipt.get_by_role("main"), "bill-receipt")
    receipt.close()

    dialog.get_by_role("button", name="End party: guests have left").click()
    expect(tile(floor_page, "T2")).to_have_accessible_name(re.compile(r"^T2, Free"), timeout=REFRESH)
    assert Party.objects.get(pk=party.pk).end_time is not None


def test_ending_a_party_with_money_left_asks_and_the_next_party_sees_no_old_bill(floor_page, floor):
    expect(tile(floor_page, "T4")).to_contain_text("275.00 GBP")
    screenshot(floor_page.locator("#plan"), "bill-floor")
    dialog = open_tile(floor_page, "T4")
    dialog.get_by_role("button", name="End party: guests have left").click()
    warning = dialog.get_by_role("alert")
    expect(warning).to_contain_text("Okafor still has £275.00 left to pay.")
    expect(dialog.get_by_role("button", name="End anyway")).to_be_visible()
    screenshot(dialog.locator("form", has=floor_page.get_by_role("alert")), "bill-left-to-pay")
    assert Party.objects.get(pk=floor.parties["Okafor"].pk).end_time is None

    dialog.get_by_role("button", name="End anyway").click()
    expect(tile(floor_page, "T4")).to_have_accessible_name(re.compile(r"^T4, Free"), timeout=REFRESH)
    unsettled = floor_page.get_by_role("button", name="Unsettled bills (1)")
    expect(unsettled).to_be_visible(timeout=REFRESH)

    dialog = open_tile(floor_page, "T4")
    dialog.get_by_label("Covers").fill("2")
    dialog.get_by_role("button", name="Seat walk-in").click()
    expect(tile(floor_page, "T4")).to_have_accessible_name(re.compile(r"^T4, Seated: walk-in"), timeout=REFRESH)
    dialog = open_tile(floor_page, "T4")
    expect(dialog.locator(".party-order")).to_contain_text("No order yet.")
    expect(dialog).not_to_contain_text("275.00")

    floor_page.keyboard.press("Escape")
    unsettled.click()
    dialog = floor_page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Unsettled bills")).to_be_visible()
    expect(dialog).to_contain_text("Okafor")
    expect(dialog).to_contain_text("275.00 GBP left to pay")
    screenshot(dialog, "bill-unsettled")


def test_dojo_paying_at_the_table_locks_out_staff_and_shows_on_the_floor(floor_page, floor):
    order = Order.objects.get(party=floor.parties["Okafor"])
    with acting_as(Actor(source=Source.EPOS_API)):
        services.order_lock_create(venue=floor.venue, order_id=order.pk, lock_id="pat-1",
                                   expires_at=timezone.now() + dt.timedelta(minutes=5))

    dialog = open_tile(floor_page, "T4")
    expect(dialog.get_by_role("note").filter(has_text="Being paid on a Dojo terminal until")).to_be_visible()
    expect(dialog.get_by_role("button", name="Take payment")).to_have_count(0)

    with acting_as(Actor(source=Source.EPOS_API)):
        services.order_record_payment(venue=floor.venue, order_id=order.pk, lock_id="pat-1",
                                      payment=PaymentSpec("pi_table", Money(10000, "GBP")))

    expect(tile(floor_page, "T4")).to_have_accessible_name(re.compile(r"175\.00 GBP left to pay"),
                                                            timeout=REFRESH)
    assert not OrderPayment.objects.filter(method="cash").exists()

"""Adding items to a party's order from the table dialog, in a real headless Chromium."""
import re

import pytest
from playwright.sync_api import expect

from orders.models import Order

from ...orders.factories import ProductFactory, ProductModifierFactory
from ..floors import build_floor, staff_user
from .conftest import log_in, tile

pytestmark = pytest.mark.django_db(transaction=True)

REFRESH = 5_000  # ms: the floor polls every 2 s; allow for a slow machine


@pytest.fixture
def floor(db):
    return build_floor(busy=True)


@pytest.fixture
def floor_page(page, live_server, django_user_model, floor, console_errors):
    log_in(page.context, live_server, staff_user(django_user_model, floor.venue))
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="The Lantern")).to_be_visible()
    return page


def test_add_items_to_a_seated_tables_order(floor_page, floor):
    burger = ProductFactory(venue=floor.venue, name="Burger", price=1250)
    ProductModifierFactory(product=burger, name="Cheese", price=150)
    tile(floor_page, "T2").click()
    dialog = floor_page.get_by_role("dialog")
    expect(dialog).to_contain_text("No order yet.")

    item = dialog.get_by_label("Item", exact=True)
    cheese = dialog.get_by_role("checkbox", name="Cheese")
    item.select_option(label="Tasting menu · 55.00 GBP")
    expect(cheese).to_be_hidden()
    item.select_option(label="Burger · 12.50 GBP")
    cheese.check()
    dialog.get_by_label("Quantity").fill("2")
    dialog.get_by_role("button", name="Add item").click()

    expect(dialog.get_by_role("status")).to_have_text("Added 2 × Burger.")
    expect(dialog.locator(".party-order .order-total")).to_have_text("Total 28.00 GBP, 28.00 GBP left to pay.")
    expect(dialog.locator(".order-lines")).to_contain_text("Burger + Cheese")
    expect(dialog.get_by_label("Item", exact=True)).to_be_focused()
    expect(tile(floor_page, "T2")).to_have_accessible_name(re.compile(r"^T2, Over time: walk-in, .*, 28\.00 GBP left to pay$"), timeout=REFRESH)

    dialog.get_by_role("button", name="Add item").click()

    expect(dialog.locator(".party-order .order-total")).to_have_text("Total 40.50 GBP, 40.50 GBP left to pay.")
    expect(tile(floor_page, "T2")).to_have_accessible_name(re.compile(r"^T2, Over time: walk-in, .*, 40\.50 GBP left to pay$"), timeout=REFRESH)
    order = Order.objects.get(party=floor.parties["Walk-in"])
    assert [(line.name, line.quantity) for line in order.items.order_by("position")] == [("Burger", 2), ("Burger", 1)]

"""The layout editor in a real headless Chromium: a manager drags, resizes and turns tables
with the mouse, and with touch at tablet width; a drop onto another table is refused on the
spot; undo, save, and the floor view open on another device follows without a reload."""
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from floorplan import demo
from floorplan.models import Table

from ...factories import AreaFactory, PartyFactory, TableFactory, VenueFactory, WaiterFactory
from ...floorplan.test_geometry import OVERLAP_CASES
from ..floors import staff_user
from .conftest import log_in, tile, watch_console
from .screenshots import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

REFRESH = 6_000  # ms: the floor polls every 2 s; allow for a slow machine
TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


@pytest.fixture
def venue(db):
    """Main dining, 100 × 60 cells: T1 (a party seated), T2 and T3 in a row, round T4 below."""
    venue = VenueFactory(name="The Lantern", slug="the-lantern")
    area = AreaFactory(venue=venue, name="Main dining")
    for name, x, y, shape in [("T1", 10, 10, "square"), ("T2", 40, 10, "square"), ("T3", 70, 10, "square"),
                              ("T4", 10, 40, "round")]:
        TableFactory(area=area, name=name, x=x, y=y, width=10, height=10, shape=shape)
    PartyFactory(venue=venue, tables=[Table.objects.get(name="T1")], name="Okafor", start_time=timezone.now())
    WaiterFactory(venue=venue, name="Ana Lima", initials="AL")
    return venue


@pytest.fixture
def host(django_user_model, venue):
    """Front-of-house staff, on the floor view."""
    return staff_user(django_user_model, venue, username="host")


@pytest.fixture
def manager(django_user_model, venue):
    user = django_user_model.objects.create_user("manager", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="floorplan"))
    venue.staff.add(user)
    return user


def open_editor(context, live_server, user, venue):
    log_in(context, live_server, user)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{live_server.url}/admin/floorplan/venue/{venue.pk}/layout/")
    expect(page.get_by_role("heading", name=f"Floor layout · {venue.name}")).to_be_visible()
    return page


@pytest.fixture
def open_floor(browser, live_server):
    """Opens the floor view on another device (a browser context of its own), closed after the test."""
    contexts = []

    def open_(user, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        log_in(context, live_server, user)
        page = context.new_page()
        errors = watch_console(page)
        page.goto(live_server.url + "/")
        expect(tile(page, "T1")).to_be_visible()
        return page, errors

    yield open_
    for context in contexts:
        context.close()


def table(page, name):
    return page.locator("#plan").get_by_role("button", name=re.compile(rf"^Table {re.escape(name)},"))


def drawn(page, name, measure):
    """The table's measure as drawn (plan cells): x, y, width or height of its shape, once
    the plan is redrawn after the last change."""
    after_redraw(page)
    return float(table(page, name).locator(".shape").get_attribute(measure))


def expect_drawn_at(page, name, x, y):
    """The table is drawn (once the plan is redrawn) at (x, y)."""
    shape = table(page, name).locator(".shape")
    expect(shape).to_have_attribute("x", f"{x:g}")
    expect(shape).to_have_attribute("y", f"{y:g}")


def centre(locator):
    """Where the element's centre is on the screen, read in one go once the plan is redrawn
    after the last change (`after_redraw`): the redraw replaces its elements, and may move
    them, as a grip grows with its table."""
    after_redraw(locator.page)
    return tuple(locator.evaluate("e => { const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }"))


def message(page):
    return page.locator("#editor-message")


def after_redraw(page):
    """Once the plan's redraw after the last change has run (the editor redraws on the next
    animation frame): a gesture begun before it could lose its element to the redraw."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def mouse_drag(page, start, end):
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=12)
    page.mouse.up()


def touch_drag(page, start, end, steps=12):
    """A finger dragged across the screen: real touch events, which Chromium turns into
    pointer events of type "touch"."""
    cdp = page.context.new_cdp_session(page)
    point = lambda x, y: {"touchPoints": [{"x": x, "y": y}]}  # noqa: E731
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", **point(*start)})
    for step in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * step / steps
        y = start[1] + (end[1] - start[1]) * step / steps
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", **point(x, y)})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_a_manager_lays_out_the_floor_with_the_mouse_and_every_floor_view_follows(
    page, live_server, venue, manager, host, open_floor, console_errors
):
    floor, floor_errors = open_floor(host)
    editor = open_editor(page.context, live_server, manager, venue)
    expect(table(editor, "T1")).to_have_accessible_name("Table T1, 4 seats, Okafor seated")

    # Drag the seated table T1 down and right: it snaps to the 50 cm grid.
    start = centre(table(editor, "T1"))
    mouse_drag(editor, start, (start[0] + 60, start[1] + 150))
    expect(message(editor)).to_have_text("Moved.")
    moved_x, moved_y = drawn(editor, "T1", "x"), drawn(editor, "T1", "y")
    assert (moved_x, moved_y) != (10, 10) and moved_x % 5 == 0 and moved_y % 5 == 0

    # Resize it from its bottom right corner, then turn it a quarter with the knob.
    mouse_drag(editor, centre(editor.locator('[data-handle="resize"][data-corner="2"] .knob')),
               tuple(c + 30 for c in centre(editor.locator('[data-handle="resize"][data-corner="2"] .knob'))))
    expect(message(editor)).to_have_text("Resized.")
    resized = drawn(editor, "T1", "width")
    assert resized > 10 and drawn(editor, "T1", "height") == resized, "a square keeps equal sides"
    middle = centre(table(editor, "T1").locator(".shape"))
    mouse_drag(editor, centre(editor.locator('[data-handle="rotate"] .knob')), (middle[0] + 150, middle[1]))
    expect(editor.get_by_label("Rotation (degrees)")).to_have_value("90")
    expect(message(editor)).to_have_text("Turned.")  # the turn is over before the next gesture

    # Dropped onto T2, T1 is refused and put back where it was.
    mouse_drag(editor, centre(table(editor, "T1")), centre(table(editor, "T2")))
    expect(message(editor)).to_have_text(re.compile(r"^Table T1 would overlap table T2: tables may not overlap\."))
    expect_drawn_at(editor, "T1", moved_x, moved_y)

    # Undo the turn, then save.
    editor.get_by_role("button", name="Undo").click()
    expect(editor.get_by_label("Rotation (degrees)")).to_have_value("0")
    editor.get_by_role("button", name="Save layout").click()
    expect(message(editor)).to_have_text("Layout saved.")

    saved = Table.objects.get(name="T1")
    assert (saved.x, saved.y, saved.width, saved.rotation) == (moved_x, moved_y, resized, 0)
    assert saved.party_tables.filter(is_active=True).exists(), "the party is still seated there"
    expect(tile(floor, "T1")).to_have_attribute(
        "style", re.compile(rf"--x: {saved.x}; --y: {saved.y}; --w: {saved.width}; --h: {saved.height};"), timeout=REFRESH
    )
    expect(tile(floor, "T1")).to_have_accessible_name(re.compile(r"^T1, Seated: Okafor"))
    assert floor_errors == []


def test_at_tablet_width_touch_moves_renames_and_assigns_waiters(browser, live_server, venue, manager, host, open_floor):
    context = browser.new_context(**TABLET)
    editor = open_editor(context, live_server, manager, venue)
    errors = watch_console(editor)
    floor, floor_errors = open_floor(host, **TABLET)

    # A finger drags T2 down to free floor, then onto T4, which is refused.
    start = centre(table(editor, "T2"))
    touch_drag(editor, start, (start[0], start[1] + 200))
    expect(message(editor)).to_have_text("Moved.")
    moved = (drawn(editor, "T2", "x"), drawn(editor, "T2", "y"))
    assert moved[1] > 10
    touch_drag(editor, centre(table(editor, "T2")), centre(table(editor, "T4")))
    expect(message(editor)).to_have_text(re.compile(r"^Table T2 would overlap table T4"))
    expect_drawn_at(editor, "T2", *moved)

    # A double tap edits its name and seats in place. (Two taps are a double tap within
    # 450 ms; a machine busy enough to space them further is given another go.)
    form = editor.locator("#inplace")
    for _ in range(3):
        for _ in range(2):
            editor.touchscreen.tap(*centre(table(editor, "T2")))
        if form.is_visible():
            break
        editor.keyboard.press("Escape")
    expect(form).to_be_visible()
    form.get_by_label("Name").fill("Window")
    form.get_by_label("Seats").fill("6")
    form.get_by_role("button", name="OK").tap()
    expect(table(editor, "Window")).to_have_accessible_name("Table Window, 6 seats")

    # Select T3 as well, and give both tables their waiter by name; undo and redo that.
    editor.get_by_role("button", name="Select several").tap()
    editor.touchscreen.tap(*centre(table(editor, "T3")))
    expect(editor.locator("#selection-summary")).to_have_text("2 selected")
    editor.get_by_label("Ana Lima").tap()
    expect(table(editor, "T3")).to_contain_text("AL")
    editor.get_by_role("button", name="Undo").tap()
    expect(table(editor, "T3")).not_to_contain_text("AL")
    editor.get_by_role("button", name="Redo").tap()
    expect(table(editor, "T3")).to_contain_text("AL")

    editor.get_by_role("button", name="Save layout").tap()
    expect(message(editor)).to_have_text("Layout saved.")
    window = Table.objects.get(name="Window")
    assert (window.max_covers, window.x, window.y) == (6, *moved)
    assert sorted(Table.objects.filter(waiters__name="Ana Lima").values_list("name", flat=True)) == ["T3", "Window"]
    expect(tile(floor, "Window")).to_have_attribute("style", re.compile(rf"--x: {window.x}; --y: {window.y};"),
                                                    timeout=REFRESH)
    assert (errors, floor_errors) == ([], [])
    context.close()


def test_the_editors_geometry_agrees_with_the_servers(page, live_server, venue, manager, console_errors):
    editor = open_editor(page.context, live_server, manager, venue)
    cases = [[vars(a), vars(b), expected] for a, b, expected in (case.values for case in OVERLAP_CASES)]

    answers = editor.evaluate(
        "cases => cases.map(([a, b]) => FloorEditor.geometry.overlap(a, b) && FloorEditor.geometry.overlap(b, a))",
        cases,
    )

    assert answers == [expected for _, _, expected in cases]


@pytest.mark.parametrize(
    ("name", "options"),
    [("layout-editor", {"viewport": {"width": 1280, "height": 800}}), ("layout-editor-tablet", TABLET)],
)
def test_the_demo_venues_layout_opens_in_the_editor(browser, live_server, name, options):
    login = demo.demo_venue_seed()
    context = browser.new_context(**options)
    user = login.venue.staff.get(username=login.username)
    editor = open_editor(context, live_server, user, login.venue)
    errors = watch_console(editor)

    editor.get_by_role("link", name="Bar").click()
    expect(table(editor, "B4")).to_be_visible()
    expect(editor.locator("#plan").get_by_role("button", name="Bar counter (bar counter)")).to_be_visible()
    table(editor, "B4").click()
    expect(editor.locator("#selection-summary")).to_have_text("Table B4")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
    assert editor.evaluate("document.documentElement.scrollWidth") == options["viewport"]["width"]
    assert errors == []
    context.close()

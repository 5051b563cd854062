"""The floor's polls: the live part of the page names the floor's version in its ETag, and a
poll sending it back is answered 304 after reading only that version."""
import datetime as dt
import json
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings import services as bookings
from bookings.models import PartyTable
from floorplan.models import Decor, Table
from frontdesk.versions import floor_version_of, live_etag
from orders import services as orders
from orders.values import Money, StaffPaymentSpec

from ..factories import PartyFactory, ReservationFactory, TableFactory, WaiterFactory
from ..orders.factories import ProductFactory
from .floors import staff_user, url

pytestmark = pytest.mark.usefixtures("floor_versions_now")

# What an unchanged poll may read: the session, the user, and the venue with its floor's version.
UNCHANGED_POLL_QUERIES = 3
# What a changed poll reads besides, each query compiled once: the venue's waiters (the
# user's among them), the areas (the tabs), the reservations of today and those still
# running (with their tables and the parties seated from them: the list, and each table's
# next booking), the area shown (its parties, its tables and theirs with their waiters'
# IDs) and its decor, the open and unsettled bills.
CHANGED_POLL_QUERIES = UNCHANGED_POLL_QUERIES + 7


def poll(client, venue, etag: str | None = None, **params):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(url("live", venue.slug), params, headers=headers)


def test_a_poll_with_the_etag_shown_answers_304_while_nothing_changed(staff, floor):
    first = poll(staff, floor.venue)

    unchanged = poll(staff, floor.venue, first["ETag"])

    assert (first.status_code, unchanged.status_code) == (200, 304)
    assert unchanged["ETag"] == first["ETag"] and unchanged.content == b""


def test_the_page_polls_with_the_etag_of_what_it_shows(staff, floor):
    response = poll(staff, floor.venue, area=floor.tables["T1"].area_id)

    headers = re.search(r'id="live"[^>]*hx-headers="([^"]+)"', response.content.decode()).group(1)
    assert json.loads(headers.replace("&quot;", '"')) == {"If-None-Match": response["ETag"]}


def test_the_whole_page_starts_with_the_etag_its_first_poll_sends(staff, floor):
    page = staff.get(url("floor")).content.decode()
    area = floor.tables["T1"].area_id

    etag = json.loads(re.search(r'hx-headers="([^"]+)"', page[page.index('id="live"'):]).group(1).replace("&quot;", '"'))
    assert poll(staff, floor.venue, etag["If-None-Match"], area=area).status_code == 304


def test_an_unchanged_poll_reads_only_the_session_the_user_and_the_version(staff, floor):
    etag = poll(staff, floor.venue)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        assert poll(staff, floor.venue, etag).status_code == 304

    assert len(queries) == UNCHANGED_POLL_QUERIES
    assert "frontdesk_floorversion" in queries[-1]["sql"]


def change_party(floor):
    return PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], name="Nguyen", start_time=timezone.now())


def change_reservation(floor):
    return ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=timezone.now() + dt.timedelta(minutes=30))


def change_order(floor):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T2"]])
    orders.order_add_item_for_party(venue=floor.venue, party_id=party.pk, product=ProductFactory(venue=floor.venue))


def change_table(floor):
    table = Table.objects.get(pk=floor.tables["T3"].pk)
    table.is_active = False
    table.save()


def change_waiters_of_a_table(floor):
    floor.tables["T4"].waiters.add(WaiterFactory(venue=floor.venue))


def change_decor(floor):
    Decor.objects.create(area=floor.tables["T1"].area, kind="wall", x=0, y=0, width=10, height=1)


def change_area_size(floor):
    area = floor.tables["T1"].area
    area.width += 10
    area.save()


def change_table_retired(floor):
    Table.objects.filter(pk=floor.tables["T3"].pk).update(is_active=False, retired_at=timezone.now())


def _open_bill(floor):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T2"]])
    product = ProductFactory(venue=floor.venue, price=1000)
    order = orders.order_add_item_for_party(venue=floor.venue, party_id=party.pk, product=product)
    return order, floor_version_of(floor.venue)


def change_payment(floor):
    """The bill a tile shows is the order's stored amounts, stored again by each payment."""
    order, version = _open_bill(floor)
    orders.order_take_payment(venue=floor.venue, order_id=order.pk, payment=StaffPaymentSpec(
        method="cash", amount=Money(400, "GBP"), idempotency_key="cash-key-0001"))
    assert floor_version_of(floor.venue) > version


def change_split(floor):
    order, version = _open_bill(floor)
    orders.order_split_equally(venue=floor.venue, order_id=order.pk, guests=2)
    assert floor_version_of(floor.venue) > version


def change_seats_in_bulk(floor):
    """A write that sends no model signal (as `bookings.services.steps.seat` makes) counts too."""
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T5"]])
    version = floor_version_of(floor.venue)
    PartyTable.objects.filter(party=party).update(is_active=False)
    assert floor_version_of(floor.venue) > version


@pytest.mark.parametrize(
    "change",
    [
        change_party, change_reservation, change_order, change_table, change_waiters_of_a_table, change_seats_in_bulk,
        change_decor, change_area_size, change_table_retired, change_payment, change_split,
    ],
)
def test_any_change_the_floor_shows_answers_the_new_floor(staff, floor, change):
    etag = poll(staff, floor.venue)["ETag"]

    change(floor)
    changed = poll(staff, floor.venue, etag)

    assert changed.status_code == 200 and changed["ETag"] != etag


def listed(response) -> list[int]:
    """The reservations the list beside the plan shows, in its order."""
    return [int(pk) for pk in re.findall(r'id="reservation-(\d+)"', response.content.decode())]


@pytest.mark.parametrize("change", [change_party, change_order, change_payment, change_waiters_of_a_table, change_decor])
def test_a_change_that_leaves_the_reservations_alone_renders_the_floor_without_reading_them(staff, floor, change):
    booked = change_reservation(floor)
    etag = poll(staff, floor.venue)["ETag"]

    change(floor)
    with CaptureQueriesContext(connection) as queries:
        changed = poll(staff, floor.venue, etag)

    assert changed.status_code == 200 and listed(changed) == [booked.pk]
    assert len(queries) == CHANGED_POLL_QUERIES - 1
    assert not [query for query in queries if 'FROM "bookings_reservation"' in query["sql"]]


def test_each_change_to_the_reservations_is_listed_at_the_next_poll(staff, floor):
    def after(change) -> str:
        nonlocal etag
        change()
        response = poll(staff, floor.venue, etag)
        etag = response["ETag"]
        return response.content.decode()

    etag = poll(staff, floor.venue)["ETag"]
    booked = change_reservation(floor)
    other = ReservationFactory(venue=floor.venue, tables=[floor.tables["T2"]], start_time=timezone.now() + dt.timedelta(hours=1))

    assert re.findall(r'id="reservation-(\d+)"', after(lambda: None)) == [str(booked.pk), str(other.pk)]
    seated = after(lambda: bookings.party_seat_reservation(venue=floor.venue, reservation_id=booked.pk))
    assert '<p class="seated-at">Seated' in seated[seated.index(f'id="reservation-{booked.pk}"'):]
    renamed = after(lambda: Table.objects.filter(pk=floor.tables["T2"].pk).update(name="T20"))
    assert '<span class="tables">T20</span>' in renamed[renamed.index(f'id="reservation-{other.pk}"'):]
    gone = after(lambda: bookings.reservation_delete(venue=floor.venue, reservation_id=other.pk))
    assert f'id="reservation-{other.pk}"' not in gone


def test_a_change_made_through_a_service_is_shown_at_the_next_poll(staff, floor):
    etag = poll(staff, floor.venue)["ETag"]

    bookings.party_seat_walk_in(venue=floor.venue, table_ids=[floor.tables["P1"].pk], covers=2, name="Osei")
    changed = poll(staff, floor.venue, etag, area=floor.tables["P1"].area_id)

    assert 'aria-label="P1, Seated: Osei' in changed.content.decode()


def test_another_venues_change_leaves_the_floor_unchanged(staff, floor):
    from .floors import build_floor

    etag = poll(staff, floor.venue)["ETag"]

    other = build_floor(slug="elsewhere")
    PartyFactory(venue=other.venue, tables=[other.tables["T1"]])

    assert poll(staff, floor.venue, etag).status_code == 304


def test_the_etag_changes_with_the_minute_and_with_what_is_asked_for():
    now = timezone.now().replace(second=10)
    etag = live_etag(version=7, now=now, area="3", mine=False)

    assert live_etag(version=7, now=now + dt.timedelta(seconds=40), area="3", mine=False) == etag
    assert live_etag(version=7, now=now + dt.timedelta(minutes=1), area="3", mine=False) != etag
    assert live_etag(version=8, now=now, area="3", mine=False) != etag
    assert live_etag(version=7, now=now, area="4", mine=False) != etag
    assert live_etag(version=7, now=now, area="3", mine=True) != etag


def test_tablets_showing_the_same_floor_share_one_rendering(staff, floor, django_user_model, client):
    colleague = staff_user(django_user_model, floor.venue, username="kim")
    client.force_login(colleague)
    area = floor.tables["T1"].area_id
    first = poll(staff, floor.venue, area=area)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(url("live", floor.venue.slug), {"area": area})

    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert len(queries) == UNCHANGED_POLL_QUERIES + 1  # and the venue's waiters (the user's among them)


def test_a_waiter_is_not_shown_another_users_rendering(staff, floor, django_user_model, client):
    waiter = WaiterFactory(venue=floor.venue, initials="KW", user=staff_user(django_user_model, floor.venue, "kw"))
    client.force_login(waiter.user)
    area = floor.tables["T1"].area_id
    poll(staff, floor.venue, area=area)

    mine = client.get(url("live", floor.venue.slug), {"area": area})

    assert "My tables (KW)" in mine.content.decode()


def test_another_area_is_answered_in_full_whatever_the_etag_sent(staff, floor):
    main = poll(staff, floor.venue, area=floor.tables["T1"].area_id)

    terrace = poll(staff, floor.venue, main["ETag"], area=floor.tables["P1"].area_id)

    assert terrace.status_code == 200 and 'aria-label="P1, Free"' in terrace.content.decode()


def test_a_venue_the_user_is_not_on_the_staff_of_is_not_found_with_or_without_an_etag(staff, floor):
    from .floors import build_floor

    other = build_floor(slug="not-mine")

    assert poll(staff, other.venue).status_code == 404
    assert poll(staff, other.venue, '"1.2.3"').status_code == 404


def test_a_changed_poll_takes_the_same_queries_however_busy_the_floor(staff, floor):
    main, terrace = floor.tables["T1"].area, floor.tables["P1"].area

    def busier_by(count):
        for n in range(count):
            table, outside = TableFactory(area=main, y=40 + n), TableFactory(area=terrace, y=40 + n)
            table.waiters.add(WaiterFactory(venue=floor.venue))
            party = PartyFactory(venue=floor.venue, tables=[table, outside], start_time=timezone.now())
            orders.order_open_for_party(party=party)
            ReservationFactory(venue=floor.venue, tables=[table], start_time=timezone.now() + dt.timedelta(minutes=20))

    def queries_of_a_changed_poll():
        etag = poll(staff, floor.venue, area=main.pk)["ETag"]
        busier_by(1)
        with CaptureQueriesContext(connection) as queries:
            assert poll(staff, floor.venue, etag, area=main.pk).status_code == 200
        return len(queries)

    assert queries_of_a_changed_poll() == CHANGED_POLL_QUERIES
    busier_by(30)

    assert queries_of_a_changed_poll() == CHANGED_POLL_QUERIES


@pytest.fixture
def sessions_in_redis(settings):
    """As production keeps sessions with Redis: read from there, written to both."""
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": settings.REDIS_URL, "KEY_PREFIX": "test-sessions"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield
    caches["default"].clear()


@pytest.mark.redis
def test_with_sessions_in_redis_an_unchanged_poll_reads_the_user_and_the_version_only(
    sessions_in_redis, floor, client, django_user_model
):
    client.force_login(staff_user(django_user_model, floor.venue, username="rae"))
    etag = poll(client, floor.venue)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        assert poll(client, floor.venue, etag).status_code == 304

    assert len(queries) == UNCHANGED_POLL_QUERIES - 1  # the session came from Redis
    client.logout()
    assert poll(client, floor.venue, etag).status_code == 302  # to the login page, at once

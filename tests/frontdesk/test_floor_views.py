"""Reading the floor view through Django's test client: who may see which venue, the live
part of the page, the dialogs."""
import datetime as dt
import re
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookings.models import Party
from floorplan.models import Decor
from orders.services import order_add_item, order_open_for_party

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, VenueFactory
from ..orders.factories import ProductFactory
from .floors import build_floor, url


# Login and venue scoping


@pytest.mark.parametrize(
    ("method", "name", "needs"),
    [
        ("get", "floor", ()),
        ("get", "live", ("slug",)),
        ("get", "table", ("slug", "table")),
        ("post", "seat-walk-in", ("slug",)),
        ("post", "end", ("slug", "party")),
    ],
)
def test_no_staff_page_without_login(client, floor, method, name, needs):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    values = {"slug": floor.venue.slug, "table": floor.tables["T1"].pk, "party": party.pk}

    response = getattr(client, method)(url(name, *[values[n] for n in needs]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Party.objects.get(pk=party.pk).end_time is None


def test_login_page_logs_staff_in_to_the_floor(client, host):
    response = client.post(reverse("login"), {"username": host.username, "password": "a-long-staff-password-1"})

    assert response.status_code == 302 and response.url == url("floor")
    assert client.get(url("floor")).status_code == 200


def test_floor_shows_the_users_venue_and_its_tables(staff, floor):
    response = staff.get(url("floor"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "The Lantern" in html
    assert 'aria-label="T1, Free"' in html
    assert '"x-csrftoken"' in html


def test_another_venues_floor_is_not_found(staff, floor):
    other = build_floor(slug="elsewhere")

    assert staff.get(url("venue-floor", other.venue.slug)).status_code == 404
    assert staff.get(url("live", other.venue.slug)).status_code == 404
    assert staff.get(url("table", other.venue.slug, other.tables["T1"].pk)).status_code == 404


def test_a_table_of_another_venue_is_not_found_through_ones_own(staff, floor):
    other = build_floor(slug="elsewhere")

    assert staff.get(url("table", floor.venue.slug, other.tables["T1"].pk)).status_code == 404


def test_acting_on_another_venue_is_refused_and_changes_nothing(staff, floor):
    other = build_floor(slug="elsewhere")
    party = PartyFactory(venue=other.venue, tables=[other.tables["T1"]])

    seat = staff.post(url("seat-walk-in", other.venue.slug), {"covers": 2, "table_ids": [other.tables["T2"].pk]})
    end = staff.post(url("end", other.venue.slug, party.pk))

    assert (seat.status_code, end.status_code) == (404, 404)
    assert Party.objects.filter(venue=other.venue).count() == 1
    assert Party.objects.get(pk=party.pk).end_time is None


def test_a_party_of_another_venue_is_not_found_through_ones_own(staff, floor):
    other = build_floor(slug="elsewhere")
    party = PartyFactory(venue=other.venue, tables=[other.tables["T1"]])

    response = staff.post(url("end", floor.venue.slug, party.pk))

    assert response.status_code == 404
    assert Party.objects.get(pk=party.pk).end_time is None


def test_a_user_on_no_venues_staff_is_told_so(client, django_user_model, floor):
    client.force_login(django_user_model.objects.create_user("newcomer"))

    response = client.get(url("floor"))

    assert response.status_code == 403
    assert b"not on the staff of any venue" in response.content


def test_root_shows_the_venue_last_opened(staff, host, floor):
    second = build_floor(slug="second-site")
    second.venue.name = "Second Site"
    second.venue.save()
    second.venue.staff.add(host)

    staff.get(url("venue-floor", "second-site"))
    response = staff.get(url("floor"))

    assert response.context["venue"] == second.venue


# CSRF


def test_actions_need_the_csrf_token(host, floor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(host)
    data = {"covers": 2, "table_ids": [floor.tables["T1"].pk]}

    refused = client.post(url("seat-walk-in", floor.venue.slug), data)
    page = client.get(url("floor"))
    token = re.search(r'"x-csrftoken": "([^"]+)"', page.content.decode()).group(1)
    accepted = client.post(url("seat-walk-in", floor.venue.slug), data, headers={"X-CSRFToken": token, "HX-Request": "true"})

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert Party.objects.count() == 1


# The live part of the page


def test_live_shows_the_area_asked_for_and_reservations_out_of_band(staff, floor):
    terrace = floor.tables["P1"].area

    response = staff.get(url("live", floor.venue.slug), {"area": terrace.pk})

    html = response.content.decode()
    assert 'aria-label="P1, Free"' in html and 'aria-label="T1' not in html
    assert 'id="reservations" class="reservations" hx-swap-oob="true"' in html


@pytest.mark.usefixtures("floor_versions_now")
def test_live_draws_the_plan_at_its_size_with_its_decor_and_a_table_moved_by_a_manager(staff, floor):
    etag = staff.get(url("live", floor.venue.slug))["ETag"]
    area = floor.tables["T1"].area
    area.width, area.height = 120, 70
    area.save()
    Decor.objects.create(area=area, kind="bar", label="Bar counter", x=80, y=40, width=30, height=6)
    floor.tables["T1"].x = 4 + 10
    floor.tables["T1"].save()

    html = staff.get(url("live", floor.venue.slug), headers={"If-None-Match": etag}).content.decode()

    assert "--cols: 120; --rows: 70" in html
    assert 'class="plan-decor bar" aria-hidden="true" style="--x: 80; --y: 40; --w: 30; --h: 6;' in html
    assert ">Bar counter</span>" in html
    assert re.search(rf'id="tile-{floor.tables["T1"].pk}"[^>]*style="--x: 14;', html)


def test_dialogs_render_for_each_kind_of_table_and_reservation(staff, floor):
    PartyFactory(venue=floor.venue, tables=[floor.tables["T1"], floor.tables["T2"]], guest_requests="Nut allergy")
    reservation = ReservationFactory(venue=floor.venue, tables=[floor.tables["T3"]])
    floor.tables["T6"].is_active = False
    floor.tables["T6"].save()

    seated = staff.get(url("table", floor.venue.slug, floor.tables["T1"].pk)).content.decode()
    free = staff.get(url("table", floor.venue.slug, floor.tables["T3"].pk)).content.decode()
    blocked = staff.get(url("table", floor.venue.slug, floor.tables["T6"].pk)).content.decode()
    booked = staff.get(url("reservation", floor.venue.slug, reservation.pk)).content.decode()

    assert "Nut allergy" in seated and "Release T2" in seated and 'name="guest_requests"' not in seated
    assert "Seat a walk-in" in free and f"Seat {reservation.name}" in free
    assert "out of service" in blocked
    assert f"Seat {reservation.name}" in booked


def test_an_unknown_reservation_dialog_is_not_found(staff, floor):
    other = ReservationFactory(venue=VenueFactory(), tables=[TableFactory(area=AreaFactory())])

    assert staff.get(url("reservation", floor.venue.slug, other.pk)).status_code == 404


def test_an_expired_session_sends_the_floor_page_to_the_login_form(client, floor):
    response = client.get(url("live", floor.venue.slug), headers={"HX-Request": "true"})

    assert response.headers["HX-Redirect"] == reverse("login") + "?next=/"


# Orders


def test_a_table_with_an_open_order_says_so_and_what_is_left_to_pay(staff, floor):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], name="Patel")
    order = order_open_for_party(party=party)
    order_add_item(venue=floor.venue, order_id=order.pk, product=ProductFactory(venue=floor.venue, price=1250), quantity=2)

    live = staff.get(url("live", floor.venue.slug)).content.decode()
    dialog = staff.get(url("table", floor.venue.slug, floor.tables["T1"].pk)).content.decode()

    assert 'aria-label="T1, Seated: Patel, 2 of 2 covers, 0 minutes, 25.00 GBP left to pay"' in live
    assert "Open order: 25.00 GBP, 25.00 GBP left to pay." in dialog
    assert 'aria-label="T2, Free"' in live



def test_the_reservations_list_writes_each_booking_escaped_at_the_venues_time(staff, floor):
    t = floor.tables
    now = timezone.now().replace(second=0, microsecond=0)
    booked = ReservationFactory(venue=floor.venue, tables=[t["T4"], t["T2"]], name="<Ito & Sons>", covers=5,
                                start_time=now + dt.timedelta(minutes=30), guest_requests='No "nuts"\nWindow seat',
                                host_notes="Regulars")
    seated = ReservationFactory(venue=floor.venue, tables=[t["T1"]], name="Okafor", start_time=now)
    PartyFactory(venue=floor.venue, reservation=seated, tables=[t["T1"]], start_time=now, deposit_value=1000,
                 deposit_currency="GBP")
    local = timezone.localtime(now + dt.timedelta(minutes=30), zoneinfo.ZoneInfo(floor.venue.timezone))

    html = staff.get(url("live", floor.venue.slug)).content.decode()

    def row_of(reservation):
        return re.search(rf'<li class="reservation">\s*<button type="button" id="reservation-{reservation.pk}".*?</li>',
                         html, re.S).group()

    upcoming = html[html.index('<section class="group upcoming"'):]
    assert '<h3 id="group-upcoming">Upcoming <span class="count">1</span></h3>' in upcoming
    assert f'data-dialog="{url("reservation", floor.venue.slug, booked.pk)}"' in row_of(booked)
    assert f'<span class="time">{local:%H:%M}</span>' in row_of(booked)
    assert '<span class="who">&lt;Ito &amp; Sons&gt;</span>' in row_of(booked)
    assert '<span class="covers">×5</span>' in row_of(booked) and '<span class="tables">T2, T4</span>' in row_of(booked)
    assert '<span class="requests" title="No &quot;nuts&quot;\nWindow seat">!</span>' in row_of(booked)
    assert "<strong>Guest requests:</strong> No &quot;nuts&quot;<br>Window seat</p>" in row_of(booked)
    assert '<p class="host-notes"><strong>Host notes:</strong> Regulars</p>' in row_of(booked)
    assert '<p class="deposit"><strong>Deposit:</strong> 10.00 GBP</p>' in row_of(seated)
    assert f'<p class="seated-at">Seated {timezone.localtime(now, zoneinfo.ZoneInfo(floor.venue.timezone)):%H:%M}</p>' in row_of(seated)
    assert '<h3 id="group-no-show">No-show <span class="count">0</span></h3>\n  <p class="empty">None</p>' in html

def test_each_tile_writes_what_it_shows_escaped(staff, floor):
    now = timezone.now()
    t = floor.tables
    PartyFactory(venue=floor.venue, tables=[t["T1"], t["P1"]], name="<Kim & co>", covers=3, start_time=now,
                 guest_requests='No "nuts"')
    ReservationFactory(venue=floor.venue, tables=[t["T2"]], name="Ito", covers=2, start_time=now + dt.timedelta(minutes=30),
                       guest_requests="Quiet")
    t["T3"].is_active = False
    t["T3"].save()

    html = staff.get(url("live", floor.venue.slug), {"area": t["T1"].area_id}).content.decode()

    def tile_of(name):
        return re.search(rf'<button type="button" id="tile-{t[name].pk}"\s.*?</button>', html, re.S).group()

    assert 'class="tile seated square joined"' in tile_of("T1")
    assert '<span class="line name">P1+T1 <span class="requests" title="No &quot;nuts&quot;">!</span></span>' in tile_of("T1")
    assert '<span class="line who">&lt;Kim &amp; co&gt;</span>' in tile_of("T1")
    assert '<span class="covers">3/4</span> <span class="minutes">0′</span></span>' in tile_of("T1")
    assert f'data-dialog="{url("table", floor.venue.slug, t["T1"].pk)}"' in tile_of("T1")
    assert '<span class="line next">' in tile_of("T2") and ' Ito ×2 <span class="requests" title="Quiet">!</span>' in tile_of("T2")
    assert 'class="tile reserved-soon square"' in tile_of("T2")
    assert '<span class="line meta">Blocked</span>' in tile_of("T3")

"""The floor view's pages and actions through Django's test client."""
import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import Party, PartyTable, Reservation

from orders.services import order_add_item, order_open_for_party

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, VenueFactory
from ..orders.factories import ProductFactory
from .floors import build_floor, staff_user


@pytest.fixture
def floor(db):
    return build_floor()


@pytest.fixture
def host(django_user_model, floor):
    return staff_user(django_user_model, floor.venue)


@pytest.fixture
def staff(client, host):
    client.force_login(host)
    return client


def url(name, *args):
    return reverse(f"frontdesk:{name}", args=args)


def triggers(response) -> set[str]:
    return set(json.loads(response.headers.get("HX-Trigger", "{}")))


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


def test_live_answers_204_while_nothing_changed(staff, floor):
    first = staff.get(url("live", floor.venue.slug))
    version = re.search(r"[?&]amp;v=([0-9a-f]+)", first.content.decode()).group(1)

    unchanged = staff.get(url("live", floor.venue.slug), {"v": version})
    PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=timezone.now())
    changed = staff.get(url("live", floor.venue.slug), {"v": version})

    assert (first.status_code, unchanged.status_code, changed.status_code) == (200, 204, 200)
    assert 'aria-label="T1, Seated' in changed.content.decode()


def test_live_shows_the_area_asked_for_and_reservations_out_of_band(staff, floor):
    terrace = floor.tables["P1"].area

    response = staff.get(url("live", floor.venue.slug), {"area": terrace.pk})

    html = response.content.decode()
    assert 'aria-label="P1, Free"' in html and 'aria-label="T1' not in html
    assert 'id="reservations" class="reservations" hx-swap-oob="true"' in html


def test_live_takes_the_same_queries_however_many_tables(staff, floor):
    area = floor.tables["T1"].area

    def busier_by(count):
        for _ in range(count):
            table = TableFactory(area=area, y=40)
            party = PartyFactory(venue=floor.venue, tables=[table], start_time=timezone.now())
            order_open_for_party(party=party)
            ReservationFactory(venue=floor.venue, tables=[table], start_time=timezone.now() + dt.timedelta(minutes=20))

    def queries_of_one_refresh():
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(url("live", floor.venue.slug)).status_code == 200
        return len(queries)

    busier_by(1)
    few = queries_of_one_refresh()
    busier_by(30)

    assert queries_of_one_refresh() == few


# Actions


def test_seat_walk_in_closes_the_dialog_and_refreshes_the_floor(staff, floor):
    response = staff.post(
        url("seat-walk-in", floor.venue.slug), {"covers": 3, "name": "Rivera", "table_ids": [floor.tables["T1"].pk]},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#toast"
    assert triggers(response) == {"floor-changed", "dialog-close"}
    assert "Seated Rivera ×3 at T1." in response.content.decode()
    assert Party.objects.get(name="Rivera").covers == 3


def test_a_conflict_is_explained_in_place_and_the_floor_refreshes(staff, floor):
    PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    data = {"covers": 2, "table_ids": [floor.tables["T1"].pk]}

    from_page = staff.post(url("seat-walk-in", floor.venue.slug), data, headers={"HX-Request": "true"})
    from_script = staff.post(url("seat-walk-in", floor.venue.slug), data)

    assert (from_page.status_code, from_script.status_code) == (200, 409)
    assert "HX-Retarget" not in from_page.headers
    assert triggers(from_page) == {"floor-changed"}
    assert 'role="alert"' in from_page.content.decode() and "already seated" in from_page.content.decode()
    assert Party.objects.count() == 1


def test_a_reservation_due_soon_asks_before_seating(staff, floor):
    ReservationFactory(
        venue=floor.venue, tables=[floor.tables["T1"]], name="Sasha", covers=4,
        start_time=timezone.now() + dt.timedelta(minutes=20),
    )
    data = {"covers": 2, "table_ids": [floor.tables["T1"].pk]}

    warned = staff.post(url("seat-walk-in", floor.venue.slug), data, headers={"HX-Request": "true"})
    seated = staff.post(url("seat-walk-in", floor.venue.slug), {**data, "acknowledge_reservations": "on"}, headers={"HX-Request": "true"})

    assert "Sasha ×4" in warned.content.decode()
    assert 'name="acknowledge_reservations"' in warned.content.decode()
    assert triggers(seated) == {"floor-changed", "dialog-close"}
    assert Party.objects.count() == 1


def test_unreadable_input_is_refused_with_the_field_named(staff, floor):
    response = staff.post(url("seat-walk-in", floor.venue.slug), {"covers": "many", "table_ids": [floor.tables["T1"].pk]})

    assert response.status_code == 400
    assert "covers: Enter a whole number." in response.content.decode()
    assert not Party.objects.exists()


def test_party_details_take_the_expected_end_as_a_time_at_the_venue(staff, floor):
    start = dt.datetime(2026, 6, 12, 21, 30, tzinfo=dt.UTC)  # 22:30 in London
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=start, guest_requests="Vegan")

    response = staff.post(
        url("update", floor.venue.slug, party.pk),
        {"covers": "3", "status": "Mains", "expected_end": "00:15", "host_notes": "Quiet corner", "guest_requests": "changed"},
    )

    assert response.status_code == 200
    party.refresh_from_db()
    assert party.expected_end_time == dt.datetime(2026, 6, 12, 23, 15, tzinfo=dt.UTC)
    assert (party.covers, party.status, party.host_notes, party.guest_requests) == (3, "Mains", "Quiet corner", "Vegan")


def test_end_party_offers_undo(staff, floor):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])

    ended = staff.post(url("end", floor.venue.slug, party.pk), headers={"HX-Request": "true"})
    undo_url = url("undo-end", floor.venue.slug, party.pk)
    undone = staff.post(undo_url, headers={"HX-Request": "true"})

    assert f'hx-post="{undo_url}"' in ended.content.decode()
    assert undone.status_code == 200 and "again" in undone.content.decode()
    assert PartyTable.objects.get(party=party).is_active


@pytest.mark.parametrize(
    ("name", "args", "data", "check"),
    [
        ("move", ("party",), {"table_ids": ["T2"]}, lambda party: list(party.tables.values_list("name", flat=True)) == ["T2"]),
        ("join", ("party",), {"table_id": "T2"}, lambda party: sorted(party.tables.values_list("name", flat=True)) == ["T1", "T2"]),
    ],
)
def test_party_table_actions(staff, floor, name, args, data, check):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])
    values = {key: [floor.tables[v].pk for v in value] if isinstance(value, list) else floor.tables[value].pk for key, value in data.items()}

    response = staff.post(url(name, floor.venue.slug, party.pk), values, headers={"HX-Request": "true"})

    assert triggers(response) == {"floor-changed", "dialog-close"}
    assert check(party)


def test_release_the_last_table_is_explained(staff, floor):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])

    response = staff.post(url("release", floor.venue.slug, party.pk), {"table_id": floor.tables["T1"].pk})

    assert response.status_code == 400
    assert "only table" in response.content.decode()


def test_seat_reservation_and_no_show(staff, floor):
    late = ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=timezone.now() - dt.timedelta(minutes=10))
    gone = ReservationFactory(venue=floor.venue, tables=[floor.tables["T2"]], start_time=timezone.now() - dt.timedelta(minutes=40))

    seated = staff.post(url("seat-reservation", floor.venue.slug, late.pk), {"table_ids": [floor.tables["T3"].pk]})
    no_show = staff.post(url("no-show", floor.venue.slug, gone.pk))

    assert (seated.status_code, no_show.status_code) == (200, 200)
    assert list(Party.objects.get(reservation=late).tables.values_list("name", flat=True)) == ["T3"]
    gone.refresh_from_db()
    assert gone.no_show_at is not None


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


# Reservations taken, changed and cancelled at the venue


def test_book_a_reservation_at_the_venues_times(staff, floor):
    response = staff.post(
        url("create-reservation", floor.venue.slug),
        {"name": "Ortiz", "covers": "4", "date": "2026-06-12", "start": "19:30", "end": "21:30",
         "table_ids": [floor.tables["T3"].pk], "host_notes": "Phoned in"},
        headers={"HX-Request": "true"},
    )

    assert triggers(response) == {"floor-changed", "dialog-close"}
    assert "Booked Ortiz ×4, Fri 12 Jun 19:30 at T3." in response.content.decode()
    reservation = Reservation.objects.get(name="Ortiz")
    assert (reservation.start_time, reservation.end_time) == (
        dt.datetime(2026, 6, 12, 18, 30, tzinfo=dt.UTC), dt.datetime(2026, 6, 12, 20, 30, tzinfo=dt.UTC),
    )
    assert (reservation.host_notes, reservation.guest_requests, reservation.dojo_reservation_id) == ("Phoned in", "", None)


def test_a_booking_ending_after_midnight_ends_the_next_day(staff, floor):
    staff.post(
        url("create-reservation", floor.venue.slug),
        {"name": "Late", "covers": "2", "date": "2026-06-12", "start": "23:00", "end": "00:30", "table_ids": [floor.tables["T1"].pk]},
    )

    assert Reservation.objects.get(name="Late").end_time == dt.datetime(2026, 6, 12, 23, 30, tzinfo=dt.UTC)


def test_change_a_booking_but_not_the_guests_requests(staff, floor):
    reservation = ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]], guest_requests="Nut allergy")

    response = staff.post(
        url("change-reservation", floor.venue.slug, reservation.pk),
        {"name": "Ortiz", "covers": "6", "date": "2026-06-13", "start": "20:00", "end": "22:00",
         "table_ids": [floor.tables["T4"].pk], "guest_requests": "none"},
    )

    assert response.status_code == 200
    reservation.refresh_from_db()
    assert (reservation.name, reservation.covers, reservation.guest_requests) == ("Ortiz", 6, "Nut allergy")
    assert list(reservation.tables.values_list("name", flat=True)) == ["T4"]


def test_cancel_a_reservation(staff, floor):
    reservation = ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]])

    response = staff.post(url("cancel-reservation", floor.venue.slug, reservation.pk), headers={"HX-Request": "true"})

    assert "Reservation cancelled." in response.content.decode()
    assert not Reservation.objects.filter(pk=reservation.pk).exists()


def test_reservations_of_another_venue_cannot_be_changed_or_cancelled(staff, floor):
    other = build_floor(slug="elsewhere")
    reservation = ReservationFactory(venue=other.venue, tables=[other.tables["T1"]], name="Theirs")
    data = {"name": "Mine", "covers": "2", "date": "2026-06-13", "start": "20:00", "end": "22:00", "table_ids": [other.tables["T1"].pk]}

    changed = staff.post(url("change-reservation", floor.venue.slug, reservation.pk), data)
    cancelled = staff.post(url("cancel-reservation", floor.venue.slug, reservation.pk))

    assert (changed.status_code, cancelled.status_code) == (404, 404)
    assert Reservation.objects.get(pk=reservation.pk).name == "Theirs"


def test_new_reservation_dialog_offers_every_table_in_service(staff, floor):
    PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]])

    html = staff.get(url("new-reservation", floor.venue.slug)).content.decode()

    assert re.search(rf'value="{floor.tables["T1"].pk}"\s+disabled', html) is None
    assert "New reservation" in html


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

    assert 'aria-label="T1, Seated, open order, 25.00 GBP to pay: Patel' in live
    assert "Open order: 25.00 GBP, 25.00 GBP left to pay." in dialog
    assert 'aria-label="T2, Free"' in live

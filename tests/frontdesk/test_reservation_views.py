"""Reservations on the floor view, through Django's test client: seated, marked no-show,
taken, changed and cancelled at the venue."""
import datetime as dt
import re

from django.utils import timezone

from bookings.models import Party, Reservation

from ..factories import PartyFactory, ReservationFactory
from .floors import build_floor, triggers, url


def test_seat_reservation_and_no_show(staff, floor):
    late = ReservationFactory(venue=floor.venue, tables=[floor.tables["T1"]], start_time=timezone.now() - dt.timedelta(minutes=10))
    gone = ReservationFactory(venue=floor.venue, tables=[floor.tables["T2"]], start_time=timezone.now() - dt.timedelta(minutes=40))

    seated = staff.post(url("seat-reservation", floor.venue.slug, late.pk), {"table_ids": [floor.tables["T3"].pk]})
    no_show = staff.post(url("no-show", floor.venue.slug, gone.pk))

    assert (seated.status_code, no_show.status_code) == (200, 200)
    assert list(Party.objects.get(reservation=late).tables.values_list("name", flat=True)) == ["T3"]
    gone.refresh_from_db()
    assert gone.no_show_at is not None


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


def test_a_booking_taken_by_phone_keeps_the_guests_requests(staff, floor):
    staff.post(
        url("create-reservation", floor.venue.slug),
        {"name": "Nguyen", "covers": "2", "date": "2026-06-12", "start": "1910", "end": "21:00",
         "table_ids": [floor.tables["T1"].pk], "guest_requests": "Anaphylaxis: peanuts"},
    )

    reservation = Reservation.objects.get(name="Nguyen")
    assert (reservation.guest_requests, reservation.start_time) == ("Anaphylaxis: peanuts", dt.datetime(2026, 6, 12, 18, 10, tzinfo=dt.UTC))


def test_a_double_booking_from_the_floor_asks_first(staff, floor):
    start = dt.datetime(2026, 6, 12, 18, 0, tzinfo=dt.UTC)  # 19:00 in London
    ReservationFactory(venue=floor.venue, tables=[floor.tables["T3"]], name="Sasha", covers=2, start_time=start)
    data = {"name": "Ortiz", "covers": "2", "date": "2026-06-12", "start": "19:15", "end": "21:00", "table_ids": [floor.tables["T3"].pk]}

    asked = staff.post(url("create-reservation", floor.venue.slug), data, headers={"HX-Request": "true"})
    booked = staff.post(url("create-reservation", floor.venue.slug), {**data, "confirmed": "on"}, headers={"HX-Request": "true"})

    assert "Already booked at that time: 19:00–21:00 Sasha ×2 at T3." in asked.content.decode()
    assert "Book anyway" in asked.content.decode()
    assert triggers(booked) == {"floor-changed", "dialog-close"}
    assert Reservation.objects.filter(tables=floor.tables["T3"]).count() == 2


def test_an_end_before_the_start_is_refused(staff, floor):
    response = staff.post(
        url("create-reservation", floor.venue.slug),
        {"name": "Late", "covers": "2", "date": "2026-06-12", "start": "19:00", "end": "18:30", "table_ids": [floor.tables["T1"].pk]},
    )

    assert response.status_code == 400 and "18:30 is before the start (19:00)" in response.content.decode()
    assert not Reservation.objects.exists()


def test_a_new_booking_for_the_day_on_show_starts_that_evening(staff, floor):
    html = staff.get(url("new-reservation", floor.venue.slug), {"date": "2030-01-05"}).content.decode()

    assert 'value="2030-01-05"' in html and 'name="start" value="19:00"' in html

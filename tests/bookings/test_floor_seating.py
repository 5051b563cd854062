"""Seating guests and looking after reservations from the floor, at the service layer."""
import datetime as dt

import pytest
from django.utils import timezone

from bookings import services
from bookings.models import Party
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound
from posbackoffice.kernel.models import ChangeRecord

from ..factories import PartyFactory, ReservationFactory, TableFactory, VenueFactory
from .helpers import NOW, active_table_ids, booked, seated


# Seating a walk-in


def test_seat_walk_in_creates_a_party_at_the_tables(venue, tables):
    party = services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk, tables[1].pk], covers=6, name="Kim", now=NOW)

    assert (party.name, party.covers, party.start_time, party.reservation_id) == ("Kim", 6, NOW, None)
    assert active_table_ids(party) == [tables[0].pk, tables[1].pk]


def test_seat_walk_in_at_a_seated_table_is_a_conflict(venue, tables):
    seated(venue, [tables[0]])

    with pytest.raises(Conflict, match="already seated"):
        services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=2, now=NOW)
    assert Party.objects.count() == 1


def test_seat_walk_in_warns_of_a_reservation_due_soon(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=30), name="Sasha", covers=4)

    with pytest.raises(services.NeedsConfirmation, match="Sasha ×4") as raised:
        services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=2, now=NOW)

    assert raised.value.reservations == [reservation]
    assert not Party.objects.exists()


def test_seat_walk_in_goes_ahead_once_the_reservation_is_acknowledged(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=30))

    party = services.party_seat_walk_in(
        venue=venue, table_ids=[tables[0].pk], covers=2, now=NOW, confirmed=True
    )

    assert active_table_ids(party) == [tables[0].pk]


def test_seat_walk_in_ignores_reservations_later_seated_or_no_show(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=3))
    booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=10), no_show_at=NOW)
    PartyFactory(venue=venue, end_time=NOW, reservation=booked(venue, [tables[0]], starts_in=dt.timedelta(0)))

    party = services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=2, now=NOW)

    assert active_table_ids(party) == [tables[0].pk]


def test_seat_walk_in_refuses_invalid_covers(venue, tables):
    with pytest.raises(InvalidInput, match="covers"):
        services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=0, now=NOW)


# Seating a reservation


def test_seat_reservation_on_its_tables_links_the_party(venue, tables):
    reservation = booked(
        venue, tables[:2], starts_in=dt.timedelta(minutes=-5), name="Sasha", covers=5,
        host_notes="Regulars", guest_requests="Nut allergy",
    )

    party = services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, now=NOW)

    assert party.reservation_id == reservation.pk
    assert party.dojo_reservation_id == reservation.dojo_reservation_id
    assert (party.name, party.covers, party.host_notes, party.guest_requests) == ("Sasha", 5, "Regulars", "Nut allergy")
    assert party.expected_end_time == reservation.end_time
    assert active_table_ids(party) == [tables[0].pk, tables[1].pk]


def test_seat_reservation_on_other_tables(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(0))

    party = services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, table_ids=[tables[2].pk], now=NOW)

    assert active_table_ids(party) == [tables[2].pk]


def test_seat_reservation_twice_is_a_conflict(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(0), name="Sasha")
    services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, now=NOW)

    with pytest.raises(Conflict, match="Sasha is already seated"):
        services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, table_ids=[tables[1].pk], now=NOW)


def test_seat_reservation_does_not_warn_about_itself_but_about_others(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=10))
    other = booked(venue, [tables[1]], starts_in=dt.timedelta(minutes=20))

    with pytest.raises(services.NeedsConfirmation) as raised:
        services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, table_ids=[tables[0].pk, tables[1].pk], now=NOW)

    assert raised.value.reservations == [other]


def test_seat_a_late_reservation_keeps_the_booked_length_of_stay(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(hours=-3))

    party = services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, now=NOW)

    assert party.expected_end_time == NOW + dt.timedelta(hours=2)


def test_seat_a_no_show_clears_the_mark(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=-40), no_show_at=NOW)

    services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, now=NOW)

    reservation.refresh_from_db()
    assert reservation.no_show_at is None


def test_seat_reservation_of_another_venue_is_not_found(venue, tables):
    elsewhere = ReservationFactory(venue=VenueFactory(), tables=[TableFactory()])

    with pytest.raises(NotFound):
        services.party_seat_reservation(venue=venue, reservation_id=elsewhere.pk, table_ids=[tables[0].pk], now=NOW)


# No-shows


def test_mark_no_show_records_when(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=-20))

    marked = services.reservation_mark_no_show(venue=venue, reservation_id=reservation.pk, now=NOW)

    assert marked.no_show_at == NOW


def test_mark_no_show_before_the_start_is_refused(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=20))

    with pytest.raises(InvalidInput, match="not due yet"):
        services.reservation_mark_no_show(venue=venue, reservation_id=reservation.pk, now=NOW)


def test_mark_no_show_of_a_seated_reservation_is_a_conflict(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=-20))
    services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, now=NOW)

    with pytest.raises(Conflict, match="has been seated"):
        services.reservation_mark_no_show(venue=venue, reservation_id=reservation.pk, now=NOW)


# Audit and time


def test_seat_walk_in_is_audited(venue, tables):
    party = services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=2, now=NOW)

    assert ChangeRecord.objects.filter(entity="party", entity_id=party.pk, action="created").exists()


def test_mark_no_show_is_audited(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=-20))

    services.reservation_mark_no_show(venue=venue, reservation_id=reservation.pk, now=NOW)

    assert ChangeRecord.objects.filter(entity="reservation", entity_id=reservation.pk, action="updated").exists()


def test_default_now_is_the_current_time(venue, tables):
    before = timezone.now()

    party = services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=2)

    assert before <= party.start_time <= timezone.now()


# Changing a booking from the floor


def test_change_booking_keeps_the_guests_words_and_dojo_link(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1), guest_requests="Nut allergy")

    changed = services.reservation_change_booking(
        venue=venue, reservation_id=reservation.pk, name="Sasha K", covers=5,
        start_time=NOW + dt.timedelta(hours=2), end_time=NOW + dt.timedelta(hours=4),
        table_ids=[tables[1].pk, tables[2].pk], host_notes="Moved by phone",
    )

    assert (changed.name, changed.covers, changed.host_notes) == ("Sasha K", 5, "Moved by phone")
    assert (changed.start_time, changed.end_time) == (NOW + dt.timedelta(hours=2), NOW + dt.timedelta(hours=4))
    assert sorted(t.pk for t in changed.tables.all()) == [tables[1].pk, tables[2].pk]
    assert (changed.guest_requests, changed.dojo_reservation_id) == ("Nut allergy", reservation.dojo_reservation_id)


def test_change_booking_keeps_the_rules_of_reservations(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1))

    with pytest.raises(InvalidInput, match="end time"):
        services.reservation_change_booking(
            venue=venue, reservation_id=reservation.pk, name="X", covers=2,
            start_time=NOW, end_time=NOW, table_ids=[tables[0].pk], host_notes="",
        )


def test_change_booking_of_another_venue_is_not_found(venue, tables):
    elsewhere = ReservationFactory(venue=VenueFactory(), tables=[TableFactory()])

    with pytest.raises(NotFound):
        services.reservation_change_booking(
            venue=venue, reservation_id=elsewhere.pk, name="X", covers=2,
            start_time=NOW, end_time=NOW + dt.timedelta(hours=1), table_ids=[tables[0].pk], host_notes="",
        )

"""What staff are asked before a floor action goes ahead: tables booked soon, more covers than
seats, a booking on a table already booked at that time. Dojo's own bookings are taken as sent."""
import datetime as dt

import pytest

from bookings import services
from bookings.models import Party, Reservation
from posbackoffice.kernel.errors import Conflict

from ..factories import TableFactory
from .helpers import NOW, active_table_ids, booked, seated


# Covers over seats


def test_more_covers_than_seats_asks_before_seating_a_walk_in(venue, tables):
    with pytest.raises(services.NeedsConfirmation) as raised:
        services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=12, now=NOW)

    assert raised.value.warnings == ["12 covers at T1, which seats 4."]
    assert not Party.objects.exists()


def test_more_covers_than_seats_goes_ahead_once_confirmed(venue, tables):
    party = services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=12, now=NOW, confirmed=True)

    assert (party.covers, active_table_ids(party)) == (12, [tables[0].pk])


def test_covers_that_fit_the_tables_together_are_not_asked_about(venue, tables):
    party = services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk, tables[1].pk], covers=8, now=NOW)

    assert party.covers == 8


def test_seating_a_reservation_on_too_few_seats_asks(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(0), name="Okafor", covers=6)

    with pytest.raises(services.NeedsConfirmation, match="6 covers at T1, which seats 4"):
        services.party_seat_reservation(venue=venue, reservation_id=reservation.pk, now=NOW)


def test_moving_a_party_to_too_few_seats_asks(venue, tables):
    party = seated(venue, tables[:2], covers=7)

    with pytest.raises(services.NeedsConfirmation, match="7 covers at T3, which seats 4"):
        services.party_move(venue=venue, party_id=party.pk, table_ids=[tables[2].pk], now=NOW)
    assert active_table_ids(party) == [tables[0].pk, tables[1].pk]


def test_raising_a_partys_covers_past_its_seats_asks_but_keeping_them_does_not(venue, tables):
    party = seated(venue, [tables[0]], covers=6)
    details = dict(venue=venue, party_id=party.pk, status="Seated", expected_end_time=None, host_notes="", waiter_id=None)

    services.party_update_details(covers=6, **details)
    with pytest.raises(services.NeedsConfirmation, match="9 covers at T1"):
        services.party_update_details(covers=9, **details)
    services.party_update_details(covers=9, confirmed=True, **details)

    party.refresh_from_db()
    assert party.covers == 9


def test_every_question_is_asked_at_once(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=20), name="Sasha", covers=4)

    with pytest.raises(services.NeedsConfirmation) as raised:
        services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=6, now=NOW)

    assert raised.value.warnings == ["Reserved soon: 19:20 Sasha ×4 at T1.", "6 covers at T1, which seats 4."]


# Bookings taken at the venue that overlap another


def _book(venue, tables, *, start, hours=2, **kwargs):
    return services.reservation_book(
        venue=venue, name=kwargs.pop("name", "Ortiz"), covers=kwargs.pop("covers", 2), start_time=start,
        end_time=start + dt.timedelta(hours=hours), table_ids=[t.pk for t in tables], **kwargs,
    )


def test_a_booking_overlapping_another_on_its_table_asks_naming_it(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1), name="Sasha", covers=4)  # 20:00 to 22:00 in London

    with pytest.raises(services.NeedsConfirmation) as raised:
        _book(venue, [tables[0]], start=NOW + dt.timedelta(hours=1, minutes=15), hours=1.75)

    assert raised.value.warnings == ["Already booked at that time: 20:00–22:00 Sasha ×4 at T1."]
    assert Reservation.objects.count() == 1


def test_a_double_booking_goes_ahead_once_confirmed(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1))

    reservation = _book(venue, [tables[0]], start=NOW + dt.timedelta(hours=1, minutes=15), confirmed=True,
                        guest_requests="Nut allergy")

    assert (reservation.guest_requests, reservation.dojo_reservation_id) == ("Nut allergy", None)
    assert Reservation.objects.filter(tables=tables[0]).count() == 2


def test_bookings_back_to_back_no_shows_and_bookings_whose_guests_left_do_not_ask(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=-2))  # 17:00 to 19:00
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=2), no_show_at=NOW)
    gone = booked(venue, [tables[0]], starts_in=dt.timedelta(hours=-1))
    seated(venue, [tables[0]], reservation=gone, end_time=NOW)

    reservation = _book(venue, [tables[0]], start=NOW)

    assert reservation.start_time == NOW


def test_a_booking_while_a_party_is_expected_to_stay_asks(venue, tables):
    seated(venue, [tables[0]], name="Okafor", covers=2, expected_end_time=NOW + dt.timedelta(hours=1))

    with pytest.raises(services.NeedsConfirmation, match="Okafor ×2 seated at T1 until 20:00"):
        _book(venue, [tables[0]], start=NOW + dt.timedelta(minutes=30))


def test_changing_a_booking_onto_another_asks_but_not_about_itself(venue, tables):
    mine = booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1), name="Kim")
    booked(venue, [tables[1]], starts_in=dt.timedelta(hours=1), name="Sasha")
    change = dict(venue=venue, reservation_id=mine.pk, name="Kim", covers=2, start_time=mine.start_time,
                  end_time=mine.end_time, host_notes="")

    services.reservation_change_booking(table_ids=[tables[0].pk], **change)
    with pytest.raises(services.NeedsConfirmation, match="Sasha"):
        services.reservation_change_booking(table_ids=[tables[1].pk], **change)


def test_guest_requests_change_on_a_booking_taken_at_the_venue_only(venue, tables):
    ours = _book(venue, [tables[0]], start=NOW, guest_requests="Nut allergy")
    dojos = booked(venue, [tables[1]], starts_in=dt.timedelta(hours=3), guest_requests="Vegan, please")

    for reservation, table in ((ours, tables[0]), (dojos, tables[1])):
        services.reservation_change_booking(
            venue=venue, reservation_id=reservation.pk, name=reservation.name, covers=2, start_time=reservation.start_time,
            end_time=reservation.end_time, table_ids=[table.pk], host_notes="", guest_requests="Anaphylaxis: nuts",
        )

    ours.refresh_from_db()
    dojos.refresh_from_db()
    assert (ours.guest_requests, dojos.guest_requests) == ("Anaphylaxis: nuts", "Vegan, please")


def test_dojos_bookings_through_the_api_are_taken_as_sent(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1))

    reservation, created = services.reservation_create(
        venue=venue, name="Dojo guest", covers=12, start_time=NOW + dt.timedelta(hours=1),
        end_time=NOW + dt.timedelta(hours=3), table_ids=[tables[0].pk], dojo_reservation_id="dojo-42",
    )

    assert created and reservation.covers == 12


# Messages name guests and tables, never internal IDs


def test_a_taken_table_is_named_with_the_party_at_it(venue, tables):
    seated(venue, [tables[0]], name="", covers=3)
    t10 = TableFactory(area=tables[0].area, name="T10")
    seated(venue, [t10], name="Nakamura", covers=2)

    with pytest.raises(Conflict) as walk_in:
        services.party_seat_walk_in(venue=venue, table_ids=[tables[0].pk], covers=2, now=NOW)
    with pytest.raises(Conflict) as named:
        services.party_seat_walk_in(venue=venue, table_ids=[t10.pk], covers=2, now=NOW)

    assert str(walk_in.value) == "T1 is already seated with a walk-in ×3."
    assert str(named.value) == "T10 is already seated with Nakamura ×2."

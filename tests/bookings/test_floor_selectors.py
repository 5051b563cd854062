"""What the floor view reads: each table's state, and today's reservations."""
import datetime as dt

import pytest

from bookings import selectors
from bookings.selectors import TableState

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory, WaiterFactory

NOW = dt.datetime(2026, 6, 12, 18, 0, tzinfo=dt.UTC)  # 19:00 in London


def booked(venue, tables, *, starts_in: dt.timedelta, **kwargs):
    start = NOW + starts_in
    return ReservationFactory(venue=venue, tables=tables, start_time=start, end_time=start + dt.timedelta(hours=2), **kwargs)


def state_of(venue, table, **kwargs):
    floor = selectors.floor_areas(venue=venue, now=NOW, **kwargs)
    return next(t for area in floor for t in area.tables if t.table.pk == table.pk)


def test_a_table_with_nothing_booked_is_free(venue, tables):
    tile = state_of(venue, tables[0])

    assert (tile.state, tile.party, tile.next_reservation) == (TableState.FREE, None, None)


def test_a_free_table_shows_its_next_reservation_today(venue, tables):
    later = booked(venue, [tables[0]], starts_in=dt.timedelta(hours=3))
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=4))

    tile = state_of(venue, tables[0])

    assert (tile.state, tile.next_reservation.pk) == (TableState.FREE, later.pk)


def test_a_reservation_after_midnight_is_tonights_and_tomorrows_is_not_shown(venue, tables):
    tonight = booked(venue, [tables[0]], starts_in=dt.timedelta(hours=6))  # 01:00 in London, still tonight
    booked(venue, [tables[1]], starts_in=dt.timedelta(hours=11))  # 06:00 tomorrow in London

    assert state_of(venue, tables[0]).next_reservation.pk == tonight.pk
    assert state_of(venue, tables[1]).next_reservation is None


def test_a_table_is_reserved_soon_within_the_hour_and_while_guests_are_late(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=45))
    booked(venue, [tables[1]], starts_in=dt.timedelta(minutes=-20))

    assert state_of(venue, tables[0]).state == TableState.RESERVED_SOON
    assert state_of(venue, tables[1]).state == TableState.RESERVED_SOON


def test_no_show_and_seated_reservations_no_longer_hold_the_table(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=-20), no_show_at=NOW)
    PartyFactory(venue=venue, end_time=NOW, reservation=booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=5)))

    assert state_of(venue, tables[0]).state == TableState.FREE


def test_a_seated_table_shows_its_party(venue, tables):
    waiter = WaiterFactory(venue=venue, initials="AB")
    party = PartyFactory(
        venue=venue, tables=tables[:2], covers=6, waiter=waiter, start_time=NOW - dt.timedelta(minutes=42),
        expected_end_time=NOW + dt.timedelta(hours=1),
    )

    tile = state_of(venue, tables[1])

    assert (tile.state, tile.party, tile.seats, tile.minutes_seated, tile.waiter_initials) == (
        TableState.SEATED, party, 8, 42, ("AB",),
    )


def test_a_seated_table_without_a_party_waiter_shows_the_tables_waiters(venue, tables):
    tables[0].waiters.add(WaiterFactory(venue=venue, initials="CD"))
    PartyFactory(venue=venue, tables=[tables[0]], start_time=NOW)

    assert state_of(venue, tables[0]).waiter_initials == ("CD",)


def test_a_party_past_its_expected_end_is_over_time(venue, tables):
    PartyFactory(venue=venue, tables=[tables[0]], start_time=NOW - dt.timedelta(hours=2), expected_end_time=NOW - dt.timedelta(minutes=1))

    assert state_of(venue, tables[0]).state == TableState.OVER_TIME


def test_an_ended_party_leaves_the_table_free(venue, tables):
    PartyFactory(venue=venue, tables=[tables[0]], start_time=NOW - dt.timedelta(hours=2), end_time=NOW)

    assert state_of(venue, tables[0]).state == TableState.FREE


def test_an_inactive_table_is_blocked(venue, tables):
    tables[0].is_active = False
    tables[0].save()

    assert state_of(venue, tables[0]).state == TableState.BLOCKED


def test_areas_come_in_display_order_with_the_plan_size_their_manager_set(venue):
    terrace = AreaFactory(venue=venue, name="Terrace", display_order=2, width=120, height=80)
    bar = AreaFactory(venue=venue, name="Bar", display_order=1)
    TableFactory(area=terrace, x=10, y=5, width=8, height=6)

    floor = selectors.floor_areas(venue=venue, now=NOW)

    assert [a.area for a in floor] == [bar, terrace]
    assert (floor[1].width, floor[1].height) == (120, 80)
    assert (floor[0].width, floor[0].height) == (100, 60)


def test_retired_tables_are_off_the_floor(venue, area, tables):
    tables[0].is_active, tables[0].retired_at = False, NOW
    tables[0].save()

    floor = selectors.floor_areas(venue=venue, now=NOW)

    assert [t.table for t in floor[0].tables] == tables[1:]


def test_my_tables_are_those_assigned_to_the_waiter_and_those_of_their_parties(venue, tables):
    waiter = WaiterFactory(venue=venue)
    tables[0].waiters.add(waiter)
    PartyFactory(venue=venue, tables=[tables[2]], waiter=waiter, start_time=NOW)

    floor = selectors.floor_areas(venue=venue, now=NOW, waiter_id=waiter.pk)

    assert [t.table for t in floor[0].tables] == [tables[0], tables[2]]


def test_floor_reads_take_the_same_queries_however_many_tables(venue, area, django_assert_num_queries):
    def populate(n):
        for i in range(n):
            table = TableFactory(area=area)
            table.waiters.add(WaiterFactory(venue=venue))
            PartyFactory(venue=venue, tables=[table], waiter=WaiterFactory(venue=venue), start_time=NOW)
            booked(venue, [table], starts_in=dt.timedelta(hours=1 + i % 3))

    populate(2)
    with django_assert_num_queries(5):
        selectors.floor_areas(venue=venue, now=NOW)
    with django_assert_num_queries(1):
        selectors.reservations_today(venue=venue, now=NOW)

    populate(20)
    with django_assert_num_queries(5):
        selectors.floor_areas(venue=venue, now=NOW)
    with django_assert_num_queries(1):
        selectors.reservations_today(venue=venue, now=NOW)


def test_one_area_is_built_as_the_whole_floor_has_it_with_a_party_joined_across_areas(venue, area, tables):
    terrace = AreaFactory(venue=venue, name="Terrace")
    outside = TableFactory(area=terrace, name="P1", max_covers=2)
    outside.waiters.add(WaiterFactory(venue=venue, initials="EF"))
    PartyFactory(venue=venue, tables=[tables[1], outside], covers=5, start_time=NOW - dt.timedelta(minutes=10))
    booked(venue, [tables[2]], starts_in=dt.timedelta(minutes=30))
    booked(venue, [outside], starts_in=dt.timedelta(minutes=20))

    shown = selectors.floor_area(venue=venue, area=area, now=NOW)

    assert shown == next(floor_area for floor_area in selectors.floor_areas(venue=venue, now=NOW) if floor_area.area == area)
    joined = shown.tables[1]
    assert (joined.joined, joined.seats, joined.waiter_initials) == ("P1+T2", 6, ("EF",))


def test_one_area_is_read_in_four_queries_however_big_the_venue(venue, area, django_assert_num_queries):
    def populate(n):
        other = AreaFactory(venue=venue)
        for i in range(n):
            here, there = TableFactory(area=area), TableFactory(area=other)
            here.waiters.add(WaiterFactory(venue=venue))
            PartyFactory(venue=venue, tables=[here, there], waiter=WaiterFactory(venue=venue), start_time=NOW)
            booked(venue, [here, there], starts_in=dt.timedelta(hours=1 + i % 3))

    populate(2)
    with django_assert_num_queries(4):
        selectors.floor_area(venue=venue, area=area, now=NOW)

    populate(20)
    with django_assert_num_queries(4):
        selectors.floor_area(venue=venue, area=area, now=NOW)


def test_reservations_today_are_sorted_into_what_needs_doing(venue, tables):
    upcoming = booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1))
    late = booked(venue, [tables[1]], starts_in=dt.timedelta(minutes=-10))
    no_show = booked(venue, [tables[2]], starts_in=dt.timedelta(minutes=-30), no_show_at=NOW)
    seated = booked(venue, [tables[3]], starts_in=dt.timedelta(minutes=-60))
    PartyFactory(venue=venue, reservation=seated, tables=[tables[3]], start_time=NOW)
    booked(venue, [tables[0]], starts_in=dt.timedelta(days=1))
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=-20))  # yesterday, in London

    today = selectors.reservations_today(venue=venue, now=NOW)

    assert [[r.pk for r in group] for group in (today.upcoming, today.late, today.no_show, today.seated)] == [
        [upcoming.pk], [late.pk], [no_show.pk], [seated.pk]
    ]


@pytest.mark.parametrize(
    ("now", "start", "end"),
    [
        (NOW, "2026-06-12T04:00:00+00:00", "2026-06-13T04:00:00+00:00"),
        (dt.datetime(2026, 6, 13, 1, 30, tzinfo=dt.UTC), "2026-06-12T04:00:00+00:00", "2026-06-13T04:00:00+00:00"),
        (dt.datetime(2026, 6, 13, 4, 0, tzinfo=dt.UTC), "2026-06-13T04:00:00+00:00", "2026-06-14T04:00:00+00:00"),
        (dt.datetime(2026, 3, 29, 12, tzinfo=dt.UTC), "2026-03-29T04:00:00+00:00", "2026-03-30T04:00:00+00:00"),
        (dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), "2026-03-28T05:00:00+00:00", "2026-03-29T04:00:00+00:00"),
    ],
    ids=["summer evening", "half past two at night", "five in the morning", "clocks-go-forward day", "clocks-go-forward night"],
)
def test_venue_day_runs_from_five_in_the_morning_to_five_the_next(venue, now, start, end):
    day_start, day_end = selectors.venue_day(venue=venue, now=now)

    assert (day_start, day_end) == (dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end))


def test_a_reservation_just_after_midnight_is_reserved_soon_before_it(venue, tables):
    before_midnight = dt.datetime(2026, 6, 12, 22, 40, tzinfo=dt.UTC)  # 23:40 in London
    ReservationFactory(
        venue=venue, tables=[tables[0]], start_time=before_midnight + dt.timedelta(minutes=30),
        end_time=before_midnight + dt.timedelta(hours=2),
    )

    tile = next(t for t in selectors.floor_areas(venue=venue, now=before_midnight)[0].tables if t.table == tables[0])

    assert tile.state == TableState.RESERVED_SOON


def test_guests_booked_before_the_day_began_and_still_expected_are_the_tables_next(venue, tables):
    early = dt.datetime(2026, 6, 12, 3, 30, tzinfo=dt.UTC)  # 04:30 in London, the day before the venue's
    still_running = ReservationFactory(
        venue=venue, tables=[tables[0]], start_time=early, end_time=early + dt.timedelta(hours=2)
    )
    ReservationFactory(  # over a day before: not a meal that is still going on
        venue=venue, tables=[tables[1]], start_time=early - dt.timedelta(days=2), end_time=early + dt.timedelta(hours=2)
    )
    at_five = dt.datetime(2026, 6, 12, 4, 15, tzinfo=dt.UTC)  # 05:15 in London

    reservations = selectors.floor_reservations(venue=venue, now=at_five)

    assert [[r.pk for r in group] for group in (reservations.today.upcoming, reservations.today.late)] == [[], []]
    assert {table_id: r.pk for table_id, r in reservations.next_by_table.items()} == {tables[0].pk: still_running.pk}


def test_guests_booked_for_the_next_morning_are_reserved_soon_as_the_day_ends(venue, tables):
    half_four = dt.datetime(2026, 6, 13, 3, 30, tzinfo=dt.UTC)  # 04:30 in London: Friday's day ends at 05:00
    breakfast = ReservationFactory(
        venue=venue, tables=[tables[0]], start_time=half_four + dt.timedelta(minutes=45),
        end_time=half_four + dt.timedelta(hours=2),
    )

    reservations = selectors.floor_reservations(venue=venue, now=half_four)

    assert reservations.next_by_table[tables[0].pk].pk == breakfast.pk
    assert breakfast.pk not in [r.pk for r in reservations.today.upcoming]  # Saturday's list has it


def test_the_list_shows_each_reservations_tables_in_natural_order_and_its_latest_party(venue, area):
    t2, t10, t1 = (TableFactory(area=area, name=name) for name in ("T2", "T10", "T1"))
    reservation = booked(venue, [t10, t2, t1], starts_in=dt.timedelta(hours=-1))
    PartyFactory(venue=venue, reservation=reservation, tables=[t1], start_time=NOW - dt.timedelta(minutes=50),
                 end_time=NOW - dt.timedelta(minutes=40))
    again = PartyFactory(venue=venue, reservation=reservation, tables=[t2], start_time=NOW - dt.timedelta(minutes=30),
                         deposit_value=1500, deposit_currency="GBP")

    [listed] = selectors.floor_reservations(venue=venue, now=NOW).today.seated

    assert (listed.table_names, listed.table_ids) == ("T1, T2, T10", sorted([t1.pk, t2.pk, t10.pk]))
    assert listed.seated_party == (again.start_time, None, 1500, "GBP")


def test_the_list_and_every_tables_next_booking_are_one_read(venue, tables, django_assert_num_queries):
    for n, table in enumerate(tables):
        booked(venue, [table], starts_in=dt.timedelta(minutes=30 * n))

    with django_assert_num_queries(1):
        reservations = selectors.floor_reservations(venue=venue, now=NOW)

    assert len(reservations.today.upcoming) + len(reservations.today.late) == len(reservations.next_by_table) == len(tables)

"""What the host reads: the next booking on every table, a joined party as one, tables in
natural order, any day's reservations, and the timeline of a day's service."""
import datetime as dt

from bookings import selectors
from bookings.timeline import timeline_for

from ..factories import PartyFactory, TableFactory, WaiterFactory
from .helpers import NOW, booked, seated

TODAY = dt.date(2026, 6, 12)  # NOW is 19:00 in London


def tile_of(venue, table):
    return next(t for area in selectors.floor_areas(venue=venue, now=NOW) for t in area.tables if t.table == table)


# The floor


def test_a_seated_table_shows_its_next_booking_and_whether_the_party_overruns_it(venue, tables):
    nguyen = booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=10), name="Nguyen")
    seated(venue, [tables[0]], expected_end_time=NOW + dt.timedelta(minutes=30))
    seated(venue, [tables[1]], expected_end_time=NOW + dt.timedelta(minutes=30))
    booked(venue, [tables[1]], starts_in=dt.timedelta(hours=1))

    assert (tile_of(venue, tables[0]).next_reservation.pk, tile_of(venue, tables[0]).overruns) == (nguyen.pk, True)
    assert tile_of(venue, tables[1]).overruns is False


def test_a_joined_party_is_one_on_each_of_its_tables(venue, tables):
    tables[0].waiters.add(WaiterFactory(venue=venue, name="Ana", initials="AL"))
    tables[1].waiters.add(WaiterFactory(venue=venue, name="Ben", initials="BO"))
    seated(venue, [tables[1], tables[0]])

    first, second = tile_of(venue, tables[0]), tile_of(venue, tables[1])

    assert first.joined == second.joined == "T1+T2"
    assert first.waiter_initials == second.waiter_initials == ("AL", "BO")
    assert first.seats == second.seats == 8


def test_tables_come_in_natural_order(venue, area):
    for name in ("T12", "T2", "T10", "T1"):
        TableFactory(area=area, name=name)

    floor = selectors.floor_areas(venue=venue, now=NOW)

    assert [t.table.name for t in floor[0].tables] == ["T1", "T2", "T10", "T12"]


def test_any_days_reservations(venue, tables):
    tomorrow = booked(venue, [tables[0]], starts_in=dt.timedelta(days=1))
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1))

    day = selectors.reservations_on(venue=venue, day=TODAY + dt.timedelta(days=1), now=NOW)

    assert [[r.pk for r in group] for group in (day.upcoming, day.late, day.seated, day.no_show)] == [[tomorrow.pk], [], [], []]


# The timeline


def bars_of(timeline, table):
    return next(row for _, rows in timeline.areas for row in rows if row.table == table).bars


def test_the_timeline_shows_bookings_and_parties_on_their_tables(venue, tables):
    sasha = booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1), name="Sasha")
    party = seated(venue, [tables[1], tables[2]], name="Okafor", expected_end_time=NOW + dt.timedelta(hours=1))
    gone = PartyFactory(venue=venue, tables=[tables[3]], start_time=NOW - dt.timedelta(hours=3), end_time=NOW - dt.timedelta(hours=2))

    timeline = timeline_for(venue=venue, day=TODAY, now=NOW)

    assert [(b.reservation, b.state) for b in bars_of(timeline, tables[0])] == [(sasha, "upcoming")]
    assert [(b.party, b.state) for b in bars_of(timeline, tables[1])] == [(party, "seated")]
    assert [(b.party, b.state) for b in bars_of(timeline, tables[2])] == [(party, "seated")]
    assert [(b.party, b.state, b.end) for b in bars_of(timeline, tables[3])] == [(gone, "left", gone.end_time)]


def test_a_seated_booking_is_its_partys_bar(venue, tables):
    reservation = booked(venue, [tables[0]], starts_in=dt.timedelta(minutes=-30))
    party = seated(venue, [tables[1]], reservation=reservation)

    timeline = timeline_for(venue=venue, day=TODAY, now=NOW)

    assert bars_of(timeline, tables[0]) == []
    assert [(b.party, b.reservation) for b in bars_of(timeline, tables[1])] == [(party, reservation)]


def test_a_double_booking_stacks_in_two_lanes(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1))
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=1, minutes=15))
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=3))

    timeline = timeline_for(venue=venue, day=TODAY, now=NOW)

    assert [bar.lane for bar in bars_of(timeline, tables[0])] == [0, 1, 0]


def test_the_axis_runs_in_whole_hours_from_the_first_bar_with_now_on_it(venue, tables):
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=-1, minutes=-30))  # 17:30 to 19:30 in London
    booked(venue, [tables[0]], starts_in=dt.timedelta(hours=4))  # 23:00 to 01:00

    timeline = timeline_for(venue=venue, day=TODAY, now=NOW)

    assert (f"{timeline.start:%H:%M}", f"{timeline.end:%d %H:%M}") == ("17:00", "13 01:00")
    assert timeline.now_at == "25.000%"  # 19:00 on 17:00 to 01:00
    assert [bar.left for bar in bars_of(timeline, tables[0])] == ["6.250%", "75.000%"]


def test_another_day_has_no_now_line(venue, tables):
    tomorrow = booked(venue, [tables[0]], starts_in=dt.timedelta(days=1))

    timeline = timeline_for(venue=venue, day=TODAY + dt.timedelta(days=1), now=NOW)

    assert timeline.now_at is None
    assert [bar.reservation for bar in bars_of(timeline, tables[0])] == [tomorrow]


def test_the_timeline_takes_the_same_queries_however_busy(venue, area, django_assert_num_queries):
    def busier_by(count):
        for i in range(count):
            table = TableFactory(area=area)
            booked(venue, [table], starts_in=dt.timedelta(hours=1 + i % 3))
            seated(venue, [table, TableFactory(area=area)])

    busier_by(2)
    with django_assert_num_queries(6):
        timeline_for(venue=venue, day=TODAY, now=NOW)
    busier_by(15)
    with django_assert_num_queries(6):
        timeline_for(venue=venue, day=TODAY, now=NOW)

"""Times of day staff give at the venue, turned into moments."""
import datetime as dt
import zoneinfo

import pytest

from bookings.clock import end_after
from posbackoffice.kernel.errors import InvalidInput

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(hour, minute=0, day=12):
    return dt.datetime(2026, 6, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "time", "end"),
    [(at(19), dt.time(21, 30), at(21, 30)), (at(23), dt.time(1, 15), at(1, 15, day=13)), (at(22, 30), dt.time(0, 15), at(0, 15, day=13))],
    ids=["same evening", "after midnight", "just after midnight"],
)
def test_an_end_is_the_first_such_time_after_the_start(start, time, end):
    assert end_after(start, time, zone=LONDON, since="the seating") == end


def test_an_end_before_the_start_is_refused_not_read_as_tomorrow():
    with pytest.raises(InvalidInput, match=r"18:30 is before the seating \(19:00\)"):
        end_after(at(19), dt.time(18, 30), zone=LONDON, since="the seating")

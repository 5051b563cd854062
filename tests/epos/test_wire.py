import datetime as dt

import pytest

from posbackoffice.dojo.wire import format_time


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.datetime(2024, 8, 12, 9, 30, tzinfo=dt.UTC), "2024-08-12T09:30:00.000Z"),
        (dt.datetime(2024, 8, 12, 10, 30, 0, 123999, tzinfo=dt.timezone(dt.timedelta(hours=1))), "2024-08-12T09:30:00.123Z"),
        (dt.datetime(167, 3, 24, 6, 59, 10, 488000, tzinfo=dt.UTC), "0167-03-24T06:59:10.488Z"),
    ],
)
def test_times_are_utc_with_milliseconds(value, expected):
    assert format_time(value) == expected

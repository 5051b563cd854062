import datetime as dt

import pytest

from posbackoffice.dojo.wire import ErrorType, error_for, format_time, parse_wire_id
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound


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


@pytest.mark.parametrize("value, expected", [("42", 42), ("0042", 42), ("9" * 18, int("9" * 18))])
def test_an_id_is_its_primary_key(value, expected):
    assert parse_wire_id(value) == expected


@pytest.mark.parametrize("value", ["", "abc", "-1", "1.5", " 1", "9" * 19, "٣", "ord_1"])
def test_what_no_id_could_be_names_nothing(value):
    assert parse_wire_id(value) is None


def test_a_refusal_answers_with_its_error_type_and_status():
    assert error_for(NotFound("No party 7.")) == (ErrorType.NOT_FOUND, 404, "No party 7.")
    assert error_for(Conflict("Taken.")) == (ErrorType.CONFLICT, 409, "Taken.")
    assert error_for(InvalidInput("Covers below one.")) == (ErrorType.INVALID_REQUEST, 400, "Covers below one.")


def test_an_unexpected_failure_gives_nothing_of_its_cause_away():
    error_type, status, message = error_for(RuntimeError("password=hunter2"))

    assert (error_type, status) == (ErrorType.UNEXPECTED, 500)
    assert "hunter2" not in message

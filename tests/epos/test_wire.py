import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posbackoffice.dojo.bridge.jsonrpc import BadFrame, Request, parse_request
from posbackoffice.dojo.wire import ErrorType, error_for, format_time, parse_json, parse_wire_id
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


JSON_TEXTS = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
        max_leaves=10,
    ).map(json.dumps),  # with NaN, Infinity and lone surrogates (escaped) as Python writes them
    st.tuples(st.integers(1, 5000), st.sampled_from("[{")).map(lambda d: d[1] * d[0] + ("]" if d[1] == "[" else "}") * d[0]),
    st.sampled_from(['{"a": 1, "a": 2}', "9" * 5000, "1e400", '"\\ud800"', '"\\udfff\\ud800"', "\ufeff{}", "NaN"]),
)


@settings(max_examples=500, deadline=None)
@given(raw=JSON_TEXTS)
def test_a_request_parses_into_a_value_that_can_be_answered_or_is_an_invalid_input(raw):
    """What both transports parse: never an unexpected error, and nothing that the database or
    a response could not encode (a lone surrogate, a NaN)."""
    try:
        value = parse_json(raw)
    except InvalidInput:
        return
    json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(frame=JSON_TEXTS)
def test_any_frame_is_a_request_or_a_bad_frame(frame):
    try:
        assert isinstance(parse_request(frame), Request)
    except BadFrame:
        pass

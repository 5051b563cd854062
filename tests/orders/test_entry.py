"""Amounts and rates as people type them, read the same way by the admin and the floor."""
import pytest

from orders.entry import format_amount, format_percentage, parse_amount, parse_percentage
from posbackoffice.kernel.errors import InvalidInput


@pytest.mark.parametrize(("text", "minor_units"), [
    ("12.50", 1250), ("12.5", 1250), ("12", 1200), (" £12.05 ", 1205), ("0,99", 99), ("€3", 300), ("0", 0),
])
def test_amounts_are_read_as_written(text, minor_units):
    assert parse_amount(text) == minor_units


@pytest.mark.parametrize("text", ["", "twelve", "12.505", "-3", "1 200", "12.5.0"])
def test_what_is_not_an_amount_is_refused_with_an_example(text):
    with pytest.raises(InvalidInput, match="write it like 12.50"):
        parse_amount(text)


@pytest.mark.parametrize(("text", "hundredths"), [("20 %", 2000), ("20", 2000), ("5%", 500), ("12.5 %", 1250),
                                                  ("0", 0), ("100%", 10000), ("7,25", 725)])
def test_percentages_are_read_as_written(text, hundredths):
    assert parse_percentage(text) == hundredths


@pytest.mark.parametrize("text", ["", "120 %", "twenty", "-5", "12.555"])
def test_what_is_not_a_percentage_is_refused(text):
    with pytest.raises(InvalidInput, match="like 20 %"):
        parse_percentage(text)


def test_stored_values_are_shown_the_way_they_are_read():
    assert [format_amount(1250), format_amount(5), format_percentage(2000), format_percentage(1250)] == [
        "12.50", "0.05", "20 %", "12.5 %"]

"""Tables in the order people count them."""
from types import SimpleNamespace

from floorplan.ordering import in_natural_order, natural_key


def test_numbers_in_names_sort_as_numbers():
    names = ["12", "2", "10", "1", "11"]

    assert sorted(names, key=natural_key) == ["1", "2", "10", "11", "12"]


def test_prefixes_and_case_then_numbers():
    names = ["T10", "bar 2", "T2", "Bar 10", "T1", "Patio"]

    assert sorted(names, key=natural_key) == ["bar 2", "Bar 10", "Patio", "T1", "T2", "T10"]


def test_tables_are_ordered_by_name():
    tables = [SimpleNamespace(name=name) for name in ("T12", "T7", "T8")]

    assert [table.name for table in in_natural_order(tables)] == ["T7", "T8", "T12"]

"""The scan behind the guard in test_write_paths.py finds the writes that skip signals, and
only those: a dict's or a set's `update` is not a queryset's."""
import textwrap

import pytest

from .write_scan import bypassing_writes_in


def scan(source: str) -> dict:
    return dict(bypassing_writes_in(textwrap.dedent(source)))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("def f():\n    Order.objects.filter(pk=1).update(status='x')", ("f", "Order.objects.filter().update")),
        ("def f(party):\n    party.party_tables.exclude(table_id=1).delete()",
         ("f", "party.party_tables.exclude().delete")),
        ("def f():\n    rows = Order.objects.all()\n    late = rows.exclude(x=1)\n    late.delete()", ("f", "late.delete")),
        ("def f():\n    if (rows := Order.objects.filter(x=1)):\n        rows.update(x=2)", ("f", "rows.update")),
        ("class OrderAdmin:\n    def close(self, request, queryset):\n        queryset.update(status='x')",
         ("OrderAdmin.close", "queryset.update")),
        ("def f(orders: QuerySet[Order]):\n    orders.delete()", ("f", "orders.delete")),
        ("def f(rows):\n    Party.objects.bulk_create(rows)", ("f", "Party.objects.bulk_create")),
        ("def f(rows):\n    Order.objects.bulk_update(rows, ['note'])", ("f", "Order.objects.bulk_update")),
        ("def f():\n    return Order.objects.raw('SELECT 1')", ("f", "Order.objects.raw")),
        ("def f():\n    c.execute('UPDATE orders_order SET note = 1')", ("f", "c.execute")),
        ("def f():\n    Reservation.tables.through.objects.create(reservation_id=1, table_id=2)",
         ("f", "Reservation.tables.through.objects")),
        ("def outer():\n    def inner():\n        Order.objects.all().delete()", ("outer.inner", "Order.objects.all().delete")),
        ("Order.objects.all().delete()", ("<module>", "Order.objects.all().delete")),
    ],
)
def test_a_write_that_skips_signals_is_found_where_it_is(source, found):
    assert scan(source) == {found: 1}


def test_a_raw_cursor_is_found_with_each_statement():
    source = """
        def f():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM bookings_partytable")
    """

    assert scan(source) == {("f", "connection.cursor"): 1, ("f", "cursor.execute"): 1}


def test_each_write_is_counted():
    assert scan("def f(row):\n    row = X.objects.filter(pk=1)\n    row.update(a=1)\n    row.update(a=2)") == {
        ("f", "row.update"): 2
    }


@pytest.mark.parametrize(
    "source",
    [
        "def f(context):\n    context.update(added='Pizza')",
        "def f():\n    context = {}\n    context.update(x=1)",
        "def f():\n    seen = set()\n    seen.update(['a'])",
        "def f(rows):\n    counts = {}\n    counts.update(Order.objects.filter(x=1).values_list('a', 'b'))",
        "def f(order):\n    order.delete()",
        "def f():\n    _locked(Order, 1).delete()",
        "def f():\n    Order.objects.create(note='x')\n    Order.objects.get(pk=1).save()",
        "def f(stopping):\n    stopping.set()",
        "def f(field):\n    return field.remote_field.through",
    ],
)
def test_what_sends_signals_or_is_no_queryset_is_not_found(source):
    assert scan(source) == {}

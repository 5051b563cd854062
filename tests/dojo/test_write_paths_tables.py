"""Deleting a table that bookings and orders name (the inventory is in `test_write_paths.py`):
the admin retires it through the floor plan's service, so nothing Dojo reads changes; a
delete in code rewrites their rows, and `signals` reports them."""
import pytest
from django.urls import reverse

from floorplan.models import Table
from orders import services as order_services
from posbackoffice.kernel.actor import Actor, Source, acting_as

from ..factories import ReservationFactory
from ..orders.factories import dojo_order
from .test_write_paths import ORDER, RESERVATION, clear_outbox, pending


@pytest.fixture
def booked_table(dojo_venue, tables, embedded):
    """The fourth table, booked with the third, and Dojo's order at it."""
    reservation = ReservationFactory(venue=dojo_venue, tables=tables[2:])
    with acting_as(Actor(source=Source.EPOS_API)):
        order = order_services.order_create(venue=dojo_venue, spec=dojo_order(table=tables[3]))
    clear_outbox()
    return tables[3], reservation, order


def _delete_table_in_the_admin(admin_client, table):
    admin_client.post(reverse("admin:floorplan_table_delete", args=[table.pk]), {"post": "yes"})


def _delete_tables_with_the_admin_action(admin_client, table):
    admin_client.post(
        reverse("admin:floorplan_table_changelist"),
        {"action": "delete_selected", "_selected_action": [table.pk], "post": "yes"},
    )


@pytest.mark.parametrize("delete", [_delete_table_in_the_admin, _delete_tables_with_the_admin_action])
def test_deleting_a_table_that_bookings_name_retires_it_so_nothing_they_report_changes(booked_table, admin_client, delete):
    table, reservation, order = booked_table

    delete(admin_client, table)

    assert pending() == set()
    order.refresh_from_db()
    assert (table in reservation.tables.all(), order.table_id) == (True, table.pk)
    assert Table.objects.get(pk=table.pk).retired_at is not None


def test_deleting_a_table_in_code_reports_the_reservations_and_orders_it_leaves(booked_table):
    table, reservation, order = booked_table

    table.delete()

    assert pending() == {(RESERVATION, str(reservation.pk)), (ORDER, str(order.pk))}
    assert table not in reservation.tables.all()

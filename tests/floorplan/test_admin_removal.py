"""Taking tables off the plan in the admin, as the layout editor does: a table that a
booking, a party or an order names is retired, not deleted; one with a party seated is
refused with the reason; one nothing names is deleted."""
import pytest
from django.urls import reverse

from bookings.models import PartyTable
from floorplan.models import Table

from ..factories import PartyFactory, ReservationFactory
from .admin_forms import area_post_data, form_errors


def _on_its_page(admin_client, table):
    return admin_client.post(reverse("admin:floorplan_table_delete", args=[table.pk]), {"post": "yes"})


def _with_delete_selected(admin_client, table):
    return admin_client.post(
        reverse("admin:floorplan_table_changelist"),
        {"action": "delete_selected", "_selected_action": [table.pk], "post": "yes"},
    )


def _as_a_row_of_its_area(admin_client, table):
    area = table.area
    rows = [(row, {"DELETE": "on"} if row == table else {}) for row in area.tables.order_by("pk")]
    return admin_client.post(
        reverse("admin:floorplan_area_change", args=[area.pk]), area_post_data(venue=area.venue, name=area.name, existing=rows)
    )


REMOVALS = [_on_its_page, _with_delete_selected, _as_a_row_of_its_area]


@pytest.mark.parametrize("remove", REMOVALS)
def test_a_table_that_bookings_and_parties_name_is_retired_and_keeps_them(admin_client, tables, remove):
    reservation = ReservationFactory(venue=tables[0].venue, tables=tables[:2])
    left = PartyFactory(venue=tables[0].venue, tables=[tables[1]], end_time=reservation.start_time)

    response = remove(admin_client, tables[1])

    assert response.status_code == 302, form_errors(response)
    retired = Table.objects.get(pk=tables[1].pk)
    assert (retired.is_active, retired.retired_at is not None) == (False, True)
    assert list(reservation.tables.order_by("pk")) == tables[:2]
    assert PartyTable.objects.filter(party=left, table=retired).exists()


@pytest.mark.parametrize("remove", REMOVALS)
def test_a_table_with_a_party_seated_stays_and_the_admin_says_why(admin_client, tables, remove):
    PartyFactory(venue=tables[0].venue, tables=[tables[2]], name="Okafor")

    response = remove(admin_client, tables[2])

    assert response.status_code == 200
    assert "Okafor" in response.content.decode() and "end the party or move it before removing the table" in response.content.decode()
    table = Table.objects.get(pk=tables[2].pk)
    assert (table.is_active, table.retired_at) == (True, None)


@pytest.mark.parametrize("remove", REMOVALS)
def test_a_table_nothing_names_is_deleted(admin_client, tables, remove):
    response = remove(admin_client, tables[3])

    assert response.status_code == 302, form_errors(response)
    assert not Table.objects.filter(pk=tables[3].pk).exists()

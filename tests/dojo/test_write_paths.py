"""Deletes rewrite the rows pointing at the deleted one (SET_NULL foreign keys, rows of an
auto-created many-to-many table) without any signal; `posbackoffice.dojo.signals` reports
the reservations, parties and orders so rewritten (docs/write-paths.md)."""
import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import services as booking_services
from floorplan.models import Table
from orders import services as order_services
from posbackoffice.dojo.models import OutboxEvent
from posbackoffice.kernel.actor import Actor, Source, acting_as

from ..factories import AreaFactory, PartyFactory, ReservationFactory, WaiterFactory
from ..orders.factories import ProductFactory, dojo_order

pytestmark = pytest.mark.django_db

EventType = OutboxEvent.EventType
RESERVATION, PARTY, ORDER = EventType.RESERVATION_UPDATED, EventType.PARTY_UPDATED, EventType.ORDER_UPDATED
STAFF, DOJO = Actor(source=Source.STAFF), Actor(source=Source.EPOS_API)


def pending() -> set[tuple[str, str]]:
    return set(OutboxEvent.objects.filter(status=OutboxEvent.Status.PENDING).values_list("event_type", "entity_id"))


def clear_outbox() -> None:
    OutboxEvent.objects.all().delete()


# Deletes that rewrite reported rows without signals: reported by `signals`


@pytest.fixture
def seated(dojo_venue, tables):
    """A reservation seated as a party, the party's order served by a waiter; nothing pending."""
    reservation = ReservationFactory(venue=dojo_venue, tables=[tables[0]], start_time=timezone.now())
    waiter = WaiterFactory(venue=dojo_venue)
    party = booking_services.party_seat_reservation(venue=dojo_venue, reservation_id=reservation.pk)
    party.waiter = waiter
    party.save()
    order = order_services.order_open_for_party(party=party, waiter=waiter)
    clear_outbox()
    return reservation, party, order, waiter


def test_cancelling_a_seated_reservation_reports_the_party_and_order_it_unlinks(seated, dojo_venue, embedded):
    reservation, party, order, _ = seated

    with acting_as(STAFF):
        booking_services.reservation_delete(venue=dojo_venue, reservation_id=reservation.pk)

    assert pending() == {(RESERVATION, str(reservation.pk)), (PARTY, str(party.pk)), (ORDER, str(order.pk))}
    party.refresh_from_db()
    order.refresh_from_db()
    assert (party.reservation_id, order.reservation_id) == (None, None)


def test_deleting_a_party_reports_the_order_it_unlinks(seated, dojo_venue, embedded):
    _, party, order, _ = seated

    booking_services.party_delete(venue=dojo_venue, party_id=party.pk)

    assert pending() == {(PARTY, str(party.pk)), (ORDER, str(order.pk))}
    order.refresh_from_db()
    assert order.party_id is None


def test_deleting_a_waiter_in_the_admin_reports_the_party_and_order_they_served(seated, admin_client, embedded):
    _, party, order, waiter = seated

    admin_client.post(reverse("admin:floorplan_waiter_delete", args=[waiter.pk]), {"post": "yes"})

    assert pending() == {(PARTY, str(party.pk)), (ORDER, str(order.pk))}
    party.refresh_from_db()
    order.refresh_from_db()
    assert (party.waiter_id, order.waiter_id) == (None, None)


def _delete_table_in_the_admin(admin_client, table):
    admin_client.post(reverse("admin:floorplan_table_delete", args=[table.pk]), {"post": "yes"})


def _delete_tables_with_the_admin_action(admin_client, table):
    admin_client.post(
        reverse("admin:floorplan_table_changelist"),
        {"action": "delete_selected", "_selected_action": [table.pk], "post": "yes"},
    )


@pytest.mark.parametrize("delete", [_delete_table_in_the_admin, _delete_tables_with_the_admin_action])
def test_deleting_a_table_reports_the_reservations_and_orders_it_leaves(dojo_venue, tables, admin_client, embedded,
                                                                       delete):
    reservation = ReservationFactory(venue=dojo_venue, tables=tables[2:])
    with acting_as(DOJO):
        order = order_services.order_create(venue=dojo_venue, spec=dojo_order(table=tables[3]))
    clear_outbox()

    delete(admin_client, tables[3])

    assert pending() == {(RESERVATION, str(reservation.pk)), (ORDER, str(order.pk))}
    assert list(reservation.tables.all()) == [tables[2]]


# Deletes that rewrite no reported row


def test_deleting_a_user_in_the_admin_leaves_waiters_and_their_parties(dojo_venue, tables, admin_client,
                                                                       django_user_model, embedded):
    user = django_user_model.objects.create_user("becky")
    dojo_venue.staff.add(user)
    waiter = WaiterFactory(venue=dojo_venue, user=user)
    party = PartyFactory(venue=dojo_venue, waiter=waiter, tables=[tables[0]])
    clear_outbox()

    admin_client.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"})

    assert not django_user_model.objects.filter(pk=user.pk).exists()
    assert pending() == set()
    party.refresh_from_db()
    assert party.waiter == waiter


def test_an_area_is_deleted_only_without_tables_so_no_booking_loses_one(dojo_venue, tables, area, admin_client,
                                                                        embedded):
    ReservationFactory(venue=dojo_venue, tables=[tables[0]])
    empty = AreaFactory(venue=dojo_venue)
    empty.waiters.add(WaiterFactory(venue=dojo_venue))
    clear_outbox()

    for doomed in (area, empty):
        admin_client.post(reverse("admin:floorplan_area_delete", args=[doomed.pk]), {"post": "yes"})

    assert list(dojo_venue.areas.all()) == [area]
    assert Table.objects.filter(area=area).count() == len(tables)
    assert pending() == set()


def test_deleting_a_product_leaves_the_orders_that_list_it(dojo_venue, tables, admin_client, embedded):
    party = PartyFactory(venue=dojo_venue, tables=[tables[0]])
    burger = ProductFactory(venue=dojo_venue, plu="BURGER")
    order = order_services.order_open_for_party(party=party)
    order_services.order_add_item(venue=dojo_venue, order_id=order.pk, product=burger)
    clear_outbox()

    admin_client.post(reverse("admin:orders_product_delete", args=[burger.pk]), {"post": "yes"})

    assert pending() == set()
    assert list(order.items.values_list("plu", flat=True)) == ["BURGER"]


def test_a_venue_with_tables_is_not_deleted_in_the_admin(dojo_venue, tables, admin_client, embedded):
    # Deleted in code (`venue.delete()`), a venue takes its Dojo settings with it: see
    # test_outbox.py::test_recording_an_event_for_a_venue_being_deleted_does_not_break_the_delete.
    PartyFactory(venue=dojo_venue, tables=[tables[0]])
    clear_outbox()

    admin_client.post(reverse("admin:floorplan_venue_delete", args=[dojo_venue.pk]), {"post": "yes"})

    assert Table.objects.filter(venue_id=dojo_venue.pk).count() == len(tables)
    assert pending() == set()

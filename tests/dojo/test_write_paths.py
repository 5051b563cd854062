"""Writes that send no model signal, and why none of them changes what Dojo reads without
a POS event (docs/write-paths.md).

`KNOWN_BYPASSING_WRITES` is every such call in the project's apps, found by parsing them
(`write_scan`); a new one fails `test_every_write_that_skips_signals_is_known` until it is
added here with its reason and a test below. Deletes are the other way round: a delete
sends its signals, but rewrites the rows pointing at the deleted one (SET_NULL, rows of a
many-to-many table) without any; `posbackoffice.dojo.signals` reports those rows.
"""
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings import selectors as booking_selectors
from bookings import services as booking_services
from floorplan.models import Table
from floorplan.selectors import area_list_with_waiters, table_search
from orders import services as order_services
from orders.models import OrderShare
from orders.values import DiscountSpec, ItemSpec, ModifierSpec, TaxLineSpec
from posbackoffice.dojo import outbox
from posbackoffice.dojo.models import DeliveryAttempt, OutboxEvent
from posbackoffice.kernel.actor import Actor, Source, acting_as

from ..factories import AreaFactory, PartyFactory, ReservationFactory, WaiterFactory
from ..orders.factories import ProductFactory, ProductModifierFactory, dojo_order, gbp, payment
from .write_scan import bypassing_writes

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]
APPS = ["bookings", "orders", "floorplan", "frontdesk", "posbackoffice"]
EventType = OutboxEvent.EventType
RESERVATION, PARTY, ORDER = EventType.RESERVATION_UPDATED, EventType.PARTY_UPDATED, EventType.ORDER_UPDATED
STAFF, DOJO = Actor(source=Source.STAFF), Actor(source=Source.EPOS_API)


class Known(NamedTuple):
    function: str  # the function the call is in, wherever its module moves
    call: str  # the call, arguments left out
    why: str


KNOWN_BYPASSING_WRITES = [
    Known("seat", "PartyTable.objects.filter()._raw_delete", "every caller saves the party in the same transaction"),
    Known("seat", "PartyTable.objects.filter().update", "every caller saves the party in the same transaction"),
    Known("seat", "PartyTable.objects.bulk_create", "every caller saves the party in the same transaction"),
    Known("_move_seats", "PartyTable.objects.bulk_update", "every caller of seat saves the party in the same transaction"),
    Known("end_if_seated", "Party.objects.raw", "an UPDATE ... RETURNING of the party, which sends its post_save itself"),
    Known("free_seats", "connection.cursor", "party_end ends the party (end_if_seated reports it) in the same transaction"),
    Known("free_seats", "cursor.execute", "the same: one UPDATE ... RETURNING of the party's seats"),
    Known("seat_new_party", "PartyTable.objects.bulk_create", "the party is created just before, in the same transaction"),
    Known("_create_item", "OrderItemModifier.objects.bulk_create", "order_create saves the order (refresh)"),
    Known("_write_order", "OrderDiscount.objects.bulk_create", "order_create saves the order (refresh)"),
    Known("_write_order", "OrderTaxLine.objects.bulk_create", "order_create saves the order (refresh)"),
    Known("_write_order", "OrderPayment.objects.bulk_create", "order_create saves the order (refresh)"),
    Known("_add_item", "OrderItemModifier.objects.bulk_create", "_add_item saves the order (store_amounts) after writing them"),
    Known("outbox_record", "connection.cursor", "the outbox itself: adds the pending event or coalesces a change into it"),
    Known("outbox_record", "cursor.execute", "the outbox itself: the same statement"),
    Known("outbox_claim", "OutboxEvent.objects.filter().update", "the outbox itself: leases events to deliver"),
    Known("_settle", "row.update", "the outbox itself: schedules a retry"),
    Known("_settle", "row.filter().update", "the outbox itself: marks an event delivered or failed"),
    Known("_settle", "row.update", "the outbox itself: sends again an event changed during delivery"),
    Known("outbox_purge", "OutboxEvent.objects.filter().delete", "the outbox itself: delivered events, a week on"),
    Known("outbox_retry", "OutboxEvent.objects.filter().update", "the outbox itself: makes an event due now"),
    Known("_rehash", "EposCredential.objects.filter().update", "Dojo's credentials: their hash, stronger"),
    Known("sync_state_update", "DojoSyncState.objects.bulk_create", "the Dojo sync page's own state (an upsert)"),
    Known("bridge_reconnect_count", "DojoSyncState.objects.filter().update", "the Dojo sync page's own state"),
    Known("database_check", "connections[DEFAULT_DB_ALIAS].cursor", "a read: the readiness check's SELECT 1"),
    Known("database_check", "cursor.execute", "a read: the readiness check's SELECT 1"),
    Known("PreparedRead.rows", "cursor.execute", "a read: a SELECT the ORM compiled once (the EPOS reads, the live floor's)"),
    Known("_cursor", "connection.cursor", "a read: the cursor of PreparedRead.rows"),
    Known("_preparing_cursor_class.PreparingCursor.execute", "super().execute", "a read: PreparedRead.rows's, prepared"),
]


def pending() -> set[tuple[str, str]]:
    return set(OutboxEvent.objects.filter(status=OutboxEvent.Status.PENDING).values_list("event_type", "entity_id"))


def clear_outbox() -> None:
    OutboxEvent.objects.all().delete()


_WRITE = re.compile(r'\s*(?:UPDATE|INSERT INTO|DELETE FROM)\s+"?(\w+)', re.IGNORECASE)


def tables_written(queries: CaptureQueriesContext) -> set[str]:
    return {match[1] for query in queries.captured_queries if (match := _WRITE.match(query["sql"]))}


OUTBOX_TABLES = {OutboxEvent._meta.db_table, DeliveryAttempt._meta.db_table}


# The guard


def test_every_write_that_skips_signals_is_known():
    found = bypassing_writes(PROJECT, APPS)
    known = Counter((entry.function, entry.call) for entry in KNOWN_BYPASSING_WRITES)

    assert found - known == Counter(), "new writes that skip signals: add each to KNOWN_BYPASSING_WRITES, with a test"
    assert known - found == Counter(), "no longer in the code: remove from KNOWN_BYPASSING_WRITES"


def test_every_known_write_is_in_the_documented_inventory():
    documented = (PROJECT / "docs" / "write-paths.md").read_text()

    assert [entry.function for entry in KNOWN_BYPASSING_WRITES if f"`{entry.function}`" not in documented] == []


# Bulk writes to a party's seats: reported by the party's own save


def test_releasing_a_table_reports_the_party_whose_seat_was_deleted(dojo_venue, tables, embedded):
    party = PartyFactory(venue=dojo_venue, tables=tables[:2])
    clear_outbox()

    with acting_as(STAFF):
        booking_services.party_release_table(venue=dojo_venue, party_id=party.pk, table_id=tables[1].pk)

    assert pending() == {(PARTY, str(party.pk))}
    assert list(party.party_tables.values_list("table_id", flat=True)) == [tables[0].pk]


def test_ending_a_party_reports_it_with_its_seats_freed_in_bulk(dojo_venue, tables, embedded):
    party = PartyFactory(venue=dojo_venue, tables=tables[:2])
    clear_outbox()

    with acting_as(STAFF):
        booking_services.party_end(venue=dojo_venue, party_id=party.pk)

    assert pending() == {(PARTY, str(party.pk))}
    assert not party.party_tables.filter(is_active=True).exists()


def test_moving_a_party_reports_it_with_its_seat_moved_in_place(dojo_venue, tables, embedded):
    party = PartyFactory(venue=dojo_venue, tables=[tables[0]])
    seat = party.party_tables.get()
    clear_outbox()

    with acting_as(STAFF):
        booking_services.party_move(venue=dojo_venue, party_id=party.pk, table_ids=[tables[1].pk])

    assert pending() == {(PARTY, str(party.pk))}
    assert list(party.party_tables.values_list("pk", "table_id")) == [(seat.pk, tables[1].pk)]


def test_joining_a_table_reports_the_party_whose_seat_was_created_in_bulk(dojo_venue, tables, embedded):
    party = PartyFactory(venue=dojo_venue, tables=[tables[0]])
    clear_outbox()

    with acting_as(STAFF):
        booking_services.party_join_table(venue=dojo_venue, party_id=party.pk, table_id=tables[1].pk)

    assert pending() == {(PARTY, str(party.pk))}
    assert sorted(party.party_tables.values_list("table_id", flat=True)) == [tables[0].pk, tables[1].pk]


def test_seating_a_new_party_reports_it_with_its_seats_created_in_bulk(dojo_venue, tables, embedded):
    with acting_as(STAFF):
        party = booking_services.party_seat_walk_in(venue=dojo_venue, table_ids=[tables[0].pk], covers=2)

    assert pending() == {(PARTY, str(party.pk))}
    assert list(party.party_tables.values_list("table_id", "is_active")) == [(tables[0].pk, True)]


# Bulk writes to an order's rows: reported by the order's own save (`refresh`, `store_amounts`)


def test_an_orders_rows_created_in_bulk_are_reported_with_the_order(dojo_venue, tables, embedded):
    cheese = ModifierSpec(name="Cheese", plu="CHEESE", quantity=1, amount=gbp(150))
    spec = dojo_order(
        table=tables[0], total=gbp(2000), payments=[payment("pi_1", 500)],
        items=[ItemSpec(name="Pizza", plu="PIZZA", quantity=2, amount_per_item=gbp(1000), modifiers=(cheese,))],
        discounts=(DiscountSpec(name="Happy hour", amount=gbp(300)),), tax_lines=(TaxLineSpec(amount=gbp(333)),),
    )

    # a POS-side caller (Dojo's own CreateOrder is not echoed back, by design)
    order = order_services.order_create(venue=dojo_venue, spec=spec)

    assert pending() == {(ORDER, str(order.pk))}
    assert [order.items.get().modifiers.count(), order.discounts.count(), order.tax_lines.count(),
            order.payments.count()] == [1, 1, 1, 1]


def test_modifiers_added_in_bulk_are_reported_with_the_order(dojo_venue, tables, embedded):
    party = PartyFactory(venue=dojo_venue, tables=[tables[0]])
    burger = ProductFactory(venue=dojo_venue, price=1250)
    cheese = ProductModifierFactory(product=burger, price=150)
    with acting_as(STAFF):
        order = order_services.order_open_for_party(party=party)
        clear_outbox()

        order_services.order_add_item(venue=dojo_venue, order_id=order.pk, product=burger, modifiers=[cheese])

    assert pending() == {(ORDER, str(order.pk))}
    assert order.items.get().modifiers.get().plu == cheese.plu


def test_dropping_a_split_reports_the_order_whose_items_it_unlinks(dojo_venue, tables, embedded):
    party = PartyFactory(venue=dojo_venue, tables=[tables[0]])
    burger = ProductFactory(venue=dojo_venue, price=1250)
    with acting_as(STAFF):
        order = order_services.order_add_item_for_party(venue=dojo_venue, party_id=party.pk, product=burger)
        order_services.order_add_item(venue=dojo_venue, order_id=order.pk, product=burger)
        first, second = order.items.all()
        order_services.order_split_by_items(venue=dojo_venue, order_id=order.pk, guests=2,
                                            items_of={first.pk: 1, second.pk: 2})
        clear_outbox()

        order_services.order_split_equally(venue=dojo_venue, order_id=order.pk, guests=3)

    assert pending() == {(ORDER, str(order.pk))}
    assert list(order.items.values_list("share", flat=True)) == [None, None]
    assert OrderShare.objects.filter(order=order).count() == 3


# The outbox's own bookkeeping, and a read: no reported entity written


def test_coalescing_a_change_writes_only_the_outbox(dojo_venue, tables, embedded):
    party = PartyFactory(venue=dojo_venue, tables=[tables[0]])
    version = OutboxEvent.objects.get().version

    with CaptureQueriesContext(connection) as queries:
        outbox.outbox_record(venue_id=dojo_venue.pk, event_type=PARTY, entity_id=str(party.pk))

    assert tables_written(queries) == {OutboxEvent._meta.db_table}
    assert list(OutboxEvent.objects.values_list("entity_id", "version")) == [(str(party.pk), version + 1)]


@pytest.mark.parametrize(("answer", "status"), [(200, "delivered"), (503, "pending"), (400, "failed")])
def test_delivering_writes_only_the_outbox(dojo_venue, tables, stand_in, embedded, answer, status):
    party = PartyFactory(venue=dojo_venue, tables=[tables[0]])
    if answer != 200:
        stand_in.fail_next(answer)

    with CaptureQueriesContext(connection) as queries:
        assert outbox.outbox_deliver_all_pending() == 1

    assert tables_written(queries) <= OUTBOX_TABLES
    assert list(OutboxEvent.objects.values_list("entity_id", "status")) == [(str(party.pk), status)]


def test_retrying_and_purging_write_only_the_outbox(dojo_venue, tables, stand_in, embedded):
    PartyFactory(venue=dojo_venue, tables=[tables[0]])
    stand_in.fail_next(400)
    outbox.outbox_deliver_all_pending()
    event = OutboxEvent.objects.get()

    with CaptureQueriesContext(connection) as queries:
        assert outbox.outbox_retry(event=event)
        outbox.outbox_deliver_all_pending()
        assert outbox.outbox_purge(older_than=dt.timedelta(0)) == 1

    assert tables_written(queries) <= OUTBOX_TABLES
    assert not OutboxEvent.objects.exists()


def test_the_floor_reads_reservations_tables_without_writing(venue, tables):
    reservation = ReservationFactory(venue=venue, tables=[tables[0]], start_time=timezone.now())

    with CaptureQueriesContext(connection) as queries:
        areas = booking_selectors.floor_areas(venue=venue, now=timezone.now())

    assert tables_written(queries) == set()
    assert areas[0].tables[0].next_reservation.pk == reservation.pk


def test_the_prepared_reads_write_nothing(venue, area, tables):
    party = PartyFactory(venue=venue, tables=[tables[0]])
    reservation = ReservationFactory(venue=venue, tables=[tables[1]])

    with CaptureQueriesContext(connection) as queries:
        area_list_with_waiters(venue_id=venue.pk)
        table_search(venue_id=venue.pk).rows()
        booking_selectors.party_read(venue_id=venue.pk, party_id=party.pk)
        booking_selectors.party_search(venue_id=venue.pk).rows()
        booking_selectors.reservation_read(venue_id=venue.pk, reservation_id=reservation.pk)
        booking_selectors.reservation_search(venue_id=venue.pk).rows()

    assert len(queries) == 6
    assert tables_written(queries) == set()


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

"""Every change made to an order on the POS side reaches Dojo as an `OrderUpdated` event;
Dojo's own changes through the EPOS Data API are not echoed back."""
import pytest

from orders import services
from orders.values import DiscountRequest, StaffPaymentSpec
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.dojo.models import OutboxEvent
from posbackoffice.dojo.outbox import outbox_deliver_all_pending

from tests.factories import PartyFactory

from .factories import dojo_order, gbp, payment

pytestmark = pytest.mark.django_db

STAFF = Actor(source=Source.STAFF)
DOJO = Actor(source=Source.EPOS_API)


def pending_order_events() -> list[str]:
    rows = OutboxEvent.objects.filter(status=OutboxEvent.Status.PENDING, event_type="OrderUpdated")
    return list(rows.values_list("entity_id", flat=True))


def test_items_added_by_staff_reach_dojo_as_one_order_event(dojo_venue, party, burger, stand_in, embedded):
    # given the party's order, its creation already reported
    with acting_as(STAFF):
        order = services.order_open_for_party(party=party)
    outbox_deliver_all_pending()
    stand_in.reset()

    # when staff add two items
    with acting_as(STAFF):
        services.order_add_item(venue=dojo_venue, order_id=order.pk, product=burger)
        services.order_add_item(venue=dojo_venue, order_id=order.pk, product=burger)

    # then one event is pending for the order, and Dojo receives it
    assert pending_order_events() == [str(order.pk)]
    assert outbox_deliver_all_pending() == 1
    assert stand_in.events() == [{"eventType": "OrderUpdated", "event": {"orderId": str(order.pk)}}]


def test_an_order_cancelled_by_staff_is_reported(dojo_venue, embedded):
    with acting_as(DOJO):
        order = services.order_create(venue=dojo_venue, spec=dojo_order())

    with acting_as(STAFF):
        services.order_cancel(venue=dojo_venue, order_id=order.pk)

    assert pending_order_events() == [str(order.pk)]


def test_dojos_own_changes_are_not_echoed_back(dojo_venue, embedded):
    with acting_as(DOJO):
        order = services.order_create(venue=dojo_venue, spec=dojo_order())
        services.order_record_payment(venue=dojo_venue, order_id=order.pk, payment=payment("pi_1", 500))

    assert pending_order_events() == []


def test_every_change_staff_make_to_a_bill_reaches_dojo(dojo_venue, party, burger, lager, manager, embedded):
    order = services.order_add_item_for_party(venue=dojo_venue, party_id=party.pk, product=burger, quantity=2)
    services.order_add_item(venue=dojo_venue, order_id=order.pk, product=lager)
    changes = [
        lambda: services.order_void_item(venue=dojo_venue, order_id=order.pk, item_id=order.lines[0].pk, quantity=1,
                                         reason="Spilt"),
        lambda: services.order_discount(venue=dojo_venue, order_id=order.pk,
                                        discount=DiscountRequest(reason="Regulars", percentage=1000)),
        lambda: services.order_split_equally(venue=dojo_venue, order_id=order.pk, guests=2),
        lambda: services.order_take_payment(venue=dojo_venue, order_id=order.pk, payment=StaffPaymentSpec(
            method="cash", amount=gbp(500), idempotency_key="event-cash-key")),
    ]
    for change in changes:
        OutboxEvent.objects.all().delete()

        change()

        assert pending_order_events() == [str(order.pk)]


def test_moving_and_merging_report_every_order_they_touch(dojo_venue, tables, party, burger, manager, embedded):
    other = PartyFactory(venue=dojo_venue, name="Okafor", tables=[tables[1]])
    ours = services.order_add_item_for_party(venue=dojo_venue, party_id=party.pk, product=burger)
    theirs = services.order_add_item_for_party(venue=dojo_venue, party_id=other.pk, product=burger)
    OutboxEvent.objects.all().delete()

    services.party_orders_merge(venue=dojo_venue, party_id=party.pk, other_party_id=other.pk)

    assert sorted(pending_order_events()) == sorted([str(ours.pk), str(theirs.pk)])
    parties = OutboxEvent.objects.filter(event_type="PartyUpdated").values_list("entity_id", flat=True)
    assert sorted(parties) == sorted([str(party.pk), str(other.pk)])

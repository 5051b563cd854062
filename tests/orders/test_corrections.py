"""Voids, discounts and write-offs: each with a reason, by staff a manager allowed to, shown
on the bill and worked into the total and its VAT."""
import datetime as dt

import pytest
from django.utils import timezone

from bookings.services import party_end
from orders import selectors, services
from orders.models import CorrectionGrant, Order, OrderDiscount, OrderVoid
from orders.values import DiscountRequest, StaffPaymentSpec
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotAllowed, NotFound

from tests.factories import VenueFactory

from .factories import ProductFactory, dojo_order, gbp

pytestmark = pytest.mark.django_db


def vat(order) -> list[tuple[str, int]]:
    return [(t.name, t.amount) for t in Order.objects.get(pk=order.pk).tax_lines.all()]


def snapshot(order) -> tuple:
    fresh = Order.objects.get(pk=order.pk)
    items = list(fresh.items.values_list("name", "quantity"))
    return fresh.total_amount, items, fresh.discounts.count(), fresh.voids.count(), vat(fresh)


def test_voiding_a_line_takes_it_off_the_bill_and_keeps_why(venue, tab, manager):
    burgers = tab.lines[0]

    order = services.order_void_item(venue=venue, order_id=tab.pk, item_id=burgers.pk, quantity=2,
                                     reason="Sent back: overcooked")

    assert [line.name for line in order.lines] == ["Lager"]
    assert order.total_amount == 1100
    void = OrderVoid.objects.get()
    assert (void.name, void.quantity, void.amount, void.reason, void.voided_by) == (
        "Burger", 2, 2500, "Sent back: overcooked", manager)
    assert vat(order) == [("VAT 20%", 183)]  # 1100 / 6


def test_voiding_part_of_a_line_keeps_the_rest(venue, tab, manager):
    order = services.order_void_item(venue=venue, order_id=tab.pk, item_id=tab.lines[1].pk, quantity=1,
                                     reason="Spilt")

    assert [(line.name, line.quantity) for line in order.lines] == [("Burger", 2), ("Lager", 1)]
    assert order.total_amount == 3050


def test_a_percentage_discount_follows_the_items_and_lowers_the_vat(venue, tab, burger, manager):
    order = services.order_discount(venue=venue, order_id=tab.pk,
                                    discount=DiscountRequest(reason="Birthday", percentage=1000))
    assert (order.total_amount, vat(order)) == (3240, [("VAT 20%", 540)])

    order = services.order_add_item(venue=venue, order_id=tab.pk, product=burger)

    discount = order.discounts.get()
    assert (discount.name, discount.percentage, discount.amount, discount.origin) == ("Birthday", 1000, 485, "staff")
    assert discount.reference == f"pos-discount-{discount.pk}"
    assert order.total_amount == 4850 - 485


def test_an_amount_off(venue, tab, manager):
    order = services.order_discount(venue=venue, order_id=tab.pk,
                                    discount=DiscountRequest(reason="Long wait", amount=gbp(600)))

    assert (order.total_amount, vat(order)) == (3000, [("VAT 20%", 500)])


def test_vat_is_worked_out_per_rate_on_what_is_paid_for(venue, party, manager):
    order = services.order_open_for_party(party=party)
    services.order_add_item(venue=venue, order_id=order.pk, product=_product(venue, "STEAK", 2400, 2000))
    services.order_add_item(venue=venue, order_id=order.pk, product=_product(venue, "JUICE", 600, 500))

    order = services.order_discount(venue=venue, order_id=order.pk,
                                    discount=DiscountRequest(reason="Staff meal", percentage=5000))

    assert vat(order) == [("VAT 20%", 200), ("VAT 5%", 14)]  # half of each: 1200 / 6, 300 / 21


@pytest.mark.parametrize(("discount", "error", "message"), [
    (DiscountRequest(reason="Too much", amount=gbp(3601)), Conflict, "less than nothing"),
    (DiscountRequest(reason=" ", amount=gbp(100)), InvalidInput, "Say why the discount is given"),
    (DiscountRequest(reason="Both", amount=gbp(100), percentage=1000), InvalidInput, "an amount or as a percentage"),
    (DiscountRequest(reason="Over 100", percentage=10001), InvalidInput, "between 0.01% and 100%"),
    (DiscountRequest(reason="Nothing", amount=gbp(0)), InvalidInput, "more than zero"),
])
def test_a_discount_the_rules_refuse_writes_nothing(venue, tab, manager, discount, error, message):
    before = snapshot(tab)

    with pytest.raises(error, match=message):
        services.order_discount(venue=venue, order_id=tab.pk, discount=discount)

    assert snapshot(tab) == before


def test_a_discount_cannot_bring_the_bill_below_what_is_paid(venue, tab, manager):
    services.order_take_payment(venue=venue, order_id=tab.pk, payment=StaffPaymentSpec(
        method="cash", amount=gbp(3000), idempotency_key="most-of-it-paid"))
    before = snapshot(tab)

    with pytest.raises(Conflict, match="would come to £26.00, less than the £30.00 already paid"):
        services.order_discount(venue=venue, order_id=tab.pk, discount=DiscountRequest(reason="x", amount=gbp(1000)))

    assert snapshot(tab) == before


@pytest.mark.parametrize(("quantity", "item", "error", "message"), [
    (3, "burgers", InvalidInput, "void from 1 to 2"),
    (0, "burgers", InvalidInput, "void from 1 to 2"),
    (1, "missing", NotFound, "has no item"),
])
def test_a_void_the_rules_refuse_writes_nothing(venue, tab, manager, quantity, item, error, message):
    item_id = tab.lines[0].pk if item == "burgers" else 10**6
    before = snapshot(tab)

    with pytest.raises(error, match=message):
        services.order_void_item(venue=venue, order_id=tab.pk, item_id=item_id, quantity=quantity, reason="x")

    assert snapshot(tab) == before


def test_staff_without_the_permission_cannot_correct(venue, tab, staff_member):
    before = snapshot(tab)

    with pytest.raises(NotAllowed, match="ask a manager"):
        services.order_void_item(venue=venue, order_id=tab.pk, item_id=tab.lines[0].pk, quantity=1, reason="x")
    with pytest.raises(NotAllowed):
        services.order_discount(venue=venue, order_id=tab.pk, discount=DiscountRequest(reason="x", amount=gbp(1)))

    assert snapshot(tab) == before


def test_a_permission_is_for_one_venue(venue, tab, staff_member):
    CorrectionGrant.objects.create(venue=_other_venue(), user=staff_member)

    assert not selectors.staff_may_correct(venue=venue, user_id=staff_member.pk)
    CorrectionGrant.objects.create(venue=venue, user=staff_member)
    assert selectors.staff_may_correct(venue=venue, user_id=staff_member.pk)


def test_a_superuser_may_correct(venue, tab, django_user_model):
    boss = django_user_model.objects.create_superuser(username="boss")

    with acting_as(Actor(source=Source.STAFF, user_id=boss.pk)):
        order = services.order_discount(venue=venue, order_id=tab.pk,
                                        discount=DiscountRequest(reason="Comped", amount=gbp(100)))

    assert order.total_amount == 3500


def test_a_dojo_order_is_corrected_on_dojo(venue, tables, party, manager):
    order = services.order_create(venue=venue, spec=dojo_order(table=tables[0], party=party))

    with pytest.raises(Conflict, match="created on Dojo"):
        services.order_discount(venue=venue, order_id=order.pk, discount=DiscountRequest(reason="x", amount=gbp(1)))


def test_no_correction_while_dojo_holds_the_lock(venue, tab, manager):
    services.order_lock_create(venue=venue, order_id=tab.pk, lock_id="lock-2",
                               expires_at=timezone.now() + dt.timedelta(minutes=2))
    before = snapshot(tab)

    with pytest.raises(Conflict, match="being paid on a Dojo terminal"):
        services.order_void_item(venue=venue, order_id=tab.pk, item_id=tab.lines[0].pk, quantity=1, reason="x")

    assert snapshot(tab) == before


def test_writing_off_what_a_departed_party_left_settles_the_order(venue, party, tab, manager):
    services.order_take_payment(venue=venue, order_id=tab.pk, payment=StaffPaymentSpec(
        method="card", amount=gbp(1000), idempotency_key="paid-before-left", card_reference="9"))
    party_end(venue=venue, party_id=party.pk)

    order = services.order_write_off(venue=venue, order_id=tab.pk, reason="Walked out")

    write_off = order.discounts.get()
    assert (write_off.origin, write_off.name, write_off.amount) == ("write_off", "Written off: Walked out", 2600)
    assert (order.status, order.total_amount, order.paid_amount, order.payable) == ("Finalized", 1000, 1000, False)
    assert vat(order) == [("VAT 20%", 167)]
    assert list(selectors.orders_unsettled(venue=venue)) == []


def test_a_seated_partys_bill_is_not_written_off(venue, tab, manager):
    with pytest.raises(Conflict, match="still seated"):
        services.order_write_off(venue=venue, order_id=tab.pk, reason="x")

    assert not OrderDiscount.objects.exists()


def test_writing_off_needs_the_permission(venue, party, tab, staff_member):
    party_end(venue=venue, party_id=party.pk)

    with pytest.raises(NotAllowed):
        services.order_write_off(venue=venue, order_id=tab.pk, reason="x")

    assert Order.objects.get(pk=tab.pk).status == "New"


def _product(venue, plu, price, rate):
    return ProductFactory(venue=venue, plu=plu, name=plu.title(), price=price, tax_rate=rate)


def _other_venue():
    return VenueFactory(slug="elsewhere")

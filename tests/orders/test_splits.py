"""Splitting a bill between guests, equally or by what each had, and paying it share by share."""
import datetime as dt

import pytest
from django.utils import timezone

from orders import services
from orders.models import Order, OrderShare
from orders.values import DiscountRequest, StaffPaymentSpec
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound

from .factories import ProductFactory, gbp

pytestmark = pytest.mark.django_db


def pay_share(venue, order, share, amount, *, key, method="cash"):
    spec = StaffPaymentSpec(method=method, amount=gbp(amount), idempotency_key=key, share_id=share.pk,
                            card_reference="R1" if method == "card" else "")
    return services.order_take_payment(venue=venue, order_id=order.pk, payment=spec).order


def shares(order) -> list[int]:
    return list(OrderShare.objects.filter(order=order).values_list("amount", flat=True))


def test_an_equal_split_shares_the_odd_pennies(venue, party, staff_member):
    order = services.order_open_for_party(party=party)
    services.order_add_item(venue=venue, order_id=order.pk, product=ProductFactory(venue=venue, price=10000))

    services.order_split_equally(venue=venue, order_id=order.pk, guests=3)

    assert shares(order) == [3334, 3333, 3333]
    assert list(OrderShare.objects.values_list("position", flat=True)) == [1, 2, 3]


def test_paying_every_share_in_cash_and_by_card_finalises_the_order(venue, tab, staff_member):
    services.order_split_equally(venue=venue, order_id=tab.pk, guests=3)
    first, second, third = OrderShare.objects.filter(order=tab)

    pay_share(venue, tab, first, 1200, key="share-one-cash")
    pay_share(venue, tab, second, 1200, key="share-two-card", method="card")
    order = pay_share(venue, tab, third, 1200, key="share-three-card", method="card")

    assert (order.status, order.paid_amount) == ("Finalized", 3600)
    assert [p.share.position for p in order.payments.all()] == [1, 2, 3]


def test_a_share_takes_no_more_than_is_left_on_it(venue, tab, staff_member):
    services.order_split_equally(venue=venue, order_id=tab.pk, guests=3)
    share = OrderShare.objects.filter(order=tab).first()
    pay_share(venue, tab, share, 1000, key="share-part-one")

    with pytest.raises(Conflict, match="more than the £2.00 left on guest 1's share"):
        pay_share(venue, tab, share, 201, key="share-part-two")

    assert Order.objects.get(pk=tab.pk).paid_amount == 1000


def test_a_share_of_another_split_is_not_found(venue, tab, staff_member):
    services.order_split_equally(venue=venue, order_id=tab.pk, guests=2)
    old = OrderShare.objects.filter(order=tab).first()
    services.order_split_equally(venue=venue, order_id=tab.pk, guests=3)

    with pytest.raises(NotFound, match="split again"):
        pay_share(venue, tab, old, 100, key="old-share-key")


def test_splitting_again_keeps_what_shares_were_paid(venue, tab, staff_member):
    services.order_split_equally(venue=venue, order_id=tab.pk, guests=2)
    first, _ = OrderShare.objects.filter(order=tab)
    pay_share(venue, tab, first, 1000, key="paid-in-part")

    services.order_split_equally(venue=venue, order_id=tab.pk, guests=2)

    assert shares(tab) == [1000, 1300, 1300]  # the first share closed at what it was paid; £26 shared anew


def test_adding_an_item_drops_the_shares_nothing_was_paid_on(venue, tab, burger, staff_member):
    services.order_split_equally(venue=venue, order_id=tab.pk, guests=3)

    services.order_add_item(venue=venue, order_id=tab.pk, product=burger)

    assert shares(tab) == []


def test_split_by_items_charges_each_guest_what_they_had_and_shares_the_rest(venue, tab, manager):
    burgers, lagers = tab.lines
    services.order_discount(venue=venue, order_id=tab.pk, discount=DiscountRequest(reason="Regulars", percentage=1000))

    order = services.order_split_by_items(venue=venue, order_id=tab.pk, guests=2, items_of={burgers.pk: 1})

    # guest 1 had the burgers (£25.00) and half the shared lagers (£5.50): 30.50 / 36.00 of the
    # £32.40 left after 10 % off; guest 2 the other half of the lagers
    assert shares(order) == [2745, 495]
    assert sum(shares(order)) == order.total_amount
    assert [item.share.position for item in order.items.filter(pk=burgers.pk)] == [1]


@pytest.mark.parametrize(("guests", "items_of", "message"), [
    (1, {}, "between 2 and 50 guests"),
    (2, {10**6: 1}, "not on this order"),
    (2, "first line to guest 3", "from 1 to 2"),
    (3, "every line to guest 1", "Guest 2, 3 would have nothing to pay"),
])
def test_a_split_by_items_the_rules_refuse_writes_nothing(venue, tab, staff_member, guests, items_of, message):
    lines = tab.lines
    if items_of == "first line to guest 3":
        items_of = {lines[0].pk: 3}
    elif items_of == "every line to guest 1":
        items_of = {line.pk: 1 for line in lines}

    with pytest.raises(InvalidInput, match=message):
        services.order_split_by_items(venue=venue, order_id=tab.pk, guests=guests, items_of=items_of)

    assert shares(tab) == []


def test_split_by_items_only_before_anything_is_paid(venue, tab, staff_member):
    services.order_take_payment(venue=venue, order_id=tab.pk, payment=StaffPaymentSpec(
        method="cash", amount=gbp(500), idempotency_key="first-payment"))

    with pytest.raises(Conflict, match="share what is left equally"):
        services.order_split_by_items(venue=venue, order_id=tab.pk, guests=2, items_of={})

    assert shares(tab) == []


def test_too_little_left_cannot_be_shared(venue, tab, staff_member):
    services.order_take_payment(venue=venue, order_id=tab.pk, payment=StaffPaymentSpec(
        method="cash", amount=gbp(3598), idempotency_key="nearly-everything"))

    with pytest.raises(Conflict, match="£0.02 cannot be shared between 3 guests"):
        services.order_split_equally(venue=venue, order_id=tab.pk, guests=3)


def test_no_split_while_dojo_holds_the_lock(venue, tab, staff_member):
    services.order_lock_create(venue=venue, order_id=tab.pk, lock_id="lock-1",
                               expires_at=timezone.now() + dt.timedelta(minutes=2))

    with pytest.raises(Conflict, match="being paid on a Dojo terminal"):
        services.order_split_equally(venue=venue, order_id=tab.pk, guests=2)

    assert shares(tab) == []

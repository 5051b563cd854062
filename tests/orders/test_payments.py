"""Recording Dojo's payments: split, with tips, retried, refused when they would overpay."""
import pytest

from orders import services
from orders.models import OrderPayment
from orders.values import Money, PaymentSpec
from posbackoffice.kernel.errors import Conflict, InvalidInput
from posbackoffice.kernel.models import ChangeRecord

from .factories import dojo_order, in_minutes, payment


@pytest.fixture
def order(venue, tables, party):
    """Two pizzas at £10 each, for the party at table 1."""
    return services.order_create(venue=venue, spec=dojo_order(table=tables[0], party=party))


@pytest.mark.django_db
def test_a_split_payment_in_two_parts_with_tips_finalises_the_order(venue, order):
    # when two guests each pay their half, with different tips
    half = services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 1200, tips=100))
    full = services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_b", 800, tips=250))

    # then after the first half the order is still open and payable
    assert (half.status, half.paid_amount, half.tips_amount, half.payable) == ("New", 1200, 100, True)
    # and after the second it is paid in full, tips counted apart, and finalised
    assert (full.status, full.total_amount, full.paid_amount, full.tips_amount) == ("Finalized", 2000, 2000, 350)
    assert full.payable is False
    assert [p.payment_intent_id for p in full.payments.all()] == ["pi_a", "pi_b"]


@pytest.mark.django_db
def test_a_retried_payment_is_recorded_once(venue, order):
    services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 500, tips=50))

    again = services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 500, tips=50))

    assert (again.paid_amount, again.tips_amount) == (500, 50)
    assert OrderPayment.objects.filter(order=order).count() == 1
    assert ChangeRecord.objects.filter(entity="order", entity_id=order.pk, action="updated").count() == 1


@pytest.mark.django_db
def test_a_retry_with_other_amounts_is_refused(venue, order):
    services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 500))

    with pytest.raises(Conflict, match="already recorded with other amounts"):
        services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 600))


@pytest.mark.django_db
def test_an_overpayment_is_refused_and_nothing_is_recorded(venue, order):
    services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 1500))

    with pytest.raises(Conflict, match="payment of £5.01 is more than the £5.00 left to pay"):
        services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_b", 501))

    assert list(OrderPayment.objects.filter(order=order).values_list("payment_intent_id", flat=True)) == ["pi_a"]


@pytest.mark.django_db
def test_tips_do_not_count_towards_overpayment(venue, order):
    paid = services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 2000, tips=900))

    assert (paid.paid_amount, paid.tips_amount, paid.status) == (2000, 900, "Finalized")


@pytest.mark.django_db
def test_a_finalised_order_takes_no_more_payments(venue, order):
    services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 2000))

    with pytest.raises(Conflict, match="already paid in full"):
        services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_b", 1))


@pytest.mark.django_db
def test_a_cancelled_order_takes_no_payments(venue, order):
    services.order_cancel(venue=venue, order_id=order.pk)

    with pytest.raises(Conflict, match="is Canceled; it cannot take payments"):
        services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 100))


@pytest.mark.django_db
def test_an_order_with_payments_cannot_be_cancelled(venue, order):
    services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 100))

    with pytest.raises(Conflict, match="has £1.00 of payments on it"):
        services.order_cancel(venue=venue, order_id=order.pk)


@pytest.mark.django_db
def test_a_payment_in_another_currency_or_of_nothing_is_refused(venue, order):
    with pytest.raises(InvalidInput, match="The amount paid is in EUR; this venue takes GBP"):
        services.order_record_payment(venue=venue, order_id=order.pk,
                                      payment=PaymentSpec(payment_intent_id="pi_a", paid=Money(100, "EUR")))
    with pytest.raises(InvalidInput, match="The tip is in EUR"):
        services.order_record_payment(venue=venue, order_id=order.pk, payment=PaymentSpec(
            payment_intent_id="pi_a", paid=Money(100, "GBP"), tips=Money(10, "EUR")))
    with pytest.raises(InvalidInput, match="The amount paid must be more than zero"):
        services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 0))


@pytest.mark.django_db
def test_a_payment_under_another_lock_is_refused(venue, order):
    services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))

    with pytest.raises(Conflict, match="already locked by Dojo \\(lock lock-1\\)"):
        services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_a", 100), lock_id="lock-2")

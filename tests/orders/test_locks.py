"""Dojo's write locks: they refuse POS-side edits while held, and lapse at their expiry."""
import datetime as dt

import pytest
from django.utils import timezone

from orders import services
from orders.models import Order
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound

from .factories import dojo_order, in_minutes, payment

STAFF = Actor(source=Source.STAFF)
DOJO = Actor(source=Source.EPOS_API)


@pytest.fixture
def order(venue, party, burger):
    order = services.order_open_for_party(party=party)
    return services.order_add_item(venue=venue, order_id=order.pk, product=burger)


def lapse(order: Order) -> None:
    """Let the lock's expiry pass, as if Dojo had gone silent."""
    Order.objects.filter(pk=order.pk).update(lock_expires_at=timezone.now() - dt.timedelta(seconds=1))


@pytest.mark.django_db
def test_a_lock_blocks_staff_edits_with_a_clear_message(venue, order, burger):
    with acting_as(DOJO):
        services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))

    with acting_as(STAFF), pytest.raises(Conflict, match="being paid on a Dojo terminal \\(lock lock-1 until"):
        services.order_add_item(venue=venue, order_id=order.pk, product=burger)
    with acting_as(STAFF), pytest.raises(Conflict, match="being paid on a Dojo terminal"):
        services.order_cancel(venue=venue, order_id=order.pk)
    assert Order.objects.get(pk=order.pk).items.count() == 1


@pytest.mark.django_db
def test_an_expired_lock_no_longer_blocks_staff(venue, order, burger):
    with acting_as(DOJO):
        services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))
    lapse(order)

    with acting_as(STAFF):
        order = services.order_add_item(venue=venue, order_id=order.pk, product=burger)

    assert len(order.lines) == 2
    assert order.active_lock_id() == ""


@pytest.mark.django_db
def test_dojo_may_still_change_the_order_it_locked(venue, order):
    with acting_as(DOJO):
        services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))
        paid = services.order_record_payment(venue=venue, order_id=order.pk, payment=payment("pi_1", 1250),
                                             lock_id="lock-1")

    assert paid.status == "Finalized"


@pytest.mark.django_db
def test_a_second_lock_is_refused_while_the_first_holds(venue, order):
    services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))

    with pytest.raises(Conflict, match="already locked by Dojo \\(lock lock-1\\)"):
        services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-2", expires_at=in_minutes(5))


@pytest.mark.django_db
def test_a_new_lock_replaces_an_expired_one(venue, order):
    services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))
    lapse(order)

    locked = services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-2", expires_at=in_minutes(5))

    assert locked.active_lock_id() == "lock-2"


@pytest.mark.django_db
def test_asking_again_for_the_same_lock_moves_its_expiry(venue, order):
    services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))
    later = in_minutes(9)

    locked = services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=later)

    assert locked.lock_expires_at == later


@pytest.mark.django_db
def test_extending_moves_the_expiry_of_the_lock_held(venue, order):
    services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(1))
    later = in_minutes(10)

    extended = services.order_lock_extend(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=later)

    assert (extended.active_lock_id(), extended.lock_expires_at) == ("lock-1", later)


@pytest.mark.django_db
def test_an_expired_lock_cannot_be_extended(venue, order):
    services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(1))
    lapse(order)

    with pytest.raises(NotFound, match="holds no lock lock-1"):
        services.order_lock_extend(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))


@pytest.mark.django_db
def test_releasing_frees_the_order_and_releasing_again_changes_nothing(venue, order):
    services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))

    released = services.order_lock_delete(venue=venue, order_id=order.pk, lock_id="lock-1")
    again = services.order_lock_delete(venue=venue, order_id=order.pk, lock_id="lock-1")

    assert released.active_lock_id() == again.active_lock_id() == ""


@pytest.mark.django_db
def test_another_lock_id_cannot_release_the_lock(venue, order):
    services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))

    with pytest.raises(Conflict):
        services.order_lock_delete(venue=venue, order_id=order.pk, lock_id="lock-2")


@pytest.mark.django_db
def test_an_expiry_in_the_past_is_refused(venue, order):
    with pytest.raises(InvalidInput, match="not in the future"):
        services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(-1))


@pytest.mark.django_db
@pytest.mark.parametrize("ahead", [dt.timedelta(hours=2, minutes=1), dt.timedelta(days=365 * 70)],
                         ids=["just over two hours", "in 70 years"])
def test_an_expiry_beyond_the_horizon_is_refused_whether_asked_or_extended(venue, order, ahead):
    expiry = timezone.now() + ahead
    with pytest.raises(InvalidInput, match="more than 2 hours ahead"):
        services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=expiry)
    services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(115))

    with pytest.raises(InvalidInput, match="more than 2 hours ahead"):
        services.order_lock_extend(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=expiry)

    assert Order.objects.get(pk=order.pk).lock_expires_at < timezone.now() + dt.timedelta(hours=2)


@pytest.mark.django_db
def test_a_closed_order_cannot_be_locked(venue):
    order = services.order_create(venue=venue, spec=dojo_order())
    services.order_cancel(venue=venue, order_id=order.pk)

    with pytest.raises(Conflict, match="can no longer be locked"):
        services.order_lock_create(venue=venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))


@pytest.mark.django_db
@pytest.mark.parametrize("order_id", [0, -1, 999_999])
def test_a_lock_on_an_unknown_order_is_not_found(venue, order_id):
    with pytest.raises(NotFound, match=f"no order {order_id} in this venue"):
        services.order_lock_create(venue=venue, order_id=order_id, lock_id="lock-1", expires_at=in_minutes(5))

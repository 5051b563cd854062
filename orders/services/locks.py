"""Dojo's write locks on orders (CreateOrderLock, ExtendOrderLock, DeleteOrderLock).

A lock past its expiry counts as released wherever it is read (`Order.active_lock_id`), so
nothing depends on a job running to clear it.
"""
import datetime as dt

from django.db import transaction
from django.utils import timezone

from floorplan.models import Venue
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound

from ..models import Order
from ..selectors import order_get
from .steps import conflicting_lock, label, locked_order


# How far ahead a lock may expire. Dojo releases or extends its lock before the expiry,
# which only ends a lock left behind by a lost connection: that lock keeps staff off the
# order until then, so it must lapse within a sitting, not in years.
MAX_LOCK_AHEAD = dt.timedelta(hours=2)


def _checked_expiry(expires_at: dt.datetime) -> dt.datetime:
    if timezone.is_naive(expires_at):
        raise InvalidInput("The lock expiry needs a time zone (UTC, ending in Z).")
    now = timezone.now()
    if expires_at <= now:
        raise InvalidInput(f"The lock expiry {expires_at.isoformat()} is not in the future.")
    if expires_at > now + MAX_LOCK_AHEAD:
        raise InvalidInput(
            f"The lock expiry {expires_at.isoformat()} is more than {MAX_LOCK_AHEAD.seconds // 3600} hours ahead; "
            "lock for less and extend the lock as needed."
        )
    return expires_at


def _set_lock(order: Order, *, lock_id: str, expires_at: dt.datetime | None) -> Order:
    order.lock_id, order.lock_expires_at = lock_id, expires_at
    order.save(update_fields=["lock_id", "lock_expires_at"])
    return order_get(venue=order.venue, order_id=order.pk)


def order_lock_create(*, venue: Venue, order_id: int, lock_id: str, expires_at: dt.datetime) -> Order:
    """Give Dojo the order's write lock until `expires_at`. Asking again for the lock it
    already holds moves the expiry."""
    if not lock_id:
        raise InvalidInput("The lock ID must not be empty.")
    _checked_expiry(expires_at)
    with transaction.atomic():
        order = locked_order(venue=venue, order_id=order_id)
        held = order.active_lock_id()
        if held and held != lock_id:
            raise conflicting_lock(order, held)
        if not held and order.is_closed:
            raise Conflict(f"{label(order)} is {order.status}; it can no longer be locked.")
        return _set_lock(order, lock_id=lock_id, expires_at=expires_at)


def order_lock_extend(*, venue: Venue, order_id: int, lock_id: str, expires_at: dt.datetime) -> Order:
    _checked_expiry(expires_at)
    with transaction.atomic():
        order = locked_order(venue=venue, order_id=order_id)
        held = order.active_lock_id()
        if held and held != lock_id:
            raise conflicting_lock(order, held)
        if not held:
            raise NotFound(f"{label(order)} holds no lock {lock_id}: it expired or was released.")
        return _set_lock(order, lock_id=lock_id, expires_at=expires_at)


def order_lock_delete(*, venue: Venue, order_id: int, lock_id: str) -> Order:
    """Release Dojo's lock. Releasing a lock that already expired or was released changes nothing."""
    with transaction.atomic():
        order = locked_order(venue=venue, order_id=order_id)
        held = order.active_lock_id()
        if held and held != lock_id:
            raise conflicting_lock(order, held)
        return _set_lock(order, lock_id="", expires_at=None)

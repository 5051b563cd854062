"""Steps every change to an order takes: lock its row, check the actor may change it, refresh
its stored amounts, record who changed it; and the checks of money and quantities."""
from collections.abc import Sequence

from bookings.models import Party
from floorplan.models import Venue
from posbackoffice.kernel.actor import Source, current_actor
from posbackoffice.kernel.audit import change_record
from posbackoffice.kernel.errors import Conflict, InvalidInput, NotFound

from ..amounts import PaymentAmounts
from ..models import ALLOWED_TRANSITIONS, MAX_AMOUNT, MAX_QUANTITY, Order
from ..selectors import order_amounts, order_get, order_rows_read
from ..values import Money, PaymentSpec

MAX_TOTAL = 10**12  # minor units: ten billion pounds or euros, a bound no order reaches
MAX_REASON = 200


def label(order: Order) -> str:
    return f"Order {order.reference or order.pk}"


def record_change(order: Order, action: str) -> None:
    change_record(venue_id=order.venue_id, entity="order", entity_id=order.pk, action=action)


def locked_order(*, venue: Venue, order_id: int) -> Order:
    """The order's row, locked until the transaction ends, so changes to it queue up."""
    order = Order.objects.select_for_update(of=("self",)).filter(venue=venue, pk=order_id).first()
    if order is None:
        raise NotFound(f"There is no order {order_id} in this venue.")
    order.venue = venue  # the venue it was found in: `refresh` needs no query for it
    return order


def locked_parties(venue: Venue, party_ids: list[int]) -> dict[int, Party]:
    """The seated parties' rows, locked in primary-key order (before any order's row)."""
    parties = {}
    for pk in sorted(set(party_ids)):
        party = Party.objects.select_for_update(of=("self",)).filter(venue=venue, pk=pk).first()
        if party is None:
            raise NotFound(f"No party {pk} in this venue.")
        if not party.is_active:
            raise Conflict(f"{party} has left.")
        parties[pk] = party
    return parties


def refresh(order: Order) -> Order:
    """Store the amounts derived from the order's rows; return the order read afresh."""
    return store_amounts(order_get(venue=order.venue, order_id=order.pk))


def store_amounts(order: Order, *, also: Sequence[str] = ()) -> Order:
    """Store the amounts derived from the order's rows as the order holds them (read after
    its lock, and kept up to date by the service since), with the fields named in `also`
    that the service changed, in one UPDATE. A change that would leave the order worth less
    than is paid on it (or less than nothing) is refused, and the transaction it is part of
    with it."""
    amounts = order_amounts(order=order_rows_read(order))
    if amounts.total < 0:
        raise Conflict(f"{label(order)} would come to less than nothing.")
    if amounts.total < amounts.paid:
        raise Conflict(
            f"{label(order)} would come to {Money(amounts.total, order.currency)}, less than the "
            f"{Money(amounts.paid, order.currency)} already paid on it."
        )
    order.total_amount, order.paid_amount = amounts.total, amounts.paid
    order.tips_amount, order.payable = amounts.tips, amounts.payable
    order.save(update_fields=["total_amount", "paid_amount", "tips_amount", "payable", *also, "updated_at"])
    return order


def move(order: Order, status: str) -> None:
    moved(order, status)
    order.save(update_fields=["status", "updated_at"])


def moved(order: Order, status: str) -> None:
    """Set the order's new status, along an allowed transition; the caller saves it."""
    if status not in ALLOWED_TRANSITIONS[order.status]:
        raise Conflict(f"{label(order)} is {order.status}; it cannot become {status}.")
    order.status = status


def refuse_pos_edit_while_locked(order: Order) -> None:
    if current_actor().source == Source.EPOS_API:
        return
    if held := order.active_lock_id():
        raise Conflict(
            f"{label(order)} is being paid on a Dojo terminal (lock {held} until "
            f"{order.lock_expires_at:%H:%M:%S} UTC); try again once that payment is finished."
        )


def acting_user_id() -> int | None:
    """The staff user making the change, if a person is making it."""
    return current_actor().user_id


def checked_reason(reason: str, *, what: str) -> str:
    """Why staff made a correction: said in a few words, kept with it."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(f"Say why {what}.")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"Keep the reason under {MAX_REASON} characters.")
    return reason


def minor_units(money: Money | None, *, venue: Venue, what: str) -> int:
    """The amount in the venue's currency, within what an order may hold. `what` names it
    at the start of a sentence ("The tip")."""
    if money is None:
        return 0
    if money.currency != venue.currency:
        raise InvalidInput(f"{what} is in {money.currency}; this venue takes {venue.currency}.")
    if not 0 <= money.value <= MAX_AMOUNT:
        raise InvalidInput(f"{what} must be between 0 and {MAX_AMOUNT} minor units, not {money.value}.")
    return money.value


def checked_quantity(value: int, *, what: str) -> int:
    if not 1 <= value <= MAX_QUANTITY:
        raise InvalidInput(f"The quantity of {what} must be between 1 and {MAX_QUANTITY}, not {value}.")
    return value


def payment_amounts(payment: PaymentSpec, *, venue: Venue) -> PaymentAmounts:
    paid = minor_units(payment.paid, venue=venue, what="The amount paid")
    if paid == 0:
        raise InvalidInput("The amount paid must be more than zero.")
    return PaymentAmounts(paid=paid, tips=minor_units(payment.tips, venue=venue, what="The tip"))


def conflicting_lock(order: Order, held: str) -> Conflict:
    return Conflict(f"{label(order)} is already locked by Dojo (lock {held}) until "
                    f"{order.lock_expires_at:%Y-%m-%d %H:%M:%S} UTC.")

"""Changing orders: creating them (Dojo's, or a party's from the floor), adding items,
cancelling, Dojo's write locks and recording payments.

Each change runs in one transaction with the order's row locked, refreshes the stored
amounts from `amounts.derive_amounts`, and leaves a `ChangeRecord` naming the actor.
While Dojo holds an unexpired lock on an order, changes from the POS side are refused.
"""
import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.audit import change_record
from bookings.models import ChangeRecord, Party, Reservation
from floorplan.models import Table, Venue, Waiter
from posbackoffice.actor import Source, current_actor
from posbackoffice.errors import Conflict, InvalidInput, NotFound

from .amounts import PaymentAmounts, PricedLine, PricedModifier, derive_amounts, line_total
from .models import (
    ALLOWED_TRANSITIONS,
    MAX_AMOUNT,
    MAX_QUANTITY,
    Order,
    OrderDiscount,
    OrderItem,
    OrderItemModifier,
    OrderPayment,
    OrderStatus,
    OrderTaxLine,
    Product,
    ProductModifier,
)
from .selectors import order_amounts, order_get, order_open_for_party_get, pk_or_none
from .values import ItemSpec, Money, OrderSpec, PaymentSpec

MAX_TOTAL = 10**12  # minor units: ten billion pounds or euros, a bound no order reaches


# --- shared steps -------------------------------------------------------------------------

def _label(order: Order) -> str:
    return f"Order {order.reference or order.pk}"


def _record_change(order: Order, action: str) -> None:
    change_record(venue_id=order.venue_id, entity="order", entity_id=order.pk, action=action)


def _locked_order(*, venue: Venue, order_id: str | int) -> Order:
    """The order's row, locked until the transaction ends, so changes to it queue up."""
    pk = pk_or_none(order_id)
    order = Order.objects.select_for_update(of=("self",)).filter(venue=venue, pk=pk).first() if pk else None
    if order is None:
        raise NotFound(f"There is no order {order_id} in this venue.")
    return order


def _refresh(order: Order) -> Order:
    """Store the amounts derived from the order's rows; return the order read afresh."""
    fresh = order_get(venue=order.venue, order_id=order.pk)
    amounts = order_amounts(order=fresh)
    fresh.total_amount, fresh.paid_amount = amounts.total, amounts.paid
    fresh.tips_amount, fresh.payable = amounts.tips, amounts.payable
    fresh.save(update_fields=["total_amount", "paid_amount", "tips_amount", "payable", "updated_at"])
    return fresh


def _move(order: Order, status: str) -> None:
    if status not in ALLOWED_TRANSITIONS[order.status]:
        raise Conflict(f"{_label(order)} is {order.status}; it cannot become {status}.")
    order.status = status
    order.save(update_fields=["status", "updated_at"])


def _refuse_pos_edit_while_locked(order: Order) -> None:
    if current_actor().source == Source.EPOS_API:
        return
    if held := order.active_lock_id():
        raise Conflict(
            f"{_label(order)} is being paid on a Dojo terminal (lock {held} until "
            f"{order.lock_expires_at:%H:%M:%S} UTC); try again once that payment is finished."
        )


def _minor_units(money: Money | None, *, venue: Venue, what: str) -> int:
    if money is None:
        return 0
    if money.currency != venue.currency:
        raise InvalidInput(f"{what} is in {money.currency}; this venue takes {venue.currency}.")
    if not 0 <= money.value <= MAX_AMOUNT:
        raise InvalidInput(f"{what} must be between 0 and {MAX_AMOUNT} minor units, not {money.value}.")
    return money.value


def _quantity(value: int, *, what: str) -> int:
    if not 1 <= value <= MAX_QUANTITY:
        raise InvalidInput(f"The quantity of {what} must be between 1 and {MAX_QUANTITY}, not {value}.")
    return value


# --- creating an order from Dojo ------------------------------------------------------------

def _priced_item(item: ItemSpec, *, venue: Venue) -> PricedLine:
    """Validate an item of a request and price it, before anything is written."""
    what = f"item {item.plu or item.name!r}"
    if not item.name or not item.plu:
        raise InvalidInput("Every item needs a name and a PLU.")
    for modifier in item.modifiers:
        if not modifier.name or not modifier.plu:
            raise InvalidInput(f"Every modifier of {what} needs a name and a PLU.")
    return PricedLine(
        quantity=_quantity(item.quantity, what=what),
        amount_per_item=_minor_units(item.amount_per_item, venue=venue, what=f"The price of {what}"),
        modifiers=tuple(
            PricedModifier(
                quantity=_quantity(m.quantity, what=f"modifier {m.plu!r}"),
                amount=_minor_units(m.amount, venue=venue, what=f"The price of modifier {m.plu!r}"),
            )
            for m in item.modifiers
        ),
        sub_lines=tuple(_priced_item(sub_item, venue=venue) for sub_item in item.sub_items),
    )


def _taxes_included(spec: OrderSpec, *, venue: Venue) -> bool:
    """Whether the request's prices include its taxes, read from the total it declares.

    The total must be what its items, discounts, service charge and taxes come to, with the
    taxes either already in the prices or added on top; anything else is refused.
    """
    declared = _minor_units(spec.total, venue=venue, what="totalAmount")
    parts = dict(
        lines=[_priced_item(item, venue=venue) for item in spec.items],
        discounts=[_minor_units(d.amount, venue=venue, what=f"Discount {d.name!r}") for d in spec.discounts],
        taxes=[_minor_units(t.amount, venue=venue, what=f"Tax line {t.name or t.tax_id!r}") for t in spec.tax_lines],
        service_charge=_minor_units(spec.service_charge, venue=venue, what="serviceChargeAmount"),
        payments=(),
        status=OrderStatus.NEW,
    )
    included = derive_amounts(taxes_included=True, **parts)
    if not 0 <= included.total <= MAX_TOTAL:
        raise InvalidInput(f"The order would come to {included.total} minor units; that is not a valid total.")
    if declared == included.total:
        return True
    if declared == derive_amounts(taxes_included=False, **parts).total:
        return False
    raise InvalidInput(
        f"totalAmount {declared} does not match the order: its items less discounts plus service charge come to "
        f"{included.total} (taxes included in the prices) or {included.total + included.taxes} (taxes added)."
    )


def _validated_payments(spec: OrderSpec, *, venue: Venue, total: int) -> list[PaymentAmounts]:
    intents = [payment.payment_intent_id for payment in spec.payments]
    if any(not intent for intent in intents) or len(set(intents)) != len(intents):
        raise InvalidInput("Every payment needs its own paymentIntentId.")
    amounts = [_payment_amounts(payment, venue=venue) for payment in spec.payments]
    if sum(amount.paid for amount in amounts) > total:
        raise InvalidInput("The payments add up to more than the order's total.")
    return amounts


def _payment_amounts(payment: PaymentSpec, *, venue: Venue) -> PaymentAmounts:
    paid = _minor_units(payment.paid, venue=venue, what="paidAmount")
    if paid == 0:
        raise InvalidInput("A payment's paidAmount must be more than zero.")
    return PaymentAmounts(paid=paid, tips=_minor_units(payment.tips, venue=venue, what="tipsAmount"))


def _venue_row(model, *, venue: Venue, wire_id: str | None, what: str):
    if wire_id in (None, ""):
        return None
    pk = pk_or_none(wire_id)
    row = model.objects.filter(venue=venue, pk=pk).first() if pk else None
    if row is None:
        raise InvalidInput(f"There is no {what} {wire_id} in this venue.")
    return row


def _placement(spec: OrderSpec, *, venue: Venue) -> dict:
    """The order's type and where it goes: a dine-in's table, waiter, party and reservation
    (all of this venue), or a collection's time."""
    if spec.order_type == Order.Type.DINE_IN:
        if spec.dine_in is None:
            raise InvalidInput("A DineIn order needs its dineIn details.")
        dine_in = spec.dine_in
        party = _venue_row(Party, venue=venue, wire_id=dine_in.party_id, what="party")
        return dict(
            order_type=Order.Type.DINE_IN,
            table=_venue_row(Table, venue=venue, wire_id=dine_in.table_id, what="table"),
            waiter=_venue_row(Waiter, venue=venue, wire_id=dine_in.waiter_id, what="waiter"),
            party=party,
            reservation=_venue_row(Reservation, venue=venue, wire_id=dine_in.reservation_id, what="reservation")
            or (party.reservation if party else None),
            ready_at=dine_in.ready_at,
        )
    if spec.order_type == Order.Type.COLLECTION:
        if spec.collection is None:
            raise InvalidInput("A Collection order needs its collection details.")
        return dict(order_type=Order.Type.COLLECTION, collect_asap=spec.collection.asap,
                    collect_at=spec.collection.collect_at)
    raise InvalidInput(f"Unknown orderType {spec.order_type!r}: use DineIn or Collection.")


def _create_item(order: Order, item: ItemSpec, *, position: int, parent: OrderItem | None = None) -> None:
    row = OrderItem.objects.create(
        order=order, parent=parent, position=position, plu=item.plu, name=item.name,
        quantity=item.quantity, amount_per_item=item.amount_per_item.value, note=item.note,
    )
    OrderItemModifier.objects.bulk_create(
        OrderItemModifier(item=row, plu=m.plu, name=m.name, quantity=m.quantity, amount=m.amount.value)
        for m in item.modifiers
    )
    for sub_position, sub_item in enumerate(item.sub_items):
        _create_item(order, sub_item, position=sub_position, parent=row)


def _write_order(spec: OrderSpec, *, venue: Venue, placement: dict, taxes_included: bool) -> Order:
    customer = spec.customer
    order = Order.objects.create(
        venue=venue, dojo_order_id=spec.dojo_order_id, reference=spec.reference, display_name=spec.display_name,
        note=spec.note, currency=venue.currency, taxes_included=taxes_included,
        service_charge=spec.service_charge.value if spec.service_charge else 0,
        customer_ref=customer.customer_id if customer else "", customer_name=customer.name if customer else "",
        customer_email=customer.email if customer else "", customer_phone=customer.phone if customer else "",
        **placement,
    )
    for position, item in enumerate(spec.items):
        _create_item(order, item, position=position)
    OrderDiscount.objects.bulk_create(
        OrderDiscount(order=order, name=d.name, affected_plu=d.affected_plu, reference=d.reference, code=d.code,
                      amount=d.amount.value, percentage=d.percentage)
        for d in spec.discounts
    )
    OrderTaxLine.objects.bulk_create(
        OrderTaxLine(order=order, tax_id=t.tax_id, name=t.name, affected_plu=t.affected_plu,
                     percentage=t.percentage, amount=t.amount.value)
        for t in spec.tax_lines
    )
    OrderPayment.objects.bulk_create(
        OrderPayment(order=order, payment_intent_id=p.payment_intent_id, paid_amount=p.paid.value,
                     tips_amount=p.tips.value if p.tips else 0)
        for p in spec.payments
    )
    if not order.reference:
        order.reference = str(order.pk)
        order.save(update_fields=["reference"])
    return order


def order_create(*, venue: Venue, spec: OrderSpec) -> Order:
    """Create Dojo's order, or return the one already created with the same `dojoOrderId`."""
    if not spec.dojo_order_id:
        raise InvalidInput("dojoOrderId must not be empty.")
    if existing := Order.objects.filter(venue=venue, dojo_order_id=spec.dojo_order_id).first():
        return order_get(venue=venue, order_id=existing.pk)
    placement = _placement(spec, venue=venue)
    taxes_included = _taxes_included(spec, venue=venue)
    _validated_payments(spec, venue=venue, total=spec.total.value)
    try:
        with transaction.atomic():
            order = _refresh(_write_order(spec, venue=venue, placement=placement, taxes_included=taxes_included))
            _record_change(order, ChangeRecord.Action.CREATED)
    except IntegrityError:
        # Created meanwhile by a concurrent retry of the same request.
        if existing := Order.objects.filter(venue=venue, dojo_order_id=spec.dojo_order_id).first():
            return order_get(venue=venue, order_id=existing.pk)
        raise
    return order


# --- the floor: a party's order and its items ---------------------------------------------

def order_open_for_party(*, party: Party, waiter: Waiter | None = None) -> Order:
    """The seated party's open order, opened now (at its first table) if it has none."""
    with transaction.atomic():
        party = Party.objects.select_for_update().select_related("venue").get(pk=party.pk)
        if not party.is_active:
            raise Conflict(f"{party} has left; their orders are closed.")
        if existing := order_open_for_party_get(party=party):
            return existing
        seat = party.party_tables.filter(is_active=True).select_related("table").order_by("pk").first()
        table = seat.table if seat else None
        order = Order.objects.create(
            venue=party.venue, order_type=Order.Type.DINE_IN, party=party, table=table,
            waiter=waiter or party.waiter, reservation=party.reservation, currency=party.venue.currency,
            display_name=party.name or (f"Table {table.name}" if table else ""),
        )
        order.reference = str(order.pk)
        order.save(update_fields=["reference"])
        _record_change(order, ChangeRecord.Action.CREATED)
        return _refresh(order)


def _add_included_tax(order: Order, *, rate: int, gross: int) -> None:
    """Add the tax contained in a tax-inclusive amount to the order's line for that rate."""
    if rate == 0:
        return
    divisor = 10000 + rate
    tax = (2 * gross * rate + divisor) // (2 * divisor)  # gross × rate / (100% + rate), halves rounded up
    tax_line, _ = OrderTaxLine.objects.get_or_create(
        order=order, tax_id=f"VAT-{rate}", affected_plu="",
        defaults={"name": f"VAT {rate / 100:g}%", "percentage": rate, "amount": 0},
    )
    tax_line.amount += tax
    tax_line.save(update_fields=["amount"])


def order_add_item(
    *,
    venue: Venue,
    order_id: str | int,
    product: Product,
    quantity: int = 1,
    modifiers: Sequence[ProductModifier] = (),
    note: str = "",
) -> Order:
    """Staff add a product of the catalogue (with some of its modifiers) to an open order."""
    if product.venue_id != venue.pk or not product.is_active:
        raise InvalidInput(f"{product} is not on this venue's menu.")
    if any(modifier.product_id != product.pk for modifier in modifiers):
        raise InvalidInput(f"Only {product.name}'s own modifiers can be added to it.")
    _quantity(quantity, what=product.name)
    with transaction.atomic():
        order = _locked_order(venue=venue, order_id=order_id)
        _refuse_pos_edit_while_locked(order)
        if order.is_closed:
            raise Conflict(f"{_label(order)} is {order.status}; open a new order for more items.")
        if not order.taxes_included:
            raise Conflict(f"{_label(order)} lists prices before tax; add items to it where it was created.")
        item = OrderItem.objects.create(
            order=order, plu=product.plu, name=product.name, quantity=quantity, amount_per_item=product.price,
            note=note, position=order.items.filter(parent=None).count(),
        )
        OrderItemModifier.objects.bulk_create(
            OrderItemModifier(item=item, plu=m.plu, name=m.name, quantity=1, amount=m.price) for m in modifiers
        )
        _add_included_tax(order, rate=product.tax_rate, gross=line_total(
            PricedLine(quantity=quantity, amount_per_item=product.price,
                       modifiers=tuple(PricedModifier(quantity=1, amount=m.price) for m in modifiers))
        ))
        order = _refresh(order)
        _record_change(order, ChangeRecord.Action.UPDATED)
    return order


# --- status -----------------------------------------------------------------------------------

def order_set_status(*, venue: Venue, order_id: str | int, status: str) -> Order:
    """Move an order along its allowed transitions (see `models.ALLOWED_TRANSITIONS`)."""
    with transaction.atomic():
        order = _locked_order(venue=venue, order_id=order_id)
        _refuse_pos_edit_while_locked(order)
        if status == OrderStatus.CANCELED:
            _refuse_cancelling_paid(order)
        _move(order, status)
        order = _refresh(order)
        _record_change(order, ChangeRecord.Action.UPDATED)
    return order


def _refuse_cancelling_paid(order: Order) -> None:
    if order.paid_amount:
        paid = Money(order.paid_amount, order.currency)
        raise Conflict(f"{_label(order)} has {paid} of payments on it; refund them before cancelling it.")


def order_cancel(*, venue: Venue, order_id: str | int) -> Order:
    """Cancel an order that has taken no payment. Cancelling it again changes nothing."""
    with transaction.atomic():
        order = _locked_order(venue=venue, order_id=order_id)
        if order.status == OrderStatus.CANCELED:
            return order_get(venue=venue, order_id=order.pk)
        _refuse_pos_edit_while_locked(order)
        _refuse_cancelling_paid(order)
        _move(order, OrderStatus.CANCELED)
        order.lock_id, order.lock_expires_at = "", None
        order.save(update_fields=["lock_id", "lock_expires_at"])
        order = _refresh(order)
        _record_change(order, ChangeRecord.Action.UPDATED)
    return order


# --- Dojo's write locks -------------------------------------------------------------------

def _future_expiry(expires_at: dt.datetime) -> dt.datetime:
    if timezone.is_naive(expires_at):
        raise InvalidInput("The lock expiry needs a time zone (UTC, ending in Z).")
    if expires_at <= timezone.now():
        raise InvalidInput(f"The lock expiry {expires_at.isoformat()} is not in the future.")
    return expires_at


def _set_lock(order: Order, *, lock_id: str, expires_at: dt.datetime | None) -> Order:
    order.lock_id, order.lock_expires_at = lock_id, expires_at
    order.save(update_fields=["lock_id", "lock_expires_at"])
    return order_get(venue=order.venue, order_id=order.pk)


def _conflicting_lock(order: Order, held: str) -> Conflict:
    return Conflict(f"{_label(order)} is already locked by Dojo (lock {held}) until "
                    f"{order.lock_expires_at:%Y-%m-%d %H:%M:%S} UTC.")


def order_lock_create(*, venue: Venue, order_id: str | int, lock_id: str, expires_at: dt.datetime) -> Order:
    """Give Dojo the order's write lock until `expires_at`. Asking again for the lock it
    already holds moves the expiry."""
    if not lock_id:
        raise InvalidInput("lockId must not be empty.")
    _future_expiry(expires_at)
    with transaction.atomic():
        order = _locked_order(venue=venue, order_id=order_id)
        held = order.active_lock_id()
        if held and held != lock_id:
            raise _conflicting_lock(order, held)
        if not held and order.is_closed:
            raise Conflict(f"{_label(order)} is {order.status}; it can no longer be locked.")
        return _set_lock(order, lock_id=lock_id, expires_at=expires_at)


def order_lock_extend(*, venue: Venue, order_id: str | int, lock_id: str, expires_at: dt.datetime) -> Order:
    _future_expiry(expires_at)
    with transaction.atomic():
        order = _locked_order(venue=venue, order_id=order_id)
        held = order.active_lock_id()
        if held and held != lock_id:
            raise _conflicting_lock(order, held)
        if not held:
            raise NotFound(f"{_label(order)} holds no lock {lock_id}: it expired or was released.")
        return _set_lock(order, lock_id=lock_id, expires_at=expires_at)


def order_lock_delete(*, venue: Venue, order_id: str | int, lock_id: str) -> Order:
    """Release Dojo's lock. Releasing a lock that already expired or was released changes nothing."""
    with transaction.atomic():
        order = _locked_order(venue=venue, order_id=order_id)
        held = order.active_lock_id()
        if held and held != lock_id:
            raise _conflicting_lock(order, held)
        return _set_lock(order, lock_id="", expires_at=None)


# --- payments -------------------------------------------------------------------------------

def _refuse_payment(order: Order, *, paid: int, lock_id: str) -> None:
    held = order.active_lock_id()
    if held and lock_id and held != lock_id:
        raise _conflicting_lock(order, held)
    if order.status == OrderStatus.FINALIZED:
        raise Conflict(f"{_label(order)} is already paid in full.")
    if order.is_closed:
        raise Conflict(f"{_label(order)} is {order.status}; it cannot take payments.")
    outstanding = order.total_amount - order.paid_amount
    if paid > outstanding:
        raise Conflict(
            f"The payment of {Money(paid, order.currency)} is more than the "
            f"{Money(outstanding, order.currency)} left to pay on {_label(order)}."
        )


def order_record_payment(*, venue: Venue, order_id: str | int, payment: PaymentSpec, lock_id: str = "") -> Order:
    """Record a payment taken by Dojo. The same payment intent is recorded once; a payment
    that would overpay the order, or pay a closed one, is refused (Dojo then refunds it).
    The payment that completes the order finalises it."""
    if not payment.payment_intent_id:
        raise InvalidInput("paymentIntentId must not be empty.")
    amounts = _payment_amounts(payment, venue=venue)
    with transaction.atomic():
        order = _locked_order(venue=venue, order_id=order_id)
        if recorded := order.payments.filter(payment_intent_id=payment.payment_intent_id).first():
            if (recorded.paid_amount, recorded.tips_amount) != (amounts.paid, amounts.tips):
                raise Conflict(f"Payment {payment.payment_intent_id} is already recorded with other amounts.")
            return order_get(venue=venue, order_id=order.pk)
        _refuse_payment(order, paid=amounts.paid, lock_id=lock_id)
        OrderPayment.objects.create(order=order, payment_intent_id=payment.payment_intent_id,
                                    paid_amount=amounts.paid, tips_amount=amounts.tips)
        order = _refresh(order)
        if order.paid_amount == order.total_amount:
            _move(order, OrderStatus.FINALIZED)
            order = _refresh(order)
        _record_change(order, ChangeRecord.Action.UPDATED)
    return order

"""Creating Dojo's orders (CreateOrder): validated whole before anything is written, and
idempotent on Dojo's order ID."""
from django.db import IntegrityError, transaction

from bookings.models import Party, Reservation
from floorplan.models import Table, Venue, Waiter
from posbackoffice.kernel.errors import InvalidInput
from posbackoffice.kernel.models import ChangeRecord

from ..amounts import PaymentAmounts, PricedLine, PricedModifier, derive_amounts
from ..models import Order, OrderDiscount, OrderItem, OrderItemModifier, OrderPayment, OrderStatus, OrderTaxLine
from ..selectors import order_get
from ..values import ItemSpec, OrderSpec
from .steps import MAX_TOTAL, checked_quantity, minor_units, payment_amounts, record_change, refresh


def _priced_item(item: ItemSpec, *, venue: Venue) -> PricedLine:
    """Validate an item of a request and price it, before anything is written."""
    what = f"item {item.plu or item.name!r}"
    if not item.name or not item.plu:
        raise InvalidInput("Every item needs a name and a PLU.")
    for modifier in item.modifiers:
        if not modifier.name or not modifier.plu:
            raise InvalidInput(f"Every modifier of {what} needs a name and a PLU.")
    return PricedLine(
        quantity=checked_quantity(item.quantity, what=what),
        amount_per_item=minor_units(item.amount_per_item, venue=venue, what=f"The price of {what}"),
        modifiers=tuple(
            PricedModifier(
                quantity=checked_quantity(m.quantity, what=f"modifier {m.plu!r}"),
                amount=minor_units(m.amount, venue=venue, what=f"The price of modifier {m.plu!r}"),
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
    declared = minor_units(spec.total, venue=venue, what="The total")
    parts = dict(
        lines=[_priced_item(item, venue=venue) for item in spec.items],
        discounts=[minor_units(d.amount, venue=venue, what=f"Discount {d.name!r}") for d in spec.discounts],
        taxes=[minor_units(t.amount, venue=venue, what=f"Tax line {t.name or t.tax_id!r}") for t in spec.tax_lines],
        service_charge=minor_units(spec.service_charge, venue=venue, what="The service charge"),
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
        f"The total {declared} does not match the order: its items less discounts plus service charge come to "
        f"{included.total} (taxes included in the prices) or {included.total + included.taxes} (taxes added)."
    )


def _validated_payments(spec: OrderSpec, *, venue: Venue, total: int) -> list[PaymentAmounts]:
    intents = [payment.payment_intent_id for payment in spec.payments]
    if any(not intent for intent in intents) or len(set(intents)) != len(intents):
        raise InvalidInput("Every payment needs a payment intent ID of its own.")
    amounts = [payment_amounts(payment, venue=venue) for payment in spec.payments]
    if sum(amount.paid for amount in amounts) > total:
        raise InvalidInput("The payments add up to more than the order's total.")
    return amounts


def _venue_row(model, *, venue: Venue, pk: int | None, what: str):
    if pk is None:
        return None
    row = model.objects.filter(venue=venue, pk=pk).first()
    if row is None:
        raise InvalidInput(f"There is no {what} {pk} in this venue.")
    return row


def _party_seated_at(table: Table | None) -> Party | None:
    """The party at the table: an order Dojo places at a table without naming the party is
    the seated party's, so that the floor shows it on their bill and Dojo reads its partyId."""
    if table is None:
        return None
    return Party.objects.filter(party_tables__table=table, party_tables__is_active=True).first()


def _placement(spec: OrderSpec, *, venue: Venue) -> dict:
    """The order's type and where it goes: a dine-in's table, waiter, party and reservation
    (all of this venue), or a collection's time."""
    if spec.order_type == Order.Type.DINE_IN:
        if spec.dine_in is None:
            raise InvalidInput("A dine-in order needs to say where it is served.")
        dine_in = spec.dine_in
        table = _venue_row(Table, venue=venue, pk=dine_in.table_id, what="table")
        party = _venue_row(Party, venue=venue, pk=dine_in.party_id, what="party") or _party_seated_at(table)
        return dict(
            order_type=Order.Type.DINE_IN,
            table=table,
            waiter=_venue_row(Waiter, venue=venue, pk=dine_in.waiter_id, what="waiter"),
            party=party,
            reservation=_venue_row(Reservation, venue=venue, pk=dine_in.reservation_id, what="reservation")
            or (party.reservation if party else None),
            ready_at=dine_in.ready_at,
        )
    if spec.order_type == Order.Type.COLLECTION:
        if spec.collection is None:
            raise InvalidInput("A collection order needs to say when it is collected.")
        return dict(order_type=Order.Type.COLLECTION, collect_asap=spec.collection.asap,
                    collect_at=spec.collection.collect_at)
    raise InvalidInput(f"Unknown order type {spec.order_type!r}: an order is {' or '.join(Order.Type.values)}.")


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
    """Create Dojo's order, or return the one already created with the same Dojo order ID."""
    if not spec.dojo_order_id:
        raise InvalidInput("Dojo's order ID must not be empty.")
    if existing := Order.objects.filter(venue=venue, dojo_order_id=spec.dojo_order_id).first():
        return order_get(venue=venue, order_id=existing.pk)
    placement = _placement(spec, venue=venue)
    taxes_included = _taxes_included(spec, venue=venue)
    _validated_payments(spec, venue=venue, total=spec.total.value)
    try:
        with transaction.atomic():
            order = refresh(_write_order(spec, venue=venue, placement=placement, taxes_included=taxes_included))
            record_change(order, ChangeRecord.Action.CREATED)
    except IntegrityError:
        # Created meanwhile by a concurrent retry of the same request.
        if existing := Order.objects.filter(venue=venue, dojo_order_id=spec.dojo_order_id).first():
            return order_get(venue=venue, order_id=existing.pk)
        raise
    return order

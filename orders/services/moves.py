"""Moving an order to another party, and bringing two parties and their orders together.

An order belongs to the party that ordered: Dojo reads it in `details.dineIn.partyId`, and the
floor finds it through the party, on every table the party sits at. Moving the order is how
staff correct an order opened for the wrong party; merging is for two parties who sit
together from now on, with one bill.

Rows are locked parties first, then orders, each in primary-key order, as every order
service does.
"""
from django.db import transaction
from django.db.models import Max

from bookings.models import Party
from bookings.services import party_absorb
from floorplan.models import Venue
from posbackoffice.kernel.errors import Conflict, InvalidInput
from posbackoffice.kernel.models import ChangeRecord

from ..models import CLOSED_STATUSES, Order, OrderStatus
from ..selectors import order_get
from .pricing import reprice
from .splits import split_clear
from .steps import label, locked_order, locked_parties, move, record_change, refresh, refuse_pos_edit_while_locked


def order_move(*, venue: Venue, order_id: int, party_id: int, table_id: int | None = None) -> Order:
    """Give the order to another seated party (at `table_id`, one of its tables, or its
    first). A party with an open order of its own is refused: merge the two instead."""
    with transaction.atomic():
        party = locked_parties(venue, [party_id])[party_id]
        order = _movable(locked_order(venue=venue, order_id=order_id))
        if order.party_id == party.pk:
            raise InvalidInput(f"{label(order)} is already {party}'s.")
        if _open_orders(party):
            raise Conflict(f"{party} has an open order already: seat the two parties together and merge their orders.")
        _give(order, party, table_id=table_id)
        order = refresh(order)
        record_change(order, ChangeRecord.Action.UPDATED)
        return order


def party_orders_merge(*, venue: Venue, party_id: int, other_party_id: int) -> Order | None:
    """Seat another party with this one (its tables join this party's, it ends) and bring
    its open orders into this party's: one party, one bill. An order with payments on it
    keeps them only by moving whole (when this party has no open order yet)."""
    with transaction.atomic():
        parties = locked_parties(venue, [party_id, other_party_id])
        party, other = parties[party_id], parties[other_party_id]
        orders = [_movable(order) for order in _locked_orders(venue, [party, other])]
        target = next((order for order in orders if order.party_id == party.pk), None)
        incoming = [order for order in orders if order.party_id == other.pk]
        party_absorb(venue=venue, party_id=party.pk, other_party_id=other.pk)
        for order in incoming:
            if target is None:
                _give(order, party)
                target = refresh(order)
                record_change(target, ChangeRecord.Action.UPDATED)
            else:
                _merge_into(target, order)
        return order_get(venue=venue, order_id=target.pk) if target else None


def _open_orders(party: Party):
    return Order.objects.filter(party=party).exclude(status__in=CLOSED_STATUSES)


def _locked_orders(venue: Venue, parties: list[Party]) -> list[Order]:
    ids = Order.objects.filter(party__in=parties).exclude(status__in=CLOSED_STATUSES).values_list("pk", flat=True)
    return [locked_order(venue=venue, order_id=pk) for pk in sorted(ids)]


def _movable(order: Order) -> Order:
    refuse_pos_edit_while_locked(order)
    if order.is_closed:
        raise Conflict(f"{label(order)} is {order.status}; it stays where it is.")
    return order


def _give(order: Order, party: Party, *, table_id: int | None = None) -> None:
    """The order becomes the party's, served at one of its tables."""
    seats = party.party_tables.filter(is_active=True).select_related("table").order_by("pk")
    seat = seats.filter(table_id=table_id).first() if table_id is not None else seats.first()
    if seat is None:
        raise InvalidInput(f"{party} does not sit at that table.")
    order.party, order.table, order.reservation = party, seat.table, party.reservation
    order.display_name = party.name or f"Table {seat.table.name}"
    order.save(update_fields=["party", "table", "reservation", "display_name", "updated_at"])


def _merge_into(target: Order, source: Order) -> None:
    """Move the source order's items, voids and staff discounts to the target, and cancel
    the source, empty. Orders with payments, or made on Dojo, cannot be merged this way."""
    if source.paid_amount:
        raise Conflict(f"{label(source)} has payments on it: settle it before merging the parties' orders.")
    if source.dojo_order_id or target.dojo_order_id:
        raise Conflict(f"{label(source if source.dojo_order_id else target)} was created on Dojo: it cannot be merged.")
    offset = (target.items.filter(parent=None).aggregate(last=Max("position"))["last"] or 0) + 1
    for item in source.items.all():
        item.order, item.share = target, None
        if item.parent_id is None:
            item.position += offset
        item.save(update_fields=["order", "share", "position"])
    for row in [*source.voids.all(), *source.discounts.all()]:
        row.order = target
        row.save(update_fields=["order"])
    for order in (source, target):
        split_clear(order)
        reprice(order)
    move(refresh(source), OrderStatus.CANCELED)
    for order in (source, target):
        record_change(refresh(order), ChangeRecord.Action.UPDATED)

"""A party leaving with its bill: asked first when money is left to pay.

Ending a party from the floor goes through here rather than straight to the booking
service: with money left on its orders, staff are asked to settle now or end anyway. An
order left open that way stays the departed party's (it never passes to the next guests at
the table) and is listed among the venue's unsettled bills (`selectors.orders_unsettled`)
until it is paid or written off.
"""
import datetime as dt

from django.db import transaction

from bookings.models import Party
from bookings.services import party_end
from floorplan.models import Venue
from posbackoffice.kernel.errors import Conflict
from posbackoffice.kernel.models import ChangeRecord

from ..models import CLOSED_STATUSES, Order, OrderStatus
from ..values import Money
from .steps import locked_order, locked_parties, move, record_change, refresh


class BillLeftToPay(Conflict):
    """The party still owes money. Staff may end it anyway (`end_anyway=True`) once they
    have seen how much."""

    def __init__(self, party: Party, left: Money):
        self.party, self.left = party, left
        super().__init__(f"{party} still has {left} left to pay.")


def party_end_with_bill(*, venue: Venue, party_id: int, end_anyway: bool = False,
                        now: dt.datetime | None = None) -> Party:
    """The guests have left: end the party, unless money is left to pay and staff have not
    said to end it anyway. Its open orders with nothing left to pay are closed: an empty
    one is cancelled, one fully paid (or discounted to nothing) is finalised."""
    with transaction.atomic():
        party = locked_parties(venue, [party_id])[party_id]
        orders = [
            locked_order(venue=venue, order_id=pk)
            for pk in Order.objects.filter(party=party).exclude(status__in=CLOSED_STATUSES)
            .order_by("pk").values_list("pk", flat=True)
        ]
        left = sum(order.total_amount - order.paid_amount for order in orders)
        if left and not end_anyway:
            raise BillLeftToPay(party, Money(left, venue.currency))
        for order in orders:
            if order.total_amount == order.paid_amount:
                _close_settled(order)
        return party_end(venue=venue, party_id=party.pk, now=now)


def _close_settled(order: Order) -> None:
    empty = not order.items.exists() and not order.payments.exists()
    move(order, OrderStatus.CANCELED if empty else OrderStatus.FINALIZED)
    record_change(refresh(order), ChangeRecord.Action.UPDATED)

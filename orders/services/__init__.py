"""Changing orders: creating them (Dojo's, or a party's from the floor), adding items,
cancelling, Dojo's write locks, payments (Dojo's and the staff's), splitting the bill,
correcting it (voids, discounts, write-offs), moving and merging orders, and a party leaving
with its bill.

Each change runs in one transaction with the order's row locked, refreshes the stored
amounts from `amounts.derive_amounts`, and leaves a `ChangeRecord` naming the actor.
While Dojo holds an unexpired lock on an order, changes from the POS side are refused.
"""
from .corrections import order_discount, order_void_item, order_write_off
from .creation import order_create
from .floor import order_add_item, order_add_item_for_party, order_cancel, order_open_for_party, order_set_status
from .leaving import BillLeftToPay, party_end_with_bill
from .locks import order_lock_create, order_lock_delete, order_lock_extend
from .moves import order_move, party_orders_merge
from .payments import order_record_payment, order_take_payment
from .splits import order_split_by_items, order_split_equally

__all__ = [
    "BillLeftToPay",
    "order_add_item",
    "order_add_item_for_party",
    "order_cancel",
    "order_create",
    "order_discount",
    "order_lock_create",
    "order_lock_delete",
    "order_lock_extend",
    "order_move",
    "order_open_for_party",
    "order_record_payment",
    "order_set_status",
    "order_split_by_items",
    "order_split_equally",
    "order_take_payment",
    "order_void_item",
    "order_write_off",
    "party_end_with_bill",
    "party_orders_merge",
]

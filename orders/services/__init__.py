"""Changing orders: creating them (Dojo's, or a party's from the floor), adding items,
cancelling, Dojo's write locks and recording payments.

Each change runs in one transaction with the order's row locked, refreshes the stored
amounts from `amounts.derive_amounts`, and leaves a `ChangeRecord` naming the actor.
While Dojo holds an unexpired lock on an order, changes from the POS side are refused.
"""
from .creation import order_create
from .floor import order_add_item, order_add_item_for_party, order_cancel, order_open_for_party, order_set_status
from .locks import order_lock_create, order_lock_delete, order_lock_extend
from .payments import order_record_payment

__all__ = [
    "order_add_item",
    "order_add_item_for_party",
    "order_cancel",
    "order_create",
    "order_lock_create",
    "order_lock_delete",
    "order_lock_extend",
    "order_open_for_party",
    "order_record_payment",
    "order_set_status",
]

"""Importing this package registers every operation in `OPERATIONS`."""
from . import floor, orders, parties, reservations  # noqa: F401
from .base import OPERATIONS, Operation

__all__ = ["OPERATIONS", "Operation"]

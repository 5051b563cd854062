"""Plain values the booking services take, built by the adapters from their own input."""
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Deposit:
    """Money taken before arrival to secure a booking (minor units)."""

    value: int
    currency: str
    payment_intent_ids: Sequence[str] = field(default_factory=tuple)
    description: str = ""

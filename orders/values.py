"""Plain values the order services take: money, and the parts of an order to create.

Adapters (the EPOS API, the staff UI) build these from their own input; the services
validate them against the venue and the POS's rules.
"""
from dataclasses import dataclass
from datetime import datetime


CURRENCY_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


@dataclass(frozen=True)
class Money:
    """An amount in the currency's minor unit (pence, cents) with its ISO 4217 code."""

    value: int
    currency: str

    def __str__(self):
        """For people: "£12.50", "€3.05", "CHF 7.00" (every accepted currency has two decimals)."""
        symbol = CURRENCY_SYMBOLS.get(self.currency, f"{self.currency} ")
        sign = "-" if self.value < 0 else ""
        return f"{sign}{symbol}{abs(self.value) // 100}.{abs(self.value) % 100:02d}"


@dataclass(frozen=True)
class ModifierSpec:
    name: str
    plu: str
    quantity: int
    amount: Money


@dataclass(frozen=True)
class ItemSpec:
    name: str
    plu: str
    quantity: int
    amount_per_item: Money
    note: str = ""
    modifiers: tuple[ModifierSpec, ...] = ()
    sub_items: tuple["ItemSpec", ...] = ()


@dataclass(frozen=True)
class DiscountSpec:
    name: str
    amount: Money
    affected_plu: str = ""
    reference: str = ""
    code: str = ""
    percentage: int | None = None


@dataclass(frozen=True)
class TaxLineSpec:
    amount: Money
    tax_id: str = ""
    name: str = ""
    affected_plu: str = ""
    percentage: int | None = None


@dataclass(frozen=True)
class PaymentSpec:
    payment_intent_id: str
    paid: Money
    tips: Money | None = None


@dataclass(frozen=True)
class CustomerSpec:
    customer_id: str = ""
    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DineInSpec:
    """Where a dine-in order is served: the primary keys of the venue's table, waiter, party
    and reservation."""

    table_id: int | None = None
    waiter_id: int | None = None
    party_id: int | None = None
    reservation_id: int | None = None
    ready_at: datetime | None = None


@dataclass(frozen=True)
class CollectionSpec:
    asap: bool = False
    collect_at: datetime | None = None


@dataclass(frozen=True)
class OrderSpec:
    """Everything Dojo sends to create an order (`CreateOrderRequest`)."""

    dojo_order_id: str
    order_type: str
    total: Money
    dine_in: DineInSpec | None = None
    collection: CollectionSpec | None = None
    items: tuple[ItemSpec, ...] = ()
    discounts: tuple[DiscountSpec, ...] = ()
    tax_lines: tuple[TaxLineSpec, ...] = ()
    service_charge: Money | None = None
    payments: tuple[PaymentSpec, ...] = ()
    customer: CustomerSpec | None = None
    note: str = ""
    reference: str = ""
    display_name: str = ""


@dataclass(frozen=True)
class StaffPaymentSpec:
    """A payment staff take at the table: in cash (with what the guest handed over) or on the
    venue's own card terminal (with its reference), optionally for one guest's share.

    `idempotency_key` comes with the form the payment was taken on, so that a button tapped
    twice or a request sent again records the payment once."""

    method: str
    amount: Money
    idempotency_key: str
    tip: Money | None = None
    tendered: Money | None = None
    card_reference: str = ""
    share_id: int | None = None


@dataclass(frozen=True)
class DiscountRequest:
    """A discount staff apply to the whole order: an amount, or a percentage (two decimals:
    1000 is 10%), and why."""

    reason: str
    amount: Money | None = None
    percentage: int | None = None

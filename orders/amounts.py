"""The amounts of an order, derived in one place.

Definitions (Dojo's EPOS Data API, `Order` and `Payment`):
- `totalAmount`: what the order costs after discounts and taxes. It includes the service
  charge and never the tips.
- `paidAmount`: the sum of the payments' `paidAmount`, which excludes tips (but includes
  whatever service charge the payment covered).
- `tipsAmount`: the sum of the payments' `tipsAmount`; part of neither of the above.
- `payable`: the order can still be paid for: it is open and something is outstanding.

Prices on an order either include their taxes (the norm for GBP and EUR menus, and always
so for items from the POS's own catalogue) or do not, in which case the tax lines are
added on top. Every amount is an integer in the currency's minor unit.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Statuses in which an order can still take payments (see `models.OrderStatus`).
PAYABLE_STATUSES = frozenset({"New", "Submitted", "Confirmed", "Accepted", "Preparing", "Prepared", "Ready"})


@dataclass(frozen=True)
class PricedModifier:
    quantity: int
    amount: int


@dataclass(frozen=True)
class PricedLine:
    """An item or a sub-item. Modifier and sub-item quantities are per single parent item."""

    quantity: int
    amount_per_item: int
    modifiers: tuple[PricedModifier, ...] = ()
    sub_lines: tuple["PricedLine", ...] = ()


@dataclass(frozen=True)
class PaymentAmounts:
    paid: int
    tips: int = 0


@dataclass(frozen=True)
class OrderAmounts:
    subtotal: int
    discounts: int
    taxes: int
    service_charge: int
    total: int
    paid: int
    tips: int
    payable: bool

    @property
    def outstanding(self) -> int:
        return max(self.total - self.paid, 0)


def line_total(line: PricedLine) -> int:
    """The price of a line: its quantity times the item with its modifiers and sub-items."""
    per_item = (
        line.amount_per_item
        + sum(modifier.quantity * modifier.amount for modifier in line.modifiers)
        + sum(line_total(sub_line) for sub_line in line.sub_lines)
    )
    return line.quantity * per_item


def derive_amounts(
    *,
    lines: Iterable[PricedLine],
    discounts: Iterable[int],
    taxes: Iterable[int],
    taxes_included: bool,
    service_charge: int,
    payments: Iterable[PaymentAmounts],
    status: str,
) -> OrderAmounts:
    payments = list(payments)
    subtotal = sum(line_total(line) for line in lines)
    discount_total = sum(discounts)
    tax_total = sum(taxes)
    total = subtotal - discount_total + service_charge + (0 if taxes_included else tax_total)
    paid = sum(payment.paid for payment in payments)
    return OrderAmounts(
        subtotal=subtotal,
        discounts=discount_total,
        taxes=tax_total,
        service_charge=service_charge,
        total=total,
        paid=paid,
        tips=sum(payment.tips for payment in payments),
        payable=status in PAYABLE_STATUSES and total > paid,
    )


def percent_of(amount: int, percentage: int) -> int:
    """`percentage` (two decimals: 1250 is 12.5%) of an amount, halves rounded up."""
    return (2 * amount * percentage + 10000) // 20000


def included_tax(gross: int, rate: int) -> int:
    """The tax a tax-inclusive amount contains at `rate` (two decimals), halves rounded up."""
    divisor = 10000 + rate
    return (2 * gross * rate + divisor) // (2 * divisor)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """`total` shared out in proportion to `weights`, in whole minor units that add up to it
    exactly: each gets its proportion rounded down, and the units left over go to the
    largest remainders (the first of equal ones). Equal weights split evenly, the first
    shares taking the odd pennies."""
    weight_total = sum(weights)
    if weight_total <= 0:
        raise ValueError("allocate needs weights that add up to more than zero")
    parts = [total * weight // weight_total for weight in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % weight_total), i))
    for i in remainders[: total - sum(parts)]:
        parts[i] += 1
    return parts

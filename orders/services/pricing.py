"""What the POS prices on an order itself, worked out again from its rows after every change
to its items or discounts: its staff discounts given as a percentage, and the VAT its menu
items include.

Dojo's own discounts and tax lines (on orders Dojo created) are Dojo's figures and are left
as they are; the POS's own discounts are spread over every line in proportion to its price,
so that the VAT of each rate is worked out on what the guests pay for it.
"""
from collections import defaultdict

from posbackoffice.kernel.rows import rows_known

from ..amounts import allocate, included_tax, line_total, percent_of
from ..models import Order, OrderDiscount, OrderTaxLine
from ..selectors import order_rows_read

POS_DISCOUNTS = (OrderDiscount.Origin.STAFF, OrderDiscount.Origin.WRITE_OFF)


def reprice(order: Order) -> None:
    """Work out the locked order's percentage discounts and its VAT lines again, from its
    rows as the order holds them (read now unless the service read them with the lock), and
    leave the rows it writes in the order, so that its amounts follow without reading again."""
    order_rows_read(order)
    lines = order.lines
    prices = [line_total(line.priced()) for line in lines]
    subtotal = sum(prices)
    own_discounts = [discount for discount in order.discounts.all() if discount.origin in POS_DISCOUNTS]
    for discount in own_discounts:
        if discount.origin == OrderDiscount.Origin.STAFF and discount.percentage is not None:
            amount = percent_of(subtotal, discount.percentage)
            if amount != discount.amount:
                discount.amount = amount
                discount.save(update_fields=["amount"])
    to_pay = max(subtotal - sum(discount.amount for discount in own_discounts), 0)
    paid_for = allocate(to_pay, prices) if subtotal else [0] * len(lines)
    gross_by_rate = defaultdict(int)
    for line, amount in zip(lines, paid_for):
        if line.tax_rate:
            gross_by_rate[line.tax_rate] += amount
    _write_tax_lines(order, {rate: included_tax(gross, rate) for rate, gross in gross_by_rate.items()})


def _write_tax_lines(order: Order, tax_by_rate: dict[int, int]) -> None:
    """Make the order's computed tax lines exactly one per rate, with these amounts, writing
    only those that change."""
    kept = [line for line in order.tax_lines.all() if not line.computed]
    existing = {line.percentage: line for line in order.tax_lines.all() if line.computed}
    for rate, line in existing.items():
        if not tax_by_rate.get(rate):
            line.delete()
    for rate, tax in sorted(tax_by_rate.items()):
        if not tax:
            continue
        line = existing.get(rate) or OrderTaxLine(
            order=order, tax_id=f"VAT-{rate}", name=f"VAT {rate / 100:g}%", percentage=rate, computed=True
        )
        if line.pk is None or line.amount != tax:
            line.amount = tax
            line.save()
        kept.append(line)
    rows_known(order, "tax_lines", sorted(kept, key=lambda line: line.pk))

"""Template helpers of the bill: amounts for people, and the key of a payment form."""
import uuid

from django import template

from orders.entry import format_amount, format_percentage
from orders.values import Money

register = template.Library()


@register.filter
def money(value: int | None, currency: str) -> str:
    """An amount in minor units as "£12.50"."""
    return "" if value is None else str(Money(value, currency))


@register.filter
def amount_input(value: int | None) -> str:
    """An amount in minor units as a form field shows it: "12.50"."""
    return "" if value is None else format_amount(value)


@register.simple_tag
def payment_key() -> str:
    """A fresh key for a payment form: sending the form twice records one payment."""
    return uuid.uuid4().hex


@register.filter
def line_kind(line) -> str:
    """The kind of a printed bill line (`orders.bills`): "MerchantName", "Text", ..."""
    return type(line).__name__


@register.filter
def percentage(hundredths: int | None) -> str:
    """2000 as "20 %"."""
    return "" if hundredths is None else format_percentage(hundredths)

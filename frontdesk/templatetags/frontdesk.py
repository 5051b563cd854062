from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def minor_units(value: int | None, currency: str) -> str:
    """An amount in minor units (pence) as "12.50 GBP"."""
    if value is None:
        return ""
    return f"{Decimal(value) / 100:.2f} {currency}"


@register.filter
def at(mapping: dict, key):
    """`mapping[key]`, or None: `{{ open_orders|at:table.pk }}`."""
    return mapping.get(key)

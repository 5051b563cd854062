from decimal import Decimal

from django import template

from floorplan.ordering import in_natural_order, table_names

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


@register.filter
def natural(tables):
    """Tables in natural order of their names: T2 before T10."""
    return in_natural_order(tables)


@register.filter
def names(tables, joiner: str = ", ") -> str:
    """The tables' names in natural order: "T4, T5" (`|names:"+"` for "T4+T5")."""
    return table_names(tables, joiner)


@register.filter
def holds_any(floor_area, table_ids) -> bool:
    """Whether one of the area's tables is among `table_ids` (a picker opens that area)."""
    return any(floor_table.table.pk in table_ids for floor_table in floor_area.tables)

from collections.abc import Callable
from decimal import Decimal

from django import template
from django.urls import reverse

from floorplan.ordering import in_natural_order, table_names

register = template.Library()


def url_for_each(name: str, slug: str) -> Callable[[int], str]:
    """`reverse(name, args=[slug, pk])` for any pk, reversed once: the pk's place in the
    URL is found by reversing with a marker number in its stead."""
    marker = "987654321"
    head, tail = reverse(name, args=[slug, int(marker)]).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"


@register.simple_tag(takes_context=True)
def url_of(context, name: str, slug: str, pk: int) -> str:
    """`{% url name slug pk %}` for a list of rows: reversed once per name and venue in a
    rendering, each row's pk formatted into it."""
    key = ("url_of", name, slug)
    if key not in context.render_context:
        context.render_context[key] = url_for_each(name, slug)
    return context.render_context[key](pk)


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

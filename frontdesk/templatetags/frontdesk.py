from django import template

from floorplan.ordering import in_natural_order, table_names

from ..formatting import minor_units
from ..reservation_list import reservation_group_html

register = template.Library()


register.filter("minor_units", minor_units)


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


@register.simple_tag(takes_context=True)
def reservation_group(context, title: str, kind: str, group: list, scope: str = ""):
    """A group of the reservations list ("Late", "Upcoming"...), written in Python
    (`reservation_list`): the venue's, in its time zone."""
    return reservation_group_html(title=title, kind=kind, group=group, venue=context["venue"], scope=scope)

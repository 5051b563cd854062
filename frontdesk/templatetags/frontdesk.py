from decimal import Decimal

from django import template
from django.utils import timezone

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


@register.simple_tag
def tile_name(tile, to_pay: int | None = None, currency: str = "") -> str:
    """The accessible name of a table's tile: everything the tile shows, in the order a host
    asks for it. "T4, Seated: Okafor, 5 of 6 covers, 48 minutes, server Ana Lopes, requests
    "Shellfish allergy", 12.50 GBP left to pay, next 19:10 Nguyen for 4". Times are the
    venue's: render inside `{% timezone venue.timezone %}`."""
    parts = [f"{tile.table.name}, {tile.state.label}"]
    party = tile.party
    if party:
        joined = f" at {tile.joined}" if tile.joined else ""
        parts[0] += f": {party.name or 'walk-in'}{joined}"
        parts += [f"{party.covers or '?'} of {tile.seats} covers", f"{tile.minutes_seated} minutes"]
        if tile.waiters:
            parts.append("server " + " and ".join(waiter.name for waiter in tile.waiters))
        if party.guest_requests:
            parts.append(f'requests "{party.guest_requests}"')
    if to_pay not in (None, ""):  # "": the template had no order for this tile
        parts.append(f"{minor_units(to_pay, currency)} left to pay")
    parts += _next_booking(tile)
    return ", ".join(parts)


def _next_booking(tile) -> list[str]:
    booking = tile.next_reservation
    if booking is None:
        return []
    parts = [f"next {timezone.localtime(booking.start_time):%H:%M} {booking.name} for {booking.covers}"]
    if booking.guest_requests:
        parts.append(f'their requests "{booking.guest_requests}"')
    if tile.overruns:
        parts.append(f"expected to stay until {timezone.localtime(tile.party.expected_end_time):%H:%M}, past it")
    return parts


@register.filter
def holds_any(floor_area, table_ids) -> bool:
    """Whether one of the area's tables is among `table_ids` (a picker opens that area)."""
    return any(floor_table.table.pk in table_ids for floor_table in floor_area.tables)

"""The tiles of the live floor plan, written in Python rather than by a template.

The plan is what every tablet's poll renders after a change, and its tiles were most of the
fragment's cost: twenty tiles of a dozen template variables, filters and a `{% url %}` each.
Here each tile is one f-string whose values are escaped (`escape`), its dialog's URL formatted from
one reversed URL, and its accessible name worked out once. The template writes `{{ tile }}`.
"""
import zoneinfo

from django.utils.safestring import SafeString, mark_safe

from bookings.selectors import FloorArea, FloorTable, TableState
from floorplan.models import Venue
from orders.selectors import PartyBill

from .formatting import clock, escape, minor_units, url_for_each

ORDER_MARK = ' <span class="order" title="Open order">¤</span>'
BLOCKED_LINE = '  <span class="line meta">Blocked</span>\n'


def plan_tiles(floor_area: FloorArea, *, venue: Venue, open_orders: dict[int, PartyBill]) -> list[SafeString]:
    """The tiles of the area's tables, with their parties' bills (`floor_bills`).
    Times are the venue's."""
    zone = zoneinfo.ZoneInfo(venue.timezone)
    dialog_url = url_for_each("frontdesk:table", venue.slug)
    tiles = []
    for floor_table in floor_area.tables:
        order = open_orders.get(floor_table.party.pk) if floor_table.party else None
        tiles.append(_tile(floor_table, order, venue.currency, zone, dialog_url(floor_table.table.pk)))
    return tiles


def _tile(floor_table: FloorTable, order: PartyBill | None, currency: str, zone: zoneinfo.ZoneInfo, dialog_url: str) -> SafeString:
    table, party = floor_table.table, floor_table.party
    classes = f"tile {floor_table.state} {table.shape}{' has-order' if order else ''}{' joined' if floor_table.joined else ''}"
    label = _label(floor_table, order.outstanding if order else None, currency, zone)
    return mark_safe(
        f'<button type="button" id="tile-{table.pk}"\n        class="{escape(classes)}"\n'
        f'        style="--x: {table.x}; --y: {table.y}; --w: {table.width}; --h: {table.height}; --rot: {table.rotation}deg"\n'
        f'        data-dialog="{escape(dialog_url)}"\n        aria-label="{escape(label)}">\n'
        '  <span class="shape" aria-hidden="true"></span>\n'
        f'  <span class="line name">{escape(floor_table.joined or table.name)}'
        f'{_requests_mark(party.guest_requests if party else "")}{ORDER_MARK if order else ""}</span>\n'
        f"{_state_lines(floor_table, order, currency)}{_next_line(floor_table, zone)}</button>\n"
    )


def _state_lines(floor_table: FloorTable, order: PartyBill | None, currency: str) -> str:
    """Who is seated, their covers against the seats, minutes seated, server and what is
    left to pay; or that the table is blocked."""
    party = floor_table.party
    if party is None:
        return BLOCKED_LINE if floor_table.state == TableState.BLOCKED else ""
    initials = floor_table.waiter_initials
    waiter = f' <span class="waiter">{escape(" ".join(initials))}</span>' if initials else ""
    due = (f'  <span class="line due">{escape(minor_units(order.outstanding, currency))}</span>\n'
           if order and order.outstanding else "")
    return (
        f'  <span class="line who">{escape(party.name or "Walk-in")}</span>\n'
        f'  <span class="line meta"><span class="covers">{escape(party.covers or "?")}/{floor_table.seats}</span>'
        f' <span class="minutes">{floor_table.minutes_seated}′</span>{waiter}</span>\n{due}'
    )


def _next_line(floor_table: FloorTable, zone: zoneinfo.ZoneInfo) -> str:
    """The next guests booked here; "⚠" when the party here is expected to stay past their start."""
    booking = floor_table.next_reservation
    if booking is None:
        return ""
    overruns = floor_table.overruns
    prefix = "⚠ " if overruns else "next " if floor_table.party else ""
    return (
        f'  <span class="line next{" overruns" if overruns else ""}">{prefix}{clock(booking.start_time, zone)}'
        f' {escape(booking.name)} ×{booking.covers}{_requests_mark(booking.guest_requests)}</span>\n'
    )


def _requests_mark(requests: str) -> str:
    return f' <span class="requests" title="{escape(requests)}">!</span>' if requests else ""


def _label(floor_table: FloorTable, to_pay: int | None, currency: str, zone: zoneinfo.ZoneInfo) -> str:
    """The accessible name of a table's tile: everything the tile shows, in the order a host
    asks for it. "T4, Seated: Okafor, 5 of 6 covers, 48 minutes, server Ana Lopes, requests
    "Shellfish allergy", 12.50 GBP left to pay, next 19:10 Nguyen for 4"."""
    parts = [f"{floor_table.table.name}, {floor_table.state.label}"]
    party = floor_table.party
    if party:
        joined = f" at {floor_table.joined}" if floor_table.joined else ""
        parts[0] += f": {party.name or 'walk-in'}{joined}"
        parts += [f"{party.covers or '?'} of {floor_table.seats} covers", f"{floor_table.minutes_seated} minutes"]
        if floor_table.waiters:
            parts.append("server " + " and ".join(waiter.name for waiter in floor_table.waiters))
        if party.guest_requests:
            parts.append(f'requests "{party.guest_requests}"')
    if to_pay is not None:
        parts.append(f"{minor_units(to_pay, currency)} left to pay")
    booking = floor_table.next_reservation
    if booking:
        parts.append(f"next {clock(booking.start_time, zone)} {booking.name} for {booking.covers}")
        if booking.guest_requests:
            parts.append(f'their requests "{booking.guest_requests}"')
        if floor_table.overruns:
            parts.append(f"expected to stay until {clock(party.expected_end_time, zone)}, past it")
    return ", ".join(parts)


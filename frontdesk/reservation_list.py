"""The reservations list beside the floor (and the day view's), written in Python rather
than by a template, as the plan's tiles are (`tiles`): the list is in every rendering of the
live floor, and at a dozen template variables, filters and tags a reservation it cost more
than the rest of the fragment. Each reservation is one `format_html` (every value escaped),
its dialog's URL formatted from one reversed URL."""
import zoneinfo

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from bookings.models import Reservation
from floorplan.models import Venue

from .formatting import clock, minor_units, url_for_each

NONE = mark_safe('  <p class="empty">None</p>\n')


def reservation_group_html(*, title: str, kind: str, group: list[Reservation], venue: Venue, scope: str = "") -> SafeString:
    """One group of reservations ("Late", "Upcoming"...) as `reservations_on` reads them, or
    "None"; `scope` tells apart the IDs of the same group in two lists on one page. Times
    are the venue's."""
    zone = zoneinfo.ZoneInfo(venue.timezone)
    dialog_url = url_for_each("frontdesk:reservation", venue.slug)
    if group:
        rows = format_html_join("", "{}", ((_row(r, zone, dialog_url(r.pk)),) for r in group))
        body = format_html("  <ul>\n{}  </ul>\n", rows)
    else:
        body = NONE
    return format_html(
        '<section class="group {}" aria-labelledby="group-{}{}">\n'
        '  <h3 id="group-{}{}">{} <span class="count">{}</span></h3>\n{}</section>',
        kind, scope, kind, scope, kind, title, len(group), body,
    )


def _row(reservation: Reservation, zone: zoneinfo.ZoneInfo, dialog_url: str) -> SafeString:
    party = reservation.seated_party  # the latest seated from it
    requests = reservation.guest_requests
    return format_html(
        '    <li class="reservation">\n'
        '      <button type="button" id="reservation-{}" class="reservation-open"\n'
        '              data-dialog="{}">\n'
        '        <span class="time">{}</span>\n'
        '        <span class="who">{}</span>\n'
        '        <span class="covers">×{}</span>\n'
        '        <span class="tables">{}</span>\n'
        "{}      </button>\n{}{}{}{}    </li>\n",
        reservation.pk, dialog_url, clock(reservation.start_time, zone), reservation.name, reservation.covers,
        reservation.table_names,
        format_html('        <span class="requests" title="{}">!</span>\n', requests) if requests else "",
        _note("guest-requests", "Guest requests", requests),
        _note("host-notes", "Host notes", reservation.host_notes),
        _deposit(party),
        _seated_at(party, zone),
    )


def _note(kind: str, label: str, text: str) -> SafeString | str:
    if not text:
        return ""
    return format_html('      <p class="{}"><strong>{}:</strong> {}</p>\n', kind, label, linebreaksbr(text, autoescape=True))


def _deposit(party) -> SafeString | str:
    if party is None or party.deposit_value is None:
        return ""
    return format_html('      <p class="deposit"><strong>Deposit:</strong> {}</p>\n',
                       minor_units(party.deposit_value, party.deposit_currency))


def _seated_at(party, zone: zoneinfo.ZoneInfo) -> SafeString | str:
    if party is None:
        return ""
    if party.end_time:
        return format_html('      <p class="seated-at">Left {}</p>\n', clock(party.end_time, zone))
    return format_html('      <p class="seated-at">Seated {}</p>\n', clock(party.start_time, zone))


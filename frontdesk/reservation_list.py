"""The reservations list beside the floor (and the day view's), written in Python rather
than by a template, as the plan's tiles are (`tiles`): the list is in every rendering of the
live floor, and at a dozen template variables, filters and tags a reservation it cost more
than the rest of the fragment. Each reservation is one f-string whose values are escaped
(`escape`), its dialog's URL formatted from one reversed URL."""
import zoneinfo

from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe

from bookings.models import Reservation
from floorplan.models import Venue

from .formatting import clock, escape, minor_units, url_for_each

NONE = '  <p class="empty">None</p>\n'


def reservation_group_html(*, title: str, kind: str, group: list[Reservation], venue: Venue, scope: str = "") -> SafeString:
    """One group of reservations ("Late", "Upcoming"...) as `reservations_on` reads them, or
    "None"; `scope` tells apart the IDs of the same group in two lists on one page. Times
    are the venue's."""
    zone = zoneinfo.ZoneInfo(venue.timezone)
    dialog_url = url_for_each("frontdesk:reservation", venue.slug)
    body = f"  <ul>\n{''.join(_row(r, zone, dialog_url(r.pk)) for r in group)}  </ul>\n" if group else NONE
    kind, scope = escape(kind), escape(scope)
    return mark_safe(
        f'<section class="group {kind}" aria-labelledby="group-{scope}{kind}">\n'
        f'  <h3 id="group-{scope}{kind}">{escape(title)} <span class="count">{len(group)}</span></h3>\n{body}</section>'
    )


def _row(reservation: Reservation, zone: zoneinfo.ZoneInfo, dialog_url: str) -> str:
    party = reservation.seated_party  # the latest seated from it
    requests = reservation.guest_requests
    mark = f'        <span class="requests" title="{escape(requests)}">!</span>\n' if requests else ""
    return (
        '    <li class="reservation">\n'
        f'      <button type="button" id="reservation-{reservation.pk}" class="reservation-open"\n'
        f'              data-dialog="{escape(dialog_url)}">\n'
        f'        <span class="time">{clock(reservation.start_time, zone)}</span>\n'
        f'        <span class="who">{escape(reservation.name)}</span>\n'
        f'        <span class="covers">×{reservation.covers}</span>\n'
        f'        <span class="tables">{escape(reservation.table_names)}</span>\n'
        f"{mark}      </button>\n"
        f'{_note("guest-requests", "Guest requests", requests)}{_note("host-notes", "Host notes", reservation.host_notes)}'
        f"{_deposit(party)}{_seated_at(party, zone)}    </li>\n"
    )


def _note(kind: str, label: str, text: str) -> str:
    if not text:
        return ""
    return f'      <p class="{kind}"><strong>{label}:</strong> {linebreaksbr(text, autoescape=True)}</p>\n'


def _deposit(party) -> str:
    if party is None or party.deposit_value is None:
        return ""
    return f'      <p class="deposit"><strong>Deposit:</strong> {escape(minor_units(party.deposit_value, party.deposit_currency))}</p>\n'


def _seated_at(party, zone: zoneinfo.ZoneInfo) -> str:
    if party is None:
        return ""
    if party.end_time:
        return f'      <p class="seated-at">Left {clock(party.end_time, zone)}</p>\n'
    return f'      <p class="seated-at">Seated {clock(party.start_time, zone)}</p>\n'

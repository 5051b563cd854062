"""The evening at a glance: the timeline of a day's service (any day), any day's
reservations beside the floor, and a party's dialog opened from the timeline."""
import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bookings import selectors
from bookings.timeline import timeline_for
from floorplan.models import Venue
from posbackoffice.kernel.errors import NotFound

from ..staff import staff_venues
from .access import staff_only, venue_of
from .answers import parse_day
from .floor import days_around, table_context


@staff_only
@require_GET
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """Tables down the side, time across, bookings and parties as bars, now as a line; the
    page's own refreshes (htmx) get the timeline alone."""
    venue = venue_of(request, slug)
    now = timezone.now()
    day = _day(request, venue, now)
    context = {"venue": venue, "now": now, "timeline": timeline_for(venue=venue, day=day, now=now), **days_around(venue, day, now)}
    if request.htmx:
        return render(request, "frontdesk/partials/timeline_body.html", context)
    return render(request, "frontdesk/timeline.html", {**context, "venues": staff_venues(user=request.user)})


@staff_only
@require_GET
def day_reservations(request: HttpRequest, slug: str) -> HttpResponse:
    """The date picker beside the floor and, for a day other than today, that day's
    reservations (today's are the floor's own live list)."""
    venue = venue_of(request, slug)
    now = timezone.now()
    day = _day(request, venue, now)
    context = {"venue": venue, "now": now, **days_around(venue, day, now)}
    if day != context["today"]:
        context["day_reservations"] = selectors.reservations_on(venue=venue, day=day, now=now)
    return render(request, "frontdesk/partials/day_view.html", context)


@staff_only
@require_GET
def party_dialog(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    """A party opened from the timeline: its table's dialog while it is seated, what it
    was once it has left."""
    venue = venue_of(request, slug)
    try:
        party = selectors.party_get(venue=venue, party_id=party_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    table_ids = selectors.party_table_ids(party)
    if party.is_active and table_ids:
        return render(request, "frontdesk/partials/table_dialog.html", table_context(venue, table_ids[0], request.user.pk))
    return render(request, "frontdesk/partials/party_summary.html", {"venue": venue, "party": party})


def _day(request: HttpRequest, venue: Venue, now: dt.datetime) -> dt.date:
    return parse_day(request.GET.get("date")) or selectors.venue_today(venue=venue, now=now)


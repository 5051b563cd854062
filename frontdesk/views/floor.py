"""Reading the floor: the page, the part of it that refreshes itself, a table's dialog."""
import datetime as dt
import zoneinfo

from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from bookings import selectors
from bookings.models import Party
from floorplan.models import Area, Venue, Waiter
from orders.selectors import floor_bills, order_outstanding_by_party, party_bills, product_menu, staff_may_correct

from ..staff import staff_venues
from ..tiles import plan_tiles
from ..versions import etag_matches, floor_version_of, live_etag, poll_headers, venue_floor_version
from .access import staff_only, venue_of


@staff_only
@require_GET
def floor(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The whole page; `/` shows the venue last worked, or the user's first."""
    venues = staff_venues(user=request.user)
    if slug is None:
        venue = venues.filter(slug=request.session.get("venue", "")).first() or venues.first()
    else:
        venue = get_object_or_404(venues, slug=slug)
    if venue is None:
        return render(request, "frontdesk/no_venue.html", status=403)
    if request.session.get("venue") != venue.slug:
        request.session["venue"] = venue.slug
    waiters = selectors.floor_waiters(venue=venue)
    now = timezone.now()
    context = _live_context(request, venue, version=floor_version_of(venue), now=now, waiters=waiters)
    return render(request, "frontdesk/floor.html", {"venues": venues, **context, **_beside_the_floor(venue, now)})


@staff_only
@require_GET
def live(request: HttpRequest, slug: str) -> HttpResponse:
    """The part of the page that refreshes itself: area tabs, plan and reservations.

    Its ETag names the floor's version and the minute (what changes with the clock), and
    the page sends it back (If-None-Match). While nothing has changed the answer is 304,
    after reading only the venue and its version, and the page is left alone, so focus, hover and
    scrolling are not disturbed. The version is read before the floor, so that a change
    committed in between is rendered again, never missed."""
    now = timezone.now()
    seen = venue_floor_version(user=request.user, slug=slug)
    if seen is None:
        raise Http404("No such venue among yours.")
    venue = seen.venue
    area, mine = request.GET.get("area", ""), request.GET.get("mine") == "1"
    etag = live_etag(version=seen.version, now=now, area=area, mine=mine)
    if etag_matches(request.headers.get("If-None-Match", ""), etag):
        return _not_modified(etag)
    waiters = selectors.floor_waiters(venue=venue)
    waiter = selectors.waiter_for_user(waiters=waiters, user_id=request.user.pk)
    # Every tablet showing the same thing shares one rendering: after a change, the first
    # poll renders it and the others of the venue read it (the key names the version). It is
    # rendered without the request, so nothing of the user but their waiter can reach it.
    key = f"frontdesk:live:{venue.pk}:{etag}:{waiter.pk if waiter else ''}"
    html = caches["floor"].get(key)
    if html is None:
        reservations, reservations_html = _reservations_shown(venue, now, seen.reservations_version)
        context = _live_context(request, venue, version=seen.version, now=now, waiters=waiters, reservations=reservations)
        html = render_to_string("frontdesk/partials/live_response.html", {**context, "reservations_html": reservations_html})
        caches["floor"].set(key, html, SHARED_RENDERING_SECONDS)
    return _tagged(HttpResponse(html), etag)


SHARED_RENDERING_SECONDS = 120  # the ETag names the minute: a rendering is not asked for after that


def _reservations_shown(venue: Venue, now: dt.datetime, version: int) -> tuple[selectors.FloorReservations, str]:
    """What the floor shows of the venue's reservations, and their list as the live part
    sends it (swapped in beside the plan). A busy day's hundred reservations cost more to
    read and write than the rest of the floor, and change less often: after an order, a
    payment or a walk-in the floor renders again, its reservations have not changed. So
    they are read and written once per change to them (their version, kept by the database
    as the floor's is) and per minute (the clock makes guests late and bookings near),
    then shared by every rendering until then, as the renderings are."""
    key = f"frontdesk:reservations:{venue.pk}:{version}:{int(now.timestamp()) // 60}"
    shown = caches["floor"].get(key)
    if shown is None:
        reservations = selectors.floor_reservations(venue=venue, now=now)
        context = {"reservations": reservations.today, "venue": venue, "oob": True}
        shown = reservations, render_to_string("frontdesk/partials/reservations.html", context)
        caches["floor"].set(key, shown, SHARED_RENDERING_SECONDS)
    return shown


def _beside_the_floor(venue: Venue, now: dt.datetime) -> dict:
    """The waitlist and the date picker as the page first shows them; each refreshes itself."""
    today = selectors.venue_today(venue=venue, now=now)
    return {"waiting": selectors.waitlist_waiting(venue=venue, now=now), **days_around(venue, today, now)}


def days_around(venue: Venue, day: dt.date, now: dt.datetime) -> dict:
    """A day, today at the venue, and the days before and after (the date pickers' steps)."""
    one = dt.timedelta(days=1)
    return {"day": day, "today": selectors.venue_today(venue=venue, now=now), "previous_day": day - one, "next_day": day + one}


def _not_modified(etag: str) -> HttpResponse:
    return _tagged(HttpResponseNotModified(), etag)


def _tagged(response: HttpResponse, etag: str) -> HttpResponse:
    """Names what the page shows; browsers keep it only for the page's own polls."""
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _live_context(
    request: HttpRequest, venue: Venue, *, version: int, now: dt.datetime, waiters: dict[int, Waiter],
    reservations: selectors.FloorReservations | None = None,
) -> dict:
    """What the live part shows, with the venue's `waiters` (`floor_waiters`) and its
    `reservations` (`floor_reservations`, read here unless given); it depends on the user
    only through their waiter."""
    waiter = selectors.waiter_for_user(waiters=waiters, user_id=request.user.pk)
    mine = waiter is not None and request.GET.get("mine") == "1"
    areas = selectors.floor_area_list(venue=venue)
    area = _selected_area(areas, request.GET.get("area", ""))
    reservations = reservations or selectors.floor_reservations(venue=venue, now=now)
    # Only the area shown is built; the tabs need no more than each area's name.
    current = area and selectors.floor_area(
        venue=venue, area=area, now=now, waiter_id=waiter.pk if mine else None, waiters=waiters, reservations=reservations
    )
    # What the fragment's own polls will send: they name the area shown.
    etag = live_etag(version=version, now=now, area=str(area.pk) if area else "", mine=mine)
    bills = floor_bills(venue=venue)
    return {
        "venue": venue,
        "now": now,
        "areas": areas,
        "current": current,
        "waiter": waiter,
        "mine": mine,
        "reservations": reservations.today,
        "tiles": plan_tiles(current, venue=venue, open_orders=bills.by_party) if current else [],
        "unsettled_count": bills.unsettled_count,
        "poll_headers": poll_headers(etag),
    }


def _selected_area(areas: list[Area], area_id: str) -> Area | None:
    """The area asked for, or else the first."""
    chosen = [area for area in areas if str(area.pk) == area_id]
    return (chosen or areas or [None])[0]


@staff_only
@require_GET
def table_dialog(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    """What can be done at a table: seat guests when free, or look after its party."""
    venue = venue_of(request, slug)
    return render(request, "frontdesk/partials/table_dialog.html", table_context(venue, table_id, request.user.pk))


def table_context(venue: Venue, table_id: int, user_id: int) -> dict:
    """What the table's dialog shows: its state, the guests expected there, and its
    party's details and bills (the party's, on every table it sits at: never those of a
    party that sat there before)."""
    now = timezone.now()
    reservations = selectors.floor_reservations(venue=venue, now=now)
    areas = selectors.floor_areas(venue=venue, now=now, reservations=reservations)
    tile = next((tile for area in areas for tile in area.tables if tile.table.pk == table_id), None)
    if tile is None:
        raise Http404("No such table in this venue.")
    today = reservations.today
    context = {
        "venue": venue,
        "tile": tile,
        "areas": areas,
        "expected_here": [r for r in today.late + today.upcoming if tile.table.pk in r.table_ids],
        "checked_ids": {table.pk for table in tile.party.tables.all()} if tile.party else {table_id},
        "free_tiles": [t for area in areas for t in area.tables if t.party is None and t.state != "blocked"],
    }
    if tile.party:
        context["details"] = _details_initial(venue, tile.party)
        context["waiters"] = Waiter.objects.filter(venue=venue, is_active=True)
        context.update(_party_bills_context(venue, tile.party, user_id, areas))
    elif tile.state != "blocked":
        context["waiting"] = selectors.waitlist_waiting(venue=venue, now=now)
    return context


def _party_bills_context(venue: Venue, party: Party, user_id: int, areas: list[selectors.FloorArea]) -> dict:
    """The party's bills, what its open orders come to, the menu to add to them from, the
    other parties seated (to move an order to, or to sit with), and whether this user may
    correct bills."""
    other_tables = [tile for area in areas for tile in area.tables if tile.party and tile.party.pk != party.pk]
    return {
        "order": order_outstanding_by_party(venue=venue).get(party.pk),
        "bills": party_bills(party=party),
        "other_tables": other_tables,
        "other_parties": list({tile.party.pk: tile.party for tile in other_tables}.values()),
        "menu": product_menu(venue=venue),
        "may_correct": staff_may_correct(venue=venue, user_id=user_id),
    }


def _details_initial(venue: Venue, party: Party) -> dict:
    zone = zoneinfo.ZoneInfo(venue.timezone)
    end = timezone.localtime(party.expected_end_time, timezone=zone) if party.expected_end_time else None
    return {
        "covers": party.covers,
        "status": party.status,
        "expected_end": end.strftime("%H:%M") if end else "",
        "host_notes": party.host_notes,
        "waiter_id": party.waiter_id,
    }

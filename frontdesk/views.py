"""The live floor view: a thin adapter over the booking services and selectors.

Every view reaches its venue through `_venue_of`, so a user only ever sees the venues
they are on the staff of. Reads go through the selectors, each action calls one service;
the domain errors services raise come back as messages shown in place and the floor
refreshes.
"""
import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from bookings import selectors, services
from bookings.models import Party
from floorplan.models import Venue
from orders.amounts import line_total
from orders.selectors import order_amounts, order_open_for_party_get, order_open_totals_by_table, product_menu
from orders.services import order_add_item_for_party
from posbackoffice.kernel.errors import DomainError, InvalidInput, NotFound

from .forms import (
    AddItemForm, BookingForm, MoveForm, PartyDetailsForm, SeatReservationForm, TableForm, WalkInForm, form_errors,
)
from .staff import staff_venues

FLOOR_CHANGED = "floor-changed"


def staff_only(view):
    """Like `login_required`, but a request from the floor page whose session has
    expired sends the whole page to the login form, not just the part being refreshed."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.htmx:
            return HttpResponseClientRedirect(redirect_to_login(reverse("frontdesk:floor")).url)
        return redirect_to_login(request.get_full_path())

    return checked


def _venue_of(request: HttpRequest, slug: str) -> Venue:
    return get_object_or_404(staff_venues(user=request.user), slug=slug)


# Reading the floor


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
    return render(request, "frontdesk/floor.html", {"venues": venues, **_live_context(request, venue)})


@staff_only
@require_GET
def live(request: HttpRequest, slug: str) -> HttpResponse:
    """The part of the page that refreshes itself: area tabs, plan and reservations.
    The page sends the version it shows (`v`); when nothing has changed the answer is
    204 and the page is left alone, so focus, hover and scrolling are not disturbed."""
    venue = _venue_of(request, slug)
    context = {**_live_context(request, venue), "version": _VERSION_SLOT}
    html = render_to_string("frontdesk/partials/live_response.html", context, request=request)
    version = hashlib.sha256(html.encode()).hexdigest()[:16]
    if request.GET.get("v") == version:
        return HttpResponse(status=204)
    return HttpResponse(html.replace(_VERSION_SLOT, version))


_VERSION_SLOT = "VERSION-OF-THIS-RENDERING"


def _live_context(request: HttpRequest, venue: Venue) -> dict:
    now = timezone.now()
    waiter = selectors.waiter_for_user(venue=venue, user_id=request.user.pk)
    mine = waiter is not None and request.GET.get("mine") == "1"
    areas = selectors.floor_areas(venue=venue, now=now, waiter_id=waiter.pk if mine else None)
    return {
        "venue": venue,
        "now": now,
        "areas": areas,
        "current": _selected_area(areas, request.GET.get("area", "")),
        "waiter": waiter,
        "mine": mine,
        "reservations": selectors.reservations_today(venue=venue, now=now),
        "open_orders": order_open_totals_by_table(venue=venue),
    }


def _selected_area(areas: list[selectors.FloorArea], area_id: str) -> selectors.FloorArea | None:
    chosen = [floor_area for floor_area in areas if str(floor_area.area.pk) == area_id]
    return (chosen or areas or [None])[0]


@staff_only
@require_GET
def table_dialog(request: HttpRequest, slug: str, table_id: int) -> HttpResponse:
    """What can be done at a table: seat guests when free, or look after its party."""
    venue = _venue_of(request, slug)
    return render(request, "frontdesk/partials/table_dialog.html", _table_context(venue, table_id))


def _table_context(venue: Venue, table_id: int) -> dict:
    now = timezone.now()
    areas = selectors.floor_areas(venue=venue, now=now)
    tile = next((tile for area in areas for tile in area.tables if tile.table.pk == table_id), None)
    if tile is None:
        raise Http404("No such table in this venue.")
    today = selectors.reservations_today(venue=venue, now=now)
    context = {
        "venue": venue,
        "tile": tile,
        "areas": areas,
        "expected_here": [r for r in today.late + today.upcoming if tile.table in r.tables.all()],
        "checked_ids": {table.pk for table in tile.party.tables.all()} if tile.party else {table_id},
        "order": order_open_totals_by_table(venue=venue).get(table_id),
    }
    if tile.party:
        context["details"] = _details_initial(venue, tile.party)
        context.update(_party_order_context(venue, tile.party))
    return context


def _party_order_context(venue: Venue, party: Party) -> dict:
    """The party's open order with each line's price, and the menu to add to it from."""
    party_order = order_open_for_party_get(party=party)
    return {
        "party_order": party_order,
        "order_lines": [(line, line_total(line.priced())) for line in party_order.lines] if party_order else [],
        "order_amounts": order_amounts(order=party_order) if party_order else None,
        "menu": product_menu(venue=venue),
    }


@staff_only
@require_GET
def reservation_dialog(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    try:
        reservation = selectors.reservation_get(venue=venue, reservation_id=reservation_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    now = timezone.now()
    context = {
        "venue": venue,
        "reservation": reservation,
        "now": now,
        "areas": selectors.floor_areas(venue=venue, now=now),
        "checked_ids": {table.pk for table in reservation.tables.all()},
        "booking": _booking_initial(venue, reservation.start_time, reservation.end_time, reservation),
    }
    return render(request, "frontdesk/partials/reservation_dialog.html", context)


@staff_only
@require_GET
def new_reservation_dialog(request: HttpRequest, slug: str) -> HttpResponse:
    venue = _venue_of(request, slug)
    now = timezone.now()
    start = timezone.localtime(now, timezone=zoneinfo.ZoneInfo(venue.timezone)).replace(minute=0, second=0) + dt.timedelta(hours=1)
    context = {
        "venue": venue,
        "areas": selectors.floor_areas(venue=venue, now=now),
        "checked_ids": set(),
        "booking": _booking_initial(venue, start, start + dt.timedelta(hours=2)),
    }
    return render(request, "frontdesk/partials/new_reservation_dialog.html", context)


def _booking_initial(venue: Venue, start: dt.datetime, end: dt.datetime, reservation=None) -> dict:
    zone = zoneinfo.ZoneInfo(venue.timezone)
    start, end = start.astimezone(zone), end.astimezone(zone)
    return {
        "name": reservation.name if reservation else "",
        "covers": reservation.covers if reservation else 2,
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "host_notes": reservation.host_notes if reservation else "",
    }


def _details_initial(venue: Venue, party: Party) -> dict:
    zone = zoneinfo.ZoneInfo(venue.timezone)
    end = timezone.localtime(party.expected_end_time, timezone=zone) if party.expected_end_time else None
    return {
        "covers": party.covers,
        "status": party.status,
        "expected_end": end.strftime("%H:%M") if end else "",
        "host_notes": party.host_notes,
    }


# Acting on the floor


@staff_only
@require_POST
def seat_walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    venue = _venue_of(request, slug)
    return _act(
        request,
        WalkInForm(request.POST),
        lambda data: services.party_seat_walk_in(venue=venue, **data),
        lambda party: {"message": f"Seated {_party_label(party)}."},
    )


@staff_only
@require_POST
def seat_reservation(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)

    def seat(data):
        return services.party_seat_reservation(
            venue=venue,
            reservation_id=reservation_id,
            table_ids=data["table_ids"] or None,
            acknowledge_reservations=data["acknowledge_reservations"],
        )

    return _act(request, SeatReservationForm(request.POST), seat, lambda party: {"message": f"Seated {_party_label(party)}."})


@staff_only
@require_POST
def create_reservation(request: HttpRequest, slug: str) -> HttpResponse:
    venue = _venue_of(request, slug)
    form = BookingForm(request.POST, venue=venue)
    return _act(
        request,
        form,
        lambda _: services.reservation_create(venue=venue, **form.booking())[0],
        lambda reservation: {"message": f"Booked {_reservation_label(venue, reservation)}."},
    )


@staff_only
@require_POST
def change_reservation(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    form = BookingForm(request.POST, venue=venue)
    return _act(
        request,
        form,
        lambda _: services.reservation_change_booking(venue=venue, reservation_id=reservation_id, **form.booking()),
        lambda reservation: {"message": f"Changed to {_reservation_label(venue, reservation)}."},
    )


@staff_only
@require_POST
def cancel_reservation(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    return _act(
        request,
        None,
        lambda _: services.reservation_delete(venue=venue, reservation_id=reservation_id),
        lambda _: {"message": "Reservation cancelled."},
    )


@staff_only
@require_POST
def mark_no_show(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    return _act(
        request,
        None,
        lambda _: services.reservation_mark_no_show(venue=venue, reservation_id=reservation_id),
        lambda reservation: {"message": f"{reservation.name} ×{reservation.covers} marked as no-show."},
    )


@staff_only
@require_POST
def move_party(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    return _act(
        request,
        MoveForm(request.POST),
        lambda data: services.party_move(venue=venue, party_id=party_id, **data),
        lambda party: {"message": f"Moved {_party_label(party)}."},
    )


@staff_only
@require_POST
def join_table(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    return _act(
        request,
        TableForm(request.POST),
        lambda data: services.party_join_table(venue=venue, party_id=party_id, **data),
        lambda party: {"message": f"Now seated: {_party_label(party)}."},
    )


@staff_only
@require_POST
def release_table(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    return _act(
        request,
        TableForm(request.POST),
        lambda data: services.party_release_table(venue=venue, party_id=party_id, table_id=data["table_id"]),
        lambda party: {"message": f"Now seated: {_party_label(party)}."},
    )


@staff_only
@require_POST
def update_party(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    try:
        party = selectors.party_get(venue=venue, party_id=party_id)
    except NotFound as exc:
        return _problem(request, exc)

    def update(data):
        return services.party_update_details(
            venue=venue,
            party_id=party_id,
            covers=data["covers"],
            status=data["status"],
            expected_end_time=data["expected_end"],
            host_notes=data["host_notes"],
        )

    form = PartyDetailsForm(request.POST, venue=venue, party=party)
    return _act(request, form, update, lambda party: {"message": f"Saved {_party_label(party)}."})


@staff_only
@require_POST
def end_party(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    return _act(
        request,
        None,
        lambda _: services.party_end(venue=venue, party_id=party_id),
        lambda party: {
            "message": f"{party.name or 'The party'} left; tables are free.",
            "undo_url": reverse("frontdesk:undo-end", args=[venue.slug, party.pk]),
        },
    )


@staff_only
@require_POST
def undo_end_party(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = _venue_of(request, slug)
    return _act(
        request,
        None,
        lambda _: services.party_end_undo(venue=venue, party_id=party_id),
        lambda party: {"message": f"Seated {_party_label(party)} again."},
    )


@staff_only
@require_POST
def add_item(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    """Add a product of the menu to the party's order, opening the order if it has none.
    The dialog stays open and shows the order as it now stands, ready for the next item."""
    venue = _venue_of(request, slug)
    form = AddItemForm(request.POST, venue=venue)
    if not form.is_valid():
        return _problem(request, InvalidInput(form_errors(form)))
    data = form.cleaned_data
    try:
        order_add_item_for_party(
            venue=venue, party_id=party_id, product=data["product"], quantity=data["quantity"],
            modifiers=list(data["modifiers"]),
        )
    except DomainError as error:
        return _problem(request, error)
    context = _table_context(venue, data["table"].pk)
    context.update(added=f"Added {data['quantity']} × {data['product'].name}.", chosen=data["product"].pk)
    response = render(request, "frontdesk/partials/table_dialog.html", context)
    response["HX-Retarget"] = "#dialog-body"
    response["HX-Reswap"] = "innerHTML"
    return trigger_client_event(response, FLOOR_CHANGED)


def _act(request: HttpRequest, form, action: Callable[[dict], object], toast: Callable[[object], dict]) -> HttpResponse:
    """Run one service call with the form's data. On success the dialog closes and a
    notice says what was done; otherwise the reason is shown where the staff member
    acted. Either way the floor refreshes."""
    if form is not None and not form.is_valid():
        return _problem(request, InvalidInput(form_errors(form)))
    try:
        result = action(form.cleaned_data if form is not None else {})
    except services.ReservationDueSoon as warning:
        response = render(request, "frontdesk/partials/due_soon.html", {"warning": warning}, status=_status(request, warning))
        return trigger_client_event(response, FLOOR_CHANGED)
    except DomainError as error:
        return _problem(request, error)
    response = render(request, "frontdesk/partials/toast.html", toast(result))
    response["HX-Retarget"] = "#toast"
    response["HX-Reswap"] = "innerHTML"
    trigger_client_event(response, "dialog-close")
    return trigger_client_event(response, FLOOR_CHANGED)


def _problem(request: HttpRequest, error: DomainError) -> HttpResponse:
    response = render(request, "frontdesk/partials/problem.html", {"error": error}, status=_status(request, error))
    return trigger_client_event(response, FLOOR_CHANGED)


def _status(request: HttpRequest, error: DomainError) -> int:
    """400, 404 or 409 for the refusal; but 200 to the floor page's own requests, for
    which a refusal is an expected answer to show, not a failed request to log."""
    if request.htmx:
        return 200
    return error.http_status


def _reservation_label(venue: Venue, reservation) -> str:
    start = timezone.localtime(reservation.start_time, timezone=zoneinfo.ZoneInfo(venue.timezone))
    tables = ", ".join(table.name for table in reservation.tables.all())
    return f"{reservation.name} ×{reservation.covers}, {start:%a %d %b %H:%M} at {tables}"


def _party_label(party: Party) -> str:
    tables = ", ".join(table.name for table in party.tables.filter(party_tables__is_active=True).order_by("name"))
    who = party.name or "Walk-in"
    covers = f" ×{party.covers}" if party.covers else ""
    return f"{who}{covers} at {tables}" if tables else f"{who}{covers}"

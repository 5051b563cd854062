"""A reservation's dialogs, and what staff do with reservations: book, change and cancel
them, seat their guests, mark a no-show."""
import datetime as dt
import zoneinfo

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bookings import selectors, services
from bookings.models import Reservation
from floorplan.models import Venue
from floorplan.ordering import table_names
from posbackoffice.kernel.errors import NotFound

from ..forms import BookingForm, SeatReservationForm
from .access import staff_only, venue_of
from .answers import act, party_label, parse_day

BOOKING_AHEAD_AT = dt.time(19)


@staff_only
@require_GET
def reservation_dialog(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
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
        # A booking of a later day is changed or cancelled, not seated.
        "later_day": reservation.start_time >= selectors.venue_day(venue=venue, now=now)[1],
    }
    return render(request, "frontdesk/partials/reservation_dialog.html", context)


@staff_only
@require_GET
def new_reservation_dialog(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_of(request, slug)
    now = timezone.now()
    start = timezone.localtime(now, timezone=zoneinfo.ZoneInfo(venue.timezone)).replace(minute=0, second=0) + dt.timedelta(hours=1)
    day = parse_day(request.GET.get("date"))
    if day and day != selectors.venue_today(venue=venue, now=now):  # booking ahead for the day on show: the evening, by default
        start = dt.datetime.combine(day, BOOKING_AHEAD_AT, tzinfo=start.tzinfo)
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
        "guest_requests": reservation.guest_requests if reservation else "",
        # Staff write down the requests of a booking they take; Dojo's are the guest's own words.
        "requests_editable": reservation is None or not reservation.dojo_reservation_id,
    }


@staff_only
@require_POST
def seat_reservation(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = venue_of(request, slug)

    def seat(data):
        return services.party_seat_reservation(
            venue=venue,
            reservation_id=reservation_id,
            table_ids=data["table_ids"] or None,
            confirmed=data["confirmed"],
        )

    return act(request, SeatReservationForm(request.POST), seat, lambda party: {"message": f"Seated {party_label(party)}."})


@staff_only
@require_POST
def create_reservation(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_of(request, slug)
    form = BookingForm(request.POST, venue=venue)
    return act(
        request,
        form,
        lambda _: services.reservation_book(venue=venue, **form.booking()),
        lambda reservation: {"message": f"Booked {_reservation_label(venue, reservation)}."},
        go_ahead="Book anyway",
    )


@staff_only
@require_POST
def change_reservation(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    form = BookingForm(request.POST, venue=venue)
    return act(
        request,
        form,
        lambda _: services.reservation_change_booking(venue=venue, reservation_id=reservation_id, **form.booking()),
        lambda reservation: {"message": f"Changed to {_reservation_label(venue, reservation)}."},
        go_ahead="Save anyway",
    )


@staff_only
@require_POST
def cancel_reservation(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        None,
        lambda _: services.reservation_delete(venue=venue, reservation_id=reservation_id),
        lambda _: {"message": "Reservation cancelled."},
    )


@staff_only
@require_POST
def mark_no_show(request: HttpRequest, slug: str, reservation_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        None,
        lambda _: services.reservation_mark_no_show(venue=venue, reservation_id=reservation_id),
        lambda reservation: {"message": f"{reservation.name} ×{reservation.covers} marked as no-show."},
    )


def _reservation_label(venue: Venue, reservation: Reservation) -> str:
    start = timezone.localtime(reservation.start_time, timezone=zoneinfo.ZoneInfo(venue.timezone))
    return f"{reservation.name} ×{reservation.covers}, {start:%a %d %b %H:%M} at {table_names(reservation.tables.all())}"

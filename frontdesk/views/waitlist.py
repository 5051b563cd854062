"""The waitlist beside the floor: groups added with the wait they were quoted, seated from
the list in one tap (as any walk-in: the same rules, questions and POS events), or gone."""
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bookings import selectors, services
from bookings.models import WaitlistEntry
from posbackoffice.kernel.errors import NotFound

from ..forms import WaitlistForm, WaitlistSeatForm
from .access import staff_only, venue_of
from .answers import act, party_label, problem

USUAL_QUOTES = (10, 15, 20, 30, 45, 60)  # minutes, offered as one-tap choices


@staff_only
@require_GET
def waitlist(request: HttpRequest, slug: str) -> HttpResponse:
    """The list beside the floor, refreshed by itself as the minutes pass."""
    venue = venue_of(request, slug)
    context = {"venue": venue, "waiting": selectors.waitlist_waiting(venue=venue, now=timezone.now())}
    return render(request, "frontdesk/partials/waitlist.html", context)


@staff_only
@require_GET
def new_entry_dialog(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_of(request, slug)
    return render(request, "frontdesk/partials/waitlist_new_dialog.html", {"venue": venue, "quotes": USUAL_QUOTES})


@staff_only
@require_POST
def add_entry(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        WaitlistForm(request.POST),
        lambda data: services.waitlist_add(venue=venue, **data),
        lambda entry: {"message": f"{entry} added to the waitlist{_quoted(entry)}."},
    )


@staff_only
@require_GET
def entry_dialog(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    """A waiting group: seat them in one tap on a free table (or on several), or let them go."""
    venue = venue_of(request, slug)
    now = timezone.now()
    try:
        entry = selectors.waitlist_entry_get(venue=venue, entry_id=entry_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    areas = selectors.floor_areas(venue=venue, now=now)
    context = {
        "venue": venue,
        "entry": entry,
        "waited": next((w for w in selectors.waitlist_waiting(venue=venue, now=now) if w.entry.pk == entry.pk), None),
        "areas": areas,
        "checked_ids": set(),
        "free_tiles": [t for area in areas for t in area.tables if t.party is None and t.state != "blocked"],
    }
    return render(request, "frontdesk/partials/waitlist_dialog.html", context)


@staff_only
@require_POST
def seat_entry(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        WaitlistSeatForm(request.POST),
        lambda data: services.waitlist_seat(venue=venue, entry_id=entry_id, **data),
        lambda party: {"message": f"Seated {party_label(party)} from the waitlist."},
    )


@staff_only
@require_POST
def mark_left(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        None,
        lambda _: services.waitlist_mark_left(venue=venue, entry_id=entry_id),
        lambda entry: {"message": f"{entry} left the waitlist."},
    )


@staff_only
@require_POST
def remove_entry(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    try:
        entry = selectors.waitlist_entry_get(venue=venue, entry_id=entry_id)
    except NotFound as exc:
        return problem(request, exc)
    return act(
        request,
        None,
        lambda _: services.waitlist_remove(venue=venue, entry_id=entry_id),
        lambda _: {"message": f"{entry} removed from the waitlist."},
    )


def _quoted(entry: WaitlistEntry) -> str:
    return f", quoted {entry.quoted_minutes} min" if entry.quoted_minutes is not None else ""

"""What staff do with a party: seat walk-ins, move it, join or release a table, change its
details, end it and undo that."""
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookings import selectors, services
from orders.services import party_end_with_bill
from posbackoffice.kernel.errors import NotFound

from ..bill_forms import EndPartyForm
from ..forms import MoveForm, PartyDetailsForm, TableForm, WalkInForm
from .access import staff_only, venue_of
from .answers import act, party_label, problem


@staff_only
@require_POST
def seat_walk_in(request: HttpRequest, slug: str) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        WalkInForm(request.POST),
        lambda data: services.party_seat_walk_in(venue=venue, **data),
        lambda party: {"message": f"Seated {party_label(party)}."},
    )


@staff_only
@require_POST
def move_party(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        MoveForm(request.POST),
        lambda data: services.party_move(venue=venue, party_id=party_id, **data),
        lambda party: {"message": f"Moved {party_label(party)}."},
        go_ahead="Move anyway",
    )


@staff_only
@require_POST
def join_table(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        TableForm(request.POST),
        lambda data: services.party_join_table(venue=venue, party_id=party_id, **data),
        lambda party: {"message": f"Now seated: {party_label(party)}."},
        go_ahead="Join anyway",
    )


@staff_only
@require_POST
def release_table(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        TableForm(request.POST),
        lambda data: services.party_release_table(venue=venue, party_id=party_id, table_id=data["table_id"]),
        lambda party: {"message": f"Now seated: {party_label(party)}."},
    )


@staff_only
@require_POST
def update_party(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    try:
        party = selectors.party_get(venue=venue, party_id=party_id)
    except NotFound as exc:
        return problem(request, exc)

    def update(data):
        return services.party_update_details(
            venue=venue,
            party_id=party_id,
            covers=data["covers"],
            status=data["status"],
            expected_end_time=data["expected_end"],
            host_notes=data["host_notes"],
            waiter_id=data["waiter"].pk if data["waiter"] else None,
            confirmed=data["confirmed"],
        )

    form = PartyDetailsForm(request.POST, venue=venue, party=party)
    return act(request, form, update, lambda party: {"message": f"Saved {party_label(party)}."}, go_ahead="Save anyway")


@staff_only
@require_POST
def end_party(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    """The guests have left; with money left to pay, staff are asked first (settle now, or
    end anyway: the bill then waits among the unsettled bills)."""
    venue = venue_of(request, slug)
    form = EndPartyForm(request.POST)
    return act(
        request,
        form,
        lambda data: party_end_with_bill(venue=venue, party_id=party_id, end_anyway=data["end_anyway"]),
        lambda party: {
            "message": f"{party.name or 'The party'} left; tables are free."
            + (" Their bill waits in Unsettled bills." if form.cleaned_data["end_anyway"] else ""),
            "undo_url": reverse("frontdesk:undo-end", args=[venue.slug, party.pk]),
        },
    )


@staff_only
@require_POST
def undo_end_party(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    venue = venue_of(request, slug)
    return act(
        request,
        None,
        lambda _: services.party_end_undo(venue=venue, party_id=party_id),
        lambda party: {"message": f"Seated {party_label(party)} again."},
    )

"""How the floor view answers an action: a notice of what was done, the question to answer
first, or the reason it was refused, shown where the staff member acted; either way the
floor refreshes."""
import datetime as dt
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import trigger_client_event

from bookings.models import Party
from bookings.services import NeedsConfirmation
from floorplan.ordering import table_names
from orders.services import BillLeftToPay
from posbackoffice.kernel.errors import Conflict, DomainError, InvalidInput, NotFound

from ..forms import form_errors

FLOOR_CHANGED = "floor-changed"


def act(
    request: HttpRequest,
    form,
    action: Callable[[dict], object],
    toast: Callable[[object], dict],
    *,
    go_ahead: str = "Seat anyway",
) -> HttpResponse:
    """Run one service call with the form's data. On success the dialog closes and a
    notice says what was done; a question comes back with a `go_ahead` button that sends
    the form again, confirmed; otherwise the reason is shown where the staff member acted.
    Either way the floor refreshes."""
    if form is not None and not form.is_valid():
        return problem(request, InvalidInput(form_errors(form)))
    try:
        result = action(form.cleaned_data if form is not None else {})
    except NeedsConfirmation as question:
        context = {"question": question, "go_ahead": go_ahead}
        response = render(request, "frontdesk/partials/confirm.html", context, status=status(request, question))
        return trigger_client_event(response, FLOOR_CHANGED)
    except BillLeftToPay as warning:
        response = render(request, "frontdesk/partials/bill_left_to_pay.html", {"warning": warning},
                          status=status(request, warning))
        return trigger_client_event(response, FLOOR_CHANGED)
    except DomainError as error:
        return problem(request, error)
    response = render(request, "frontdesk/partials/toast.html", toast(result))
    response["HX-Retarget"] = "#toast"
    response["HX-Reswap"] = "innerHTML"
    trigger_client_event(response, "dialog-close")
    return trigger_client_event(response, FLOOR_CHANGED)


def problem(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The reason shown in place; a conflict or a vanished entity also tells the page that
    what it showed is stale, so the dialog is fetched afresh."""
    stale = isinstance(error, (Conflict, NotFound))
    response = render(request, "frontdesk/partials/problem.html", {"error": error, "stale": stale}, status=status(request, error))
    return trigger_client_event(response, FLOOR_CHANGED)


def status(request: HttpRequest, error: DomainError) -> int:
    """400, 404 or 409 for the refusal; but 200 to the floor page's own requests, for
    which a refusal is an expected answer to show, not a failed request to log."""
    if request.htmx:
        return 200
    return error.http_status


def party_label(party: Party) -> str:
    """Who, how many and where, for a notice: "Okafor ×5 at T4, T5"."""
    tables = table_names(party.tables.filter(party_tables__is_active=True))
    who = party.name or "Walk-in"
    covers = f" ×{party.covers}" if party.covers else ""
    return f"{who}{covers} at {tables}" if tables else f"{who}{covers}"


def parse_day(value: str | None) -> dt.date | None:
    """A date from the query string (`?date=2026-06-13`), or None when absent or unreadable."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None

"""Adding items to a party's order from the table dialog."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from orders.services import order_add_item_for_party
from posbackoffice.kernel.errors import DomainError, InvalidInput

from ..forms import AddItemForm, form_errors
from .access import staff_only, venue_of
from .answers import FLOOR_CHANGED, problem
from .floor import table_context


@staff_only
@require_POST
def add_item(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    """Add a product of the menu to the party's order, opening the order if it has none.
    The dialog stays open and shows the order as it now stands, ready for the next item."""
    venue = venue_of(request, slug)
    form = AddItemForm(request.POST, venue=venue)
    if not form.is_valid():
        return problem(request, InvalidInput(form_errors(form)))
    data = form.cleaned_data
    try:
        order_add_item_for_party(
            venue=venue, party_id=party_id, product=data["product"], quantity=data["quantity"],
            modifiers=list(data["modifiers"]),
        )
    except DomainError as error:
        return problem(request, error)
    context = table_context(venue, data["table"].pk, request.user.pk)
    context.update(added=f"Added {data['quantity']} × {data['product'].name}.", chosen=data["product"].pk)
    response = render(request, "frontdesk/partials/table_dialog.html", context)
    response["HX-Retarget"] = "#dialog-body"
    response["HX-Reswap"] = "innerHTML"
    return trigger_client_event(response, FLOOR_CHANGED)

"""The bill on the floor: taking payments, splitting, correcting, moving and merging orders,
the printed receipt and the unsettled bills.

Each action reads its form, calls one orders service, and answers with the dialog it was
sent from drawn afresh (the table's, or the order's own when there is no table), with what
was done or why it was refused at the top: a refusal (Dojo's lock, a payment made meanwhile
on Dojo) then shows the bill as it now stands.
"""
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from floorplan.models import Venue
from orders import selectors, services
from orders.models import OrderPayment, OrderStatus
from orders.values import Money
from posbackoffice.kernel.errors import DomainError, InvalidInput, NotFound

from ..bill_forms import (
    BillForm,
    DiscountForm,
    MergeForm,
    MoveOrderForm,
    PaymentForm,
    SplitByItemsForm,
    SplitEquallyForm,
    VoidForm,
    WriteOffForm,
)
from ..forms import form_errors
from .access import staff_only, venue_of
from .answers import FLOOR_CHANGED, party_label
from .floor import table_context


@staff_only
@require_GET
def order_dialog(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    """An order's bill on its own: for an order whose party has left."""
    venue = venue_of(request, slug)
    return render(request, "frontdesk/partials/order_dialog.html", _order_context(request, venue, order_id))


@staff_only
@require_GET
def receipt(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    """The bill to print on an 80 mm receipt printer, through the browser's print dialog:
    Dojo's bill (`GetOrderBillById`) laid out on paper, with what was voided."""
    venue = venue_of(request, slug)
    try:
        staff_bill = selectors.order_staff_bill(venue=venue, order_id=order_id)
    except NotFound as missing:
        raise Http404(str(missing))
    return render(request, "frontdesk/receipt.html", {"venue": venue, "staff_bill": staff_bill})


@staff_only
@require_GET
def unsettled(request: HttpRequest, slug: str) -> HttpResponse:
    """Bills the guests left without paying in full, until they are paid or written off."""
    venue = venue_of(request, slug)
    return render(request, "frontdesk/partials/unsettled_dialog.html",
                  {"venue": venue, "orders": selectors.orders_unsettled(venue=venue)})


@staff_only
@require_POST
def take_payment(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    def take(venue, form):
        return services.order_take_payment(venue=venue, order_id=order_id, payment=form.payment(venue.currency))

    return _bill_action(request, slug, order_id, PaymentForm, take, _paid)


@staff_only
@require_POST
def split_equally(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    def split(venue, form):
        return services.order_split_equally(venue=venue, order_id=order_id, guests=form.cleaned_data["guests"])

    return _bill_action(request, slug, order_id, SplitEquallyForm, split, lambda order: "The bill is split.")


@staff_only
@require_POST
def split_by_items(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    def split(venue, form):
        return services.order_split_by_items(
            venue=venue, order_id=order_id, guests=form.cleaned_data["guests"], items_of=form.items_of()
        )

    return _bill_action(request, slug, order_id, SplitByItemsForm, split, lambda order: "The bill is split by items.")


@staff_only
@require_POST
def void_item(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    def void(venue, form):
        data = form.cleaned_data
        return services.order_void_item(
            venue=venue, order_id=order_id, item_id=data["item"], quantity=data["quantity"], reason=data["reason"]
        )

    return _bill_action(request, slug, order_id, VoidForm, void, lambda order: "Voided.")


@staff_only
@require_POST
def discount(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    def give(venue, form):
        return services.order_discount(venue=venue, order_id=order_id, discount=form.discount(venue.currency))

    return _bill_action(request, slug, order_id, DiscountForm, give, lambda order: "Discount given.")


@staff_only
@require_POST
def write_off(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    def write(venue, form):
        return services.order_write_off(venue=venue, order_id=order_id, reason=form.cleaned_data["reason"])

    return _bill_action(request, slug, order_id, WriteOffForm, write, lambda order: "Written off; the bill is settled.")


@staff_only
@require_POST
def move_order(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    def move(venue, form):
        party_id, table_id = form.target()
        return services.order_move(venue=venue, order_id=order_id, party_id=party_id, table_id=table_id)

    return _bill_action(request, slug, order_id, MoveOrderForm, move,
                        lambda order: f"Moved to {party_label(order.party)}.")


@staff_only
@require_POST
def merge_parties(request: HttpRequest, slug: str, party_id: int) -> HttpResponse:
    """Seat another party with this one, with one bill."""

    def merge(venue, form):
        services.party_orders_merge(venue=venue, party_id=party_id, other_party_id=form.cleaned_data["other_party"])

    return _bill_action(request, slug, None, MergeForm, merge, lambda _: "Seated together, with one bill.")


def _bill_action(request: HttpRequest, slug: str, order_id: int | None, form_class: type[BillForm],
                 action: Callable, notice: Callable) -> HttpResponse:
    venue = venue_of(request, slug)
    form = form_class(request.POST)
    table_id = _table_of(request)
    if not form.is_valid():
        return _answer(request, venue, order_id, table_id, error=InvalidInput(form_errors(form)))
    try:
        result = action(venue, form)
    except DomainError as error:
        return _answer(request, venue, order_id, table_id, error=error)
    return _answer(request, venue, order_id, table_id, notice=notice(result))


def _table_of(request: HttpRequest) -> int | None:
    try:
        return int(request.POST["table"])
    except (KeyError, ValueError):
        return None


def _answer(request: HttpRequest, venue: Venue, order_id: int | None, table_id: int | None, *,
            notice: str = "", error: DomainError | None = None) -> HttpResponse:
    """The dialog the action came from, drawn afresh, with its outcome at the top."""
    if table_id is not None:
        template, context = "frontdesk/partials/table_dialog.html", table_context(venue, table_id, request.user.pk)
    else:
        template, context = "frontdesk/partials/order_dialog.html", _order_context(request, venue, order_id)
    context.update(notice=notice, error=error)
    response = render(request, template, context)
    response["HX-Retarget"] = "#dialog-body"
    response["HX-Reswap"] = "innerHTML"
    return trigger_client_event(response, FLOOR_CHANGED)


def _order_context(request: HttpRequest, venue: Venue, order_id: int) -> dict:
    try:
        staff_bill = selectors.order_staff_bill(venue=venue, order_id=order_id)
    except NotFound as missing:
        raise Http404(str(missing))
    return {"venue": venue, "staff_bill": staff_bill,
            "may_correct": selectors.staff_may_correct(venue=venue, user_id=request.user.pk)}


def _paid(payment: OrderPayment) -> str:
    currency = payment.order.currency
    how = f"in cash (tendered {Money(payment.tendered, currency)})" if payment.method == OrderPayment.Method.CASH \
        else f"by card (ref. {payment.card_reference})"
    said = [f"Paid {Money(payment.paid_amount, currency)} {how}."]
    if payment.tips_amount:
        said.append(f"Tip {Money(payment.tips_amount, currency)}.")
    if payment.change_due:
        said.append(f"Change due: {Money(payment.change_due, currency)}.")
    if payment.order.status == OrderStatus.FINALIZED:
        said.append("The bill is paid in full.")
    return " ".join(said)

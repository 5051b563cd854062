"""The bill on the floor through Django's test client: one party, one bill, on each of its
tables; taking payments, splitting, ending a party with money left, the unsettled bills."""
import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from bookings.models import Party
from bookings.services import party_seat_walk_in
from orders import services
from orders.models import CorrectionGrant, Order, OrderPayment, OrderShare
from posbackoffice.dojo.credentials import epos_credential_set
from posbackoffice.kernel.actor import Actor, Source, acting_as
from rest_framework.test import APIClient
from tests.epos.conftest import PASSWORD, basic_auth

from ..factories import PartyFactory
from ..orders.factories import ProductFactory
from .floors import triggers, url

HTMX = {"HX-Request": "true"}
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def party(floor):
    """Patel, seated at T1 and T2 (joined), with two burgers and two lagers: £36.00."""
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"], floor.tables["T2"]], name="Patel", covers=3)
    burger = ProductFactory(venue=floor.venue, name="Burger", price=1250)
    lager = ProductFactory(venue=floor.venue, name="Lager", price=550)
    services.order_add_item_for_party(venue=floor.venue, party_id=party.pk, product=burger, quantity=2)
    services.order_add_item_for_party(venue=floor.venue, party_id=party.pk, product=lager, quantity=2)
    return party


@pytest.fixture
def order(party):
    return Order.objects.get(party=party)


@pytest.fixture
def epos_client(floor):
    """Dojo, calling the EPOS Data API for the floor's venue."""
    credential, _ = epos_credential_set(venue=floor.venue, username="dojo-lantern", password=PASSWORD)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic_auth(credential.username, PASSWORD))
    return client


def text(response) -> str:
    return unescape(response.content.decode())


def dialog(client, floor, table="T1") -> str:
    return text(client.get(url("table", floor.venue.slug, floor.tables[table].pk)))


def pay(client, floor, order, *, table="T1", **data):
    data = {"table": floor.tables[table].pk, "method": "cash", "amount": "36.00", "key": "form-key-0001", **data}
    return client.post(url("pay", floor.venue.slug, order.pk), data, headers=HTMX)


# One party, one bill, on each of its tables


def test_every_table_of_the_party_shows_its_bill(staff, floor, party, order):
    for table in ("T1", "T2"):
        html = dialog(staff, floor, table)
        assert "Open order: 36.00 GBP, 36.00 GBP left to pay." in html
        assert f'id="bill-{order.pk}"' in html
        assert "Total <strong>36.00 GBP</strong>, 36.00 GBP left to pay." in html


def test_each_tile_of_the_party_shows_what_is_left_to_pay(staff, floor, party, order):
    html = text(staff.get(url("venue-floor", floor.venue.slug)))

    for table in ("T1", "T2"):
        tile = re.search(rf'<button type="button" id="tile-{floor.tables[table].pk}".*?</button>', html, re.S).group()
        assert "36.00 GBP left to pay" in tile
        assert '<span class="line due">36.00 GBP</span>' in tile


def test_a_party_that_left_never_lends_its_bill_to_the_next(staff, floor, party, order):
    staff.post(url("end", floor.venue.slug, party.pk), {"end_anyway": "on"}, headers=HTMX)
    with acting_as(Actor(source=Source.STAFF)):
        party_seat_walk_in(venue=floor.venue, table_ids=[floor.tables["T1"].pk], covers=2)

    html = dialog(staff, floor, "T1")
    floor_page = text(staff.get(url("venue-floor", floor.venue.slug)))

    assert "No order yet." in html
    assert "Open order" not in html and "36.00" not in html
    assert "open order" not in re.search(rf'id="tile-{floor.tables["T1"].pk}".*?</button>', floor_page, re.S).group()
    assert "Unsettled bills (1)" in floor_page


# Ending a party with money left to pay


def test_ending_a_party_with_money_left_asks_first(staff, floor, party, order):
    response = staff.post(url("end", floor.venue.slug, party.pk), headers=HTMX)

    assert "Patel still has £36.00 left to pay." in text(response)
    assert 'name="end_anyway"' in text(response) and "Settle now" in text(response)
    assert Party.objects.get(pk=party.pk).end_time is None


def test_ending_anyway_leaves_the_bill_among_the_unsettled(staff, floor, party, order):
    response = staff.post(url("end", floor.venue.slug, party.pk), {"end_anyway": "on"}, headers=HTMX)

    assert triggers(response) == {"floor-changed", "dialog-close"}
    assert "Their bill waits in Unsettled bills." in text(response)
    unsettled = text(staff.get(url("unsettled", floor.venue.slug)))
    assert "Patel" in unsettled and "36.00 GBP left to pay" in unsettled


def test_a_paid_party_ends_without_a_question(staff, floor, party, order):
    pay(staff, floor, order)

    response = staff.post(url("end", floor.venue.slug, party.pk), headers=HTMX)

    assert triggers(response) == {"floor-changed", "dialog-close"}
    assert Party.objects.get(pk=party.pk).end_time is not None


# Taking payments


def test_cash_with_change_due(staff, floor, order):
    response = pay(staff, floor, order, amount="20.00", tendered="50")

    html = text(response)
    assert (response.headers["HX-Retarget"], triggers(response)) == ("#dialog-body", {"floor-changed"})
    assert "Paid £20.00 in cash (tendered £50.00). Change due: £30.00." in html
    assert "Total <strong>36.00 GBP</strong>, 16.00 GBP left to pay." in html
    assert "Cash 20.00 GBP · tendered 50.00 GBP, change 30.00 GBP" in html


def test_the_payment_form_sent_twice_records_one_payment(staff, floor, order):
    pay(staff, floor, order, amount="10.00")
    pay(staff, floor, order, amount="10.00")

    assert OrderPayment.objects.filter(order=order).count() == 1


def test_each_bill_drawn_has_a_fresh_payment_key(staff, floor, order):
    keys = [re.search(r'name="key" value="(\w+)"', dialog(staff, floor)).group(1) for _ in range(2)]

    assert keys[0] != keys[1]


def test_paying_by_card_in_full_finalises_the_order(staff, floor, order):
    html = text(pay(staff, floor, order, method="card", card_reference="AUTH 991", tip="4"))

    assert "Paid £36.00 by card (ref. AUTH 991). Tip £4.00. The bill is paid in full." in html
    assert "paid in full." in html
    assert Order.objects.get(pk=order.pk).status == "Finalized"


def test_a_refused_payment_shows_why_on_the_bill_as_it_stands(staff, floor, order):
    services.order_lock_create(venue=floor.venue, order_id=order.pk, lock_id="lock-9",
                               expires_at=timezone.now() + dt.timedelta(minutes=2))

    html = text(pay(staff, floor, order))

    assert re.search(r'role="alert">Order \d+ is being paid on a Dojo terminal \(lock lock-9 until', html)
    assert "Being paid on a Dojo terminal until" in html
    assert 'name="key"' not in html  # no payment form while Dojo holds the lock
    assert not OrderPayment.objects.exists()


def test_unreadable_amounts_are_named(staff, floor, order):
    html = text(pay(staff, floor, order, amount="lots"))

    assert "amount: 'lots' is not an amount: write it like 12.50." in html
    assert not OrderPayment.objects.exists()


def test_paying_needs_the_csrf_token(host, floor, order):
    client = Client(enforce_csrf_checks=True)
    client.force_login(host)

    assert pay(client, floor, order).status_code == 403
    assert not OrderPayment.objects.exists()


def test_another_venues_order_is_not_found(staff, floor, order):
    other = PartyFactory(name="Elsewhere")
    theirs = services.order_open_for_party(party=other)

    assert staff.get(url("receipt", floor.venue.slug, theirs.pk)).status_code == 404
    assert staff.get(url("order", floor.venue.slug, theirs.pk)).status_code == 404
    assert "no order" in text(pay(staff, floor, theirs)).lower()


# Splitting


def test_split_three_ways_offers_a_payment_per_share(staff, floor, order):
    html = text(staff.post(url("split", floor.venue.slug, order.pk), {"table": floor.tables["T1"].pk, "guests": 3},
                           headers=HTMX))

    assert "The bill is split." in html
    assert [s.amount for s in OrderShare.objects.filter(order=order)] == [1200, 1200, 1200]
    for guest in (1, 2, 3):
        assert f"Take payment for guest {guest}" in html


def test_split_by_items(staff, floor, order):
    burgers, lagers = order.items.order_by("position")

    staff.post(url("split-by-items", floor.venue.slug, order.pk),
               {"table": floor.tables["T1"].pk, "guests": 2, f"item-{burgers.pk}": "1", f"item-{lagers.pk}": "2"},
               headers=HTMX)

    assert [s.amount for s in OrderShare.objects.filter(order=order)] == [2500, 1100]


# Corrections


def test_voids_and_discounts_are_offered_only_to_staff_allowed_them(staff, host, floor, order):
    assert "need a manager's permission" in dialog(staff, floor)
    refused = text(staff.post(url("discount", floor.venue.slug, order.pk),
                              {"table": floor.tables["T1"].pk, "value": "10", "kind": "percentage", "reason": "x"},
                              headers=HTMX))
    assert "ask a manager" in refused

    CorrectionGrant.objects.create(venue=floor.venue, user=host)

    assert "Void or discount" in dialog(staff, floor)
    html = text(staff.post(url("discount", floor.venue.slug, order.pk),
                           {"table": floor.tables["T1"].pk, "value": "10 %", "kind": "percentage", "reason": "Birthday"},
                           headers=HTMX))
    assert "Birthday <small>(10 %)</small>" in html and "−3.60 GBP" in html
    burgers = order.items.order_by("position").first()
    html = text(staff.post(url("void", floor.venue.slug, order.pk),
                           {"table": floor.tables["T1"].pk, "item": burgers.pk, "quantity": 1, "reason": "Sent back"},
                           headers=HTMX))
    assert "<s>Burger</s> <small>voided: Sent back</small>" in html
    assert Order.objects.get(pk=order.pk).total_amount == 2115  # 23.50 less 10 %


# The printed bill


def test_the_receipt_prints_the_figures_of_dojos_bill(staff, floor, order, epos_client):
    pay(staff, floor, order, amount="10.00", method="card", card_reference="R-1")
    floor.venue.address = "1 Lantern Yard\nLondon\nE1 6AN"
    floor.venue.save()

    receipt = text(staff.get(url("receipt", floor.venue.slug, order.pk)))
    bill = epos_client.get(f"/epos/v1/orders/{order.pk}/bill").json()

    texts = [line["text"]["value"] for section in ("header", "footer") for line in bill[section]["lines"]
             if line["lineType"] == "Text"]
    assert texts and all(value in receipt for value in texts)
    assert "The Lantern" in receipt and "E1 6AN" in receipt
    assert "VAT 20% included" in receipt and "£6.00" in receipt
    assert "Left to pay £26.00" in receipt
    assert '<link rel="stylesheet" href="/static/frontdesk/receipt.css">' in receipt
    assert "@page { size: 80mm auto" in (PROJECT / "static" / "frontdesk" / "receipt.css").read_text()


# Moving and merging


def test_an_order_moves_to_another_table_and_two_parties_sit_together(staff, floor, party, order):
    okafor = PartyFactory(venue=floor.venue, tables=[floor.tables["T4"]], name="Okafor")
    moved = text(staff.post(url("move-order", floor.venue.slug, order.pk),
                            {"table": floor.tables["T1"].pk, "to": f"{okafor.pk}-{floor.tables['T4'].pk}"},
                            headers=HTMX))
    assert "Moved to Okafor ×2 at T4." in moved
    assert Order.objects.get(pk=order.pk).party == okafor

    merged = text(staff.post(url("merge", floor.venue.slug, okafor.pk),
                             {"table": floor.tables["T4"].pk, "other_party": party.pk}, headers=HTMX))

    assert "Seated together, with one bill." in merged
    assert Party.objects.get(pk=party.pk).end_time is not None
    assert sorted(Party.objects.get(pk=okafor.pk).tables.values_list("name", flat=True)) == ["T1", "T2", "T4"]


# The unsettled bills


def test_the_manager_writes_off_an_unsettled_bill(staff, host, floor, party, order):
    CorrectionGrant.objects.create(venue=floor.venue, user=host)
    staff.post(url("end", floor.venue.slug, party.pk), {"end_anyway": "on"}, headers=HTMX)

    bill = text(staff.get(url("order", floor.venue.slug, order.pk)))
    written = text(staff.post(url("write-off", floor.venue.slug, order.pk), {"reason": "Walked out"}, headers=HTMX))

    assert "Write off 36.00 GBP" in bill
    assert "Written off; the bill is settled." in written and "Written off: Walked out" in written
    assert "No unsettled bills." in text(staff.get(url("unsettled", floor.venue.slug)))
    assert "Unsettled bills (" not in text(staff.get(url("venue-floor", floor.venue.slug)))

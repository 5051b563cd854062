"""Adding items to a party's order from the table dialog, through Django's test client."""
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from bookings.services import party_end
from orders import services
from orders.models import Order
from posbackoffice.kernel.actor import Actor, Source, acting_as
from posbackoffice.dojo.config import dojo_settings_set
from posbackoffice.dojo.models import OutboxEvent

from ..factories import PartyFactory
from ..orders.factories import ProductFactory, ProductModifierFactory, in_minutes
from .floors import build_floor, triggers


@pytest.fixture
def party(floor):
    return PartyFactory(venue=floor.venue, tables=[floor.tables["T1"]], name="Patel")


@pytest.fixture
def burger(floor):
    return ProductFactory(venue=floor.venue, name="Burger", price=1250)


def add_item(client, floor, party, *, table="T1", htmx=True, **data):
    data = {"table": floor.tables[table].pk, "quantity": 1, **data}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("frontdesk:add-item", args=[floor.venue.slug, party.pk]), data, headers=headers)


def text(response) -> str:
    return unescape(response.content.decode())


def test_the_dialog_of_a_seated_table_offers_the_menu(staff, floor, party, burger):
    ProductFactory(venue=floor.venue, name="Retired dish", is_active=False)
    ProductFactory(name="Elsewhere dish")

    html = staff.get(reverse("frontdesk:table", args=[floor.venue.slug, floor.tables["T1"].pk])).content.decode()

    assert "No order yet." in html
    assert f'<option value="{burger.pk}">Burger · 12.50 GBP</option>' in html
    assert "Retired dish" not in html and "Elsewhere dish" not in html


def test_adding_an_item_opens_the_order_and_the_dialog_shows_the_new_total(staff, floor, party, burger):
    response = add_item(staff, floor, party, product=burger.pk, quantity=2)

    order = Order.objects.get(party=party)
    html = response.content.decode()
    assert response.status_code == 200
    assert (response.headers["HX-Retarget"], response.headers["HX-Reswap"]) == ("#dialog-body", "innerHTML")
    assert triggers(response) == {"floor-changed"}
    assert [(line.name, line.quantity) for line in order.items.all()] == [("Burger", 2)]
    assert order.total_amount == 2500 and order.table == floor.tables["T1"]
    assert "Added 2 × Burger." in html
    assert "Total <strong>25.00 GBP</strong>, 25.00 GBP left to pay." in html
    assert "Open order: 25.00 GBP, 25.00 GBP left to pay." in html


def test_adding_to_an_open_order_extends_it_with_the_chosen_modifiers(staff, floor, party, burger):
    cheese = ProductModifierFactory(product=burger, name="Cheese", price=150)
    ProductModifierFactory(product=burger, name="Bacon", price=200)
    order = services.order_open_for_party(party=party)
    services.order_add_item(venue=floor.venue, order_id=order.pk, product=burger)

    response = add_item(staff, floor, party, product=burger.pk, quantity=1, modifiers=[cheese.pk])

    order = Order.objects.get(party=party)
    assert Order.objects.filter(party=party).count() == 1
    assert [list(line.modifiers.values_list("name", flat=True)) for line in order.items.all()] == [[], ["Cheese"]]
    assert order.total_amount == 1250 + 1400
    assert "Total <strong>26.50 GBP</strong>" in response.content.decode()


def test_the_order_shows_on_every_table_of_the_party(staff, floor, burger):
    party = PartyFactory(venue=floor.venue, tables=[floor.tables["T1"], floor.tables["T2"]])

    response = add_item(staff, floor, party, table="T2", product=burger.pk)

    html = response.content.decode()
    assert '<h2 id="dialog-title">T2' in html
    assert "Total <strong>12.50 GBP</strong>" in html


def test_another_venues_product_or_modifier_is_refused_and_changes_nothing(staff, floor, party, burger):
    foreign = ProductFactory(name="Elsewhere dish")
    foreign_modifier = ProductModifierFactory(product=foreign)

    by_product = add_item(staff, floor, party, htmx=False, product=foreign.pk)
    by_modifier = add_item(staff, floor, party, htmx=False, product=burger.pk, modifiers=[foreign_modifier.pk])

    assert (by_product.status_code, by_modifier.status_code) == (400, 400)
    assert "Pick an item of this venue's menu." in text(by_product)
    assert "Pick modifiers of this venue's menu." in text(by_modifier)
    assert not Order.objects.exists()


def test_another_venues_party_is_not_found_and_changes_nothing(staff, floor, burger):
    other = build_floor(slug="the-other-place")
    stranger = PartyFactory(venue=other.venue, tables=[other.tables["T1"]])

    response = add_item(staff, floor, stranger, htmx=False, product=burger.pk)

    assert response.status_code == 404
    assert not Order.objects.exists()


def test_another_venues_table_is_refused(staff, floor, party, burger):
    other = build_floor(slug="the-other-place")

    response = staff.post(
        reverse("frontdesk:add-item", args=[floor.venue.slug, party.pk]),
        {"table": other.tables["T1"].pk, "product": burger.pk, "quantity": 1},
    )

    assert response.status_code == 400
    assert not Order.objects.exists()


def test_a_modifier_of_another_product_is_explained_in_place(staff, floor, party, burger):
    fries = ProductFactory(venue=floor.venue, name="Fries")
    salt = ProductModifierFactory(product=fries, name="Sea salt")

    response = add_item(staff, floor, party, product=burger.pk, modifiers=[salt.pk])

    assert "HX-Retarget" not in response.headers
    assert "Only Burger's own modifiers can be added to it." in text(response)
    assert not Order.objects.exists()


def test_an_order_locked_by_dojo_shows_the_conflict_in_place_and_changes_nothing(staff, floor, party, burger):
    order = services.order_open_for_party(party=party)
    services.order_add_item(venue=floor.venue, order_id=order.pk, product=burger)
    with acting_as(Actor(source=Source.EPOS_API)):
        services.order_lock_create(venue=floor.venue, order_id=order.pk, lock_id="lock-1", expires_at=in_minutes(5))

    from_page = add_item(staff, floor, party, product=burger.pk, quantity=3)
    from_script = add_item(staff, floor, party, htmx=False, product=burger.pk, quantity=3)

    html = from_page.content.decode()
    assert (from_page.status_code, from_script.status_code) == (200, 409)
    assert "HX-Retarget" not in from_page.headers
    assert triggers(from_page) == {"floor-changed"}
    assert 'role="alert"' in html and "being paid on a Dojo terminal (lock lock-1 until" in html
    assert Order.objects.get(pk=order.pk).items.count() == 1
    assert Order.objects.get(pk=order.pk).total_amount == 1250


def test_a_party_that_has_left_gets_no_new_order(staff, floor, party, burger):
    party_end(venue=floor.venue, party_id=party.pk)

    response = add_item(staff, floor, party, product=burger.pk)

    assert "has left; their orders are closed." in response.content.decode()
    assert not Order.objects.exists()


def test_adding_an_item_needs_login(client, floor, party, burger):
    response = add_item(client, floor, party, htmx=False, product=burger.pk)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Order.objects.exists()


def test_adding_an_item_needs_the_csrf_token(host, floor, party, burger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(host)

    refused = add_item(client, floor, party, product=burger.pk)
    page = client.get(reverse("frontdesk:floor"))
    token = re.search(r'"x-csrftoken": "([^"]+)"', page.content.decode()).group(1)
    accepted = client.post(
        reverse("frontdesk:add-item", args=[floor.venue.slug, party.pk]),
        {"table": floor.tables["T1"].pk, "product": burger.pk, "quantity": 1},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert Order.objects.get(party=party).items.count() == 1


def test_adding_an_item_emits_order_updated(staff, floor, party, burger):
    dojo_settings_set(venue=floor.venue, api_key="sk_sandbox_floor0123456789", software_house_id="pos-back-office")
    order = services.order_open_for_party(party=party)
    OutboxEvent.objects.all().delete()

    add_item(staff, floor, party, product=burger.pk)

    pending = OutboxEvent.objects.filter(status=OutboxEvent.Status.PENDING)
    assert set(pending.values_list("event_type", "entity_id")) == {(OutboxEvent.EventType.ORDER_UPDATED, str(order.pk))}

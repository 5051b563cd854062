"""Admin: the catalogue is edited there, orders are read there and only cancelled through the service."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from orders import services
from orders.models import CorrectionGrant, Product

from .factories import ProductFactory, dojo_order


@pytest.fixture
def manager(client, django_user_model, venue):
    user = django_user_model.objects.create_user(username="manager", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="orders"))
    venue.staff.add(user)
    client.force_login(user)
    return user


def add_product(client, venue, **fields):
    return client.post(reverse("admin:orders_product_add"), {
        "venue": venue.pk, "name": "Burger", "plu": "BURGER", "price": "12.50", "tax_rate": "20 %",
        "category": "Mains", "is_active": "on",
        "modifiers-TOTAL_FORMS": 1, "modifiers-INITIAL_FORMS": 0,
        "modifiers-0-name": "Cheese", "modifiers-0-plu": "CHEESE", "modifiers-0-price": "1.50",
        **fields,
    })


@pytest.mark.django_db
def test_a_manager_adds_a_product_with_prices_and_rate_as_people_write_them(client, manager, venue):
    response = add_product(client, venue)

    assert response.status_code == 302
    product = Product.objects.get(plu="BURGER")
    assert (product.price, product.tax_rate, product.category) == (1250, 2000, "Mains")
    assert [(m.name, m.price) for m in product.modifiers.all()] == [("Cheese", 150)]


@pytest.mark.django_db
@pytest.mark.parametrize(("price", "rate", "stored"), [("£9", "5%", (900, 500)), ("0.99", "12.5 %", (99, 1250)),
                                                      ("7,5", "0", (750, 0))])
def test_prices_and_rates_are_read_in_the_ways_people_write_them(client, manager, venue, price, rate, stored):
    add_product(client, venue, price=price, tax_rate=rate)

    product = Product.objects.get(plu="BURGER")
    assert (product.price, product.tax_rate) == stored


@pytest.mark.django_db
def test_a_price_or_rate_that_cannot_be_read_is_shown_back_and_nothing_saved(client, manager, venue):
    response = add_product(client, venue, price="twelve", tax_rate="120 %")

    page = response.content.decode()
    assert response.status_code == 200
    assert "is not an amount: write it like 12.50." in page
    assert "is not a percentage from 0 to 100" in page
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_the_change_form_shows_stored_amounts_as_people_write_them(client, manager, venue):
    product = ProductFactory(venue=venue, price=1250, tax_rate=2000)

    page = client.get(reverse("admin:orders_product_change", args=[product.pk])).content.decode()

    assert 'name="price" value="12.50"' in page
    assert 'name="tax_rate" value="20 %"' in page


@pytest.mark.django_db
def test_a_manager_sees_only_the_catalogue_of_their_venues(client, manager, venue):
    ProductFactory(venue=venue, name="Our burger")
    ProductFactory(name="Their burger")

    page = client.get(reverse("admin:orders_product_changelist")).content.decode()

    assert "Our burger" in page
    assert "Their burger" not in page


@pytest.mark.django_db
def test_cancelling_from_admin_goes_through_the_service(client, manager, venue):
    order = services.order_create(venue=venue, spec=dojo_order())

    client.post(reverse("admin:orders_order_changelist"),
                {"action": "cancel_orders", "_selected_action": [order.pk]})

    order.refresh_from_db()
    assert order.status == "Canceled"
    assert client.get(reverse("admin:orders_order_change", args=[order.pk])).status_code == 200


@pytest.mark.django_db
def test_a_manager_lets_a_member_of_their_staff_void_and_discount(client, manager, venue, django_user_model):
    waiter = django_user_model.objects.create_user(username="ana")
    venue.staff.add(waiter)
    stranger = django_user_model.objects.create_user(username="stranger")

    form = client.get(reverse("admin:orders_correctiongrant_add")).content.decode()
    response = client.post(reverse("admin:orders_correctiongrant_add"), {"venue": venue.pk, "user": waiter.pk})

    assert response.status_code == 302
    assert CorrectionGrant.objects.get().user == waiter
    assert ">ana<" in form and ">stranger<" not in form
    refused = client.post(reverse("admin:orders_correctiongrant_add"), {"venue": venue.pk, "user": stranger.pk})
    assert refused.status_code == 200 and CorrectionGrant.objects.count() == 1

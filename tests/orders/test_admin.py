"""Admin: the catalogue is edited there, orders are read there and only cancelled through the service."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from orders import services
from orders.models import Product

from .factories import ProductFactory, dojo_order


@pytest.fixture
def manager(client, django_user_model, venue):
    user = django_user_model.objects.create_user(username="manager", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="orders"))
    venue.staff.add(user)
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_a_manager_adds_a_product_with_a_modifier(client, manager, venue):
    response = client.post(reverse("admin:orders_product_add"), {
        "venue": venue.pk, "name": "Burger", "plu": "BURGER", "price": 1250, "tax_rate": 2000, "is_active": "on",
        "modifiers-TOTAL_FORMS": 1, "modifiers-INITIAL_FORMS": 0,
        "modifiers-0-name": "Cheese", "modifiers-0-plu": "CHEESE", "modifiers-0-price": 150,
    })

    assert response.status_code == 302
    product = Product.objects.get(plu="BURGER")
    assert [(m.name, m.price) for m in product.modifiers.all()] == [("Cheese", 150)]


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

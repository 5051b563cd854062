"""Users in the admin: a manager picks, sees and links only the staff of the venues they run."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from .factories import VenueFactory, WaiterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def venues_and_staff(django_user_model):
    """Venue A with its cook, venue B with its manager and waiter-to-be; and a user of no venue."""
    a, b = VenueFactory(name="A Place", slug="a-place"), VenueFactory(name="B Place", slug="b-place")
    users = {name: django_user_model.objects.create_user(name, password="pw") for name in ["a-cook", "b-waiter", "loner"]}
    manager = django_user_model.objects.create_user("b-manager", password="pw", is_staff=True)
    manager.user_permissions.set(Permission.objects.filter(content_type__app_label="floorplan"))
    a.staff.add(users["a-cook"])
    b.staff.add(manager, users["b-waiter"])
    return a, b, manager, users


def picker_usernames(response, field):
    return sorted(user.username for user in response.context["adminform"].form.fields[field].queryset)


def test_a_manager_picks_venue_staff_only_among_the_users_of_their_venues(client, venues_and_staff):
    _, b, manager, _ = venues_and_staff
    client.force_login(manager)

    page = client.get(reverse("admin:floorplan_venue_change", args=[b.pk]))

    assert picker_usernames(page, "staff") == ["b-manager", "b-waiter"]
    assert "a-cook" not in page.content.decode() and "loner" not in page.content.decode()


def test_a_superuser_picks_among_every_user(admin_client, venues_and_staff):
    _, b, _, _ = venues_and_staff

    page = admin_client.get(reverse("admin:floorplan_venue_change", args=[b.pk]))

    assert picker_usernames(page, "staff") == ["a-cook", "admin", "b-manager", "b-waiter", "loner"]


def test_a_waiters_user_is_picked_by_username_among_the_managers_staff(client, venues_and_staff):
    _, b, manager, users = venues_and_staff
    waiter = WaiterFactory(venue=b, name="Bea")
    client.force_login(manager)

    page = client.get(reverse("admin:floorplan_waiter_change", args=[waiter.pk]))

    html = page.content.decode()
    assert picker_usernames(page, "user") == ["b-manager", "b-waiter"]
    assert f'<option value="{users["b-waiter"].pk}">b-waiter</option>' in html
    assert "vForeignKeyRawIdAdminField" not in html and "a-cook" not in html


def test_linking_another_venues_user_to_a_waiter_is_refused(client, venues_and_staff):
    a, b, manager, users = venues_and_staff
    waiter = WaiterFactory(venue=b, name="Bea")
    client.force_login(manager)

    response = client.post(
        reverse("admin:floorplan_waiter_change", args=[waiter.pk]),
        {"name": "Bea", "initials": "B", "is_active": "on", "user": users["a-cook"].pk},
    )

    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    waiter.refresh_from_db()
    assert waiter.user is None


def test_even_a_superuser_links_a_waiter_only_to_staff_of_its_venue(admin_client, venues_and_staff):
    a, b, _, users = venues_and_staff
    own = WaiterFactory(venue=a, name="Abe")
    other = WaiterFactory(venue=b, name="Bea")
    form = {"initials": "X", "is_active": "on", "user": users["a-cook"].pk}

    refused = admin_client.post(reverse("admin:floorplan_waiter_change", args=[other.pk]), {**form, "name": "Bea"})
    linked = admin_client.post(reverse("admin:floorplan_waiter_change", args=[own.pk]), {**form, "name": "Abe"})

    assert "Not staff of this venue" in str(refused.context["adminform"].form.errors["user"])
    assert linked.status_code == 302
    own.refresh_from_db()
    assert own.user == users["a-cook"]

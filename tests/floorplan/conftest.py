import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def staff_client(client, django_user_model):
    """A logged-in staff user (not a superuser) with the permissions a venue manager gets."""

    def login(*venues):
        user = django_user_model.objects.create_user("manager", password="pw", is_staff=True)
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=["floorplan", "bookings"])
        )
        for venue in venues:
            venue.staff.add(user)
        client.force_login(user)
        return client

    return login

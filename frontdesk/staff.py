"""Who may work a venue's floor: its staff, the users in `Venue.staff`."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from floorplan.models import Venue
from posbackoffice.kernel.access import visible_venues
from posbackoffice.kernel.errors import InvalidInput


def staff_add(*, venue: Venue, username: str, password: str) -> tuple[AbstractBaseUser, bool]:
    """Give the user (created when new) access to the venue's floor, with this password.
    Returns the user and whether it was created."""
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages)) from exc
        user.set_password(password)
        user.save()
        venue.staff.add(user)
    return user, created


def staff_venues(*, user: AbstractBaseUser) -> QuerySet[Venue]:
    """The venues whose floor the user may see and work (the kernel's one rule): never any other."""
    return Venue.objects.filter(visible_venues(user)).order_by("name", "pk")

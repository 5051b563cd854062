"""Signing staff in, and finding the user of each request: Django's `ModelBackend`, with the
user read by a query compiled once per server thread.

Every request of a logged-in user reads its user (every two seconds from every tablet's
floor poll); building and compiling that query cost the ORM more than running it.

`settings.AUTHENTICATION_BACKENDS` keeps Django's own `ModelBackend` after this one, for
the sessions signed in through it before this backend existed (a session names the backend
that signed it in): they stay signed in. This backend answers every sign-in itself,
refusals included, so that Django's never checks a password again."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import models

from posbackoffice.kernel.queries import Instances, Param, PreparedRead


class StaffBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            raise PermissionDenied  # no later backend tries (and hashes the password) again
        return user

    def get_user(self, user_id):
        values = _USER.first(pk=user_id)
        user = _USERS(values) if values else None
        return user if user is not None and self.user_can_authenticate(user) else None


_USERS = Instances(get_user_model())
_USER = PreparedRead(
    lambda: get_user_model()._default_manager.filter(pk=Param("pk", models.IntegerField())).values_list(*_USERS.fields)[:1]
)

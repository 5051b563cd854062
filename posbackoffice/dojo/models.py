"""What the Dojo integration stores: the credentials Dojo uses to call this back office."""
from django.db import models

from floorplan.models import Venue


class EposCredential(models.Model):
    """HTTP Basic credentials that a venue gives Dojo for the EPOS Data API.

    Only a salted HMAC-SHA256 of the password is kept. Passwords are long random
    secrets (see `credentials.MIN_PASSWORD_LENGTH`), so a fast hash is safe here and
    keeps authentication cheap on every request.
    """

    venue = models.OneToOneField(Venue, on_delete=models.CASCADE, related_name="epos_credential")
    username = models.CharField(max_length=150, unique=True)
    password_salt = models.CharField(max_length=64)
    password_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.username} ({self.venue})"

"""Setting and checking the Basic credentials Dojo calls the EPOS Data API with."""
import hashlib
import hmac
import secrets

from django.db import transaction

from floorplan.models import Venue
from posbackoffice.kernel.errors import InvalidInput

from .models import EposCredential

MIN_PASSWORD_LENGTH = 24
_DUMMY_SALT = secrets.token_hex(16)


def _hash(salt: str, password: str) -> str:
    return hmac.new(salt.encode(), password.encode(), hashlib.sha256).hexdigest()


def epos_credential_set(*, venue: Venue, username: str, password: str | None = None) -> tuple[EposCredential, str]:
    """Create or replace the venue's credentials; returns them with the plain password,
    generating one when none is given. The plain password is not stored."""
    if not username or ":" in username:
        raise InvalidInput("The username must be non-empty and must not contain ':'.")
    if password is None:
        password = secrets.token_urlsafe(32)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if EposCredential.objects.filter(username=username).exclude(venue=venue).exists():
        raise InvalidInput(f"The username {username!r} is already used by another venue.")
    salt = secrets.token_hex(16)
    with transaction.atomic():
        credential, _ = EposCredential.objects.update_or_create(
            venue=venue,
            defaults={"username": username, "password_salt": salt, "password_hash": _hash(salt, password)},
        )
    return credential, password


def epos_credential_authenticate(*, username: str, password: str) -> EposCredential | None:
    """The credential matching username and password, or None. Takes the same time
    whether or not the username exists."""
    credential = EposCredential.objects.select_related("venue").filter(username=username).first()
    salt = credential.password_salt if credential else _DUMMY_SALT
    expected = credential.password_hash if credential else ""
    matches = hmac.compare_digest(_hash(salt, password), expected)
    return credential if credential and matches else None

"""HTTP Basic authentication of Dojo's calls, scoping each request to one venue.

Failed logins are throttled like the staff's (posbackoffice.kernel.throttle): a locked-out
username or address is answered 429 with an EPOSError body and Retry-After, without its
password being checked. The lockout stops guesses, which need the full (slow) check; a
caller whose password this process has already verified (`epos_password_remembered`:
Dojo, calling all the time) goes on, so anyone failing on purpose with Dojo's username does
not cut Dojo off, and the fast path costs no cache round trip.
"""
import base64
import binascii
from functools import cached_property

from django.conf import settings
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled

from floorplan.models import Venue
from posbackoffice.kernel.throttle import EPOS, client_address, login_attempt

from ..credentials import epos_credential_named, epos_password_check, epos_password_remembered


class EposCaller:
    """The authenticated caller of the EPOS Data API: Dojo, acting for one venue, known by
    its ID and slug; its row is read only when an operation needs more (`venue`)."""

    is_authenticated = True

    def __init__(self, username: str, venue_id: int, venue_slug: str):
        self.username = username
        self.venue_id = venue_id
        self.venue_slug = venue_slug

    @cached_property
    def venue(self) -> Venue:
        return Venue.objects.get(pk=self.venue_id)

    def venue_known_by_id(self) -> Venue:
        """The venue as an instance holding only its ID and slug, for operations that use
        no more than that to scope their queries: any other field would be read from the
        database when first used (Django's deferred fields), never taken for a default."""
        return Venue.from_db(None, ["id", "slug"], [self.venue_id, self.venue_slug])


class EposBasicAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"basic":
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Malformed Basic credentials.")
        try:
            username, _, password = base64.b64decode(parts[1], validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise AuthenticationFailed("Malformed Basic credentials.")
        if "\0" in username:  # no username holds one, and the database refuses to compare with it
            raise AuthenticationFailed("Malformed Basic credentials.")
        credential = epos_credential_named(username)
        if credential is None or not epos_password_remembered(credential, password):
            self._check_unless_locked_out(request, username, credential, password)
        return EposCaller(credential.username, credential.venue_id, credential.venue_slug), credential

    @staticmethod
    def _check_unless_locked_out(request, username: str, credential, password: str) -> None:
        attempt = login_attempt(EPOS, username=username, address=client_address(request))
        if attempt.locked:
            raise Throttled(wait=settings.LOGIN_LOCKOUT_SECONDS, detail="Too many failed logins; try again later.")
        if not epos_password_check(credential, password):
            attempt.failed()
            raise AuthenticationFailed("Unknown username or wrong password.")
        attempt.succeeded()

    def authenticate_header(self, request):
        return 'Basic realm="epos", charset="UTF-8"'

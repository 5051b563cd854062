"""HTTP Basic authentication of Dojo's calls, scoping each request to one venue."""
import base64
import binascii

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from floorplan.models import Venue

from ..credentials import epos_credential_authenticate


class EposCaller:
    """The authenticated caller of the EPOS Data API: Dojo, acting for one venue."""

    is_authenticated = True

    def __init__(self, username: str, venue: Venue):
        self.username = username
        self.venue = venue


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
        credential = epos_credential_authenticate(username=username, password=password)
        if credential is None:
            raise AuthenticationFailed("Unknown username or wrong password.")
        return EposCaller(credential.username, credential.venue), credential

    def authenticate_header(self, request):
        return 'Basic realm="epos", charset="UTF-8"'

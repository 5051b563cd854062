"""Where and as whom a venue's bridge connects: Dojo's WebSocket URL and the venue's Dojo settings."""
from django.conf import settings
from websockets.exceptions import InvalidURI
from websockets.uri import parse_uri

from floorplan.models import Venue
from posbackoffice.kernel.errors import InvalidInput

from ..apikeys import api_key_decrypt
from ..models import DojoSettings
from .connection import Endpoint


def endpoint_for(*, venue: Venue, url: str | None = None) -> Endpoint:
    """`url` defaults to the DOJO_WS_URL setting. Raises InvalidInput when the venue has no
    Dojo settings or the URL is not a WebSocket URL, ApiKeyUnreadable when its stored key
    cannot be decrypted."""
    dojo_settings = DojoSettings.objects.filter(venue=venue).first()
    if dojo_settings is None:
        raise InvalidInput(f"{venue} has no Dojo settings yet: set its API key first (dojo_config).")
    url = url or settings.DOJO_WS_URL
    try:
        parse_uri(url)
    except InvalidURI as exc:
        raise InvalidInput(str(exc)) from exc
    return Endpoint(
        url=url,
        api_key=api_key_decrypt(dojo_settings.api_key_encrypted),
        software_house_id=dojo_settings.software_house_id,
        reseller_id=dojo_settings.reseller_id,
    )

"""Setting a venue's Dojo connection (API key, IDs, base URL)."""
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from floorplan.models import Venue
from posbackoffice.kernel.errors import InvalidInput

from .apikeys import api_key_encrypt, api_key_hint
from .models import DojoSettings


def _validate_url(value: str, *, field: str) -> None:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as exc:
        raise InvalidInput(f"{field} must be an http(s) URL.") from exc


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def dojo_base_url_check(base_url: str) -> None:
    """Refuses a base URL the venue's API key must not be sent to: anything but https://
    on one of DOJO_API_HOSTS, except, when DOJO_API_LOOPBACK_ALLOWED (DEBUG, tests), a
    stand-in of Dojo on this machine."""
    _validate_url(base_url, field="The base URL")
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host in {allowed.lower() for allowed in settings.DOJO_API_HOSTS}:
        return
    if settings.DOJO_API_LOOPBACK_ALLOWED and _is_loopback(host):
        return
    raise InvalidInput(
        f"The base URL must be https:// on one of Dojo's API hosts ({', '.join(settings.DOJO_API_HOSTS)}): "
        "the venue's API key is sent to it."
    )


def dojo_settings_set(
    *,
    venue: Venue,
    api_key: str | None = None,
    software_house_id: str | None = None,
    reseller_id: str | None = None,
    base_url: str | None = None,
    epos_url: str | None = None,
) -> DojoSettings:
    """Create or update the venue's Dojo settings; arguments left as None keep their
    current value. A venue's first settings need an API key and a software-house ID."""
    current = DojoSettings.objects.filter(venue=venue).first() or DojoSettings(venue=venue)
    if api_key is not None:
        if not api_key.strip() or any(c.isspace() for c in api_key):
            raise InvalidInput("The API key must be non-empty and contain no spaces.")
        current.api_key_encrypted = api_key_encrypt(api_key)
        current.api_key_hint = api_key_hint(api_key)
    if software_house_id is not None:
        current.software_house_id = software_house_id.strip()
    if reseller_id is not None:
        current.reseller_id = reseller_id.strip()
    if base_url is not None:
        dojo_base_url_check(base_url)
        current.base_url = base_url.rstrip("/")
    if epos_url is not None:
        if epos_url:
            _validate_url(epos_url, field="The EPOS URL")
        current.epos_url = epos_url
    if not current.api_key_encrypted or not current.software_house_id:
        raise InvalidInput("A venue's Dojo settings need an API key and a software-house ID.")
    current.save()
    return current

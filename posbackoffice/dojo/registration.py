"""Telling Dojo which EPOS Data API capabilities a venue serves, where, and how to log in.

Only a hash of the venue's EPOS password is stored, but Dojo needs the password itself,
so every REST registration sets fresh EPOS credentials and sends them. The new
credentials are committed only if Dojo accepted the registration, so a failed attempt
leaves the credentials Dojo already holds working. Dojo's answers may quote the request:
the password is taken out of whatever is returned or raised, which commands and the
admin then show.
"""
from django.db import transaction

from floorplan.models import Venue
from posbackoffice.kernel.errors import InvalidInput

from .client import DojoClient, DojoError, DojoHTTPError
from .config import dojo_settings_set
from .credentials import epos_credential_set
from .models import DojoSettings, EposCredential
from .bridge.dispatch import served_ws_capabilities
from .rest.capabilities import served_rest_capabilities
from .sync.recording import Transport, integration_record

CAPABILITY_VERSION = "v1"


def _dojo_settings(venue: Venue) -> DojoSettings:
    dojo_settings = DojoSettings.objects.filter(venue=venue).first()
    if dojo_settings is None:
        raise InvalidInput(f"{venue} has no Dojo settings yet: set its API key first (dojo_config).")
    return dojo_settings


def _epos_username(venue: Venue) -> str:
    existing = EposCredential.objects.filter(venue=venue).values_list("username", flat=True).first()
    return existing or f"dojo-{venue.slug}"


class RegistrationRefused(DojoError):
    """Dojo answered a registration with an error status."""


def redact(value, secret: str):
    """`value` (Dojo's decoded JSON) with every occurrence of `secret` in its strings replaced."""
    if isinstance(value, str):
        return value.replace(secret, "[redacted]")
    if isinstance(value, list):
        return [redact(item, secret) for item in value]
    if isinstance(value, dict):
        return {key: redact(item, secret) for key, item in value.items()}
    return value


def _refusal(exc: DojoHTTPError, password: str) -> RegistrationRefused:
    """Only the status, and Dojo's title and trace ID, of an error answer (RFC 7807)."""
    body = exc.body if isinstance(exc.body, dict) else {}
    title = redact(str(body.get("title", "")), password)
    return RegistrationRefused(
        f"PUT /epos/integrations/rest answered {exc.status}: {title or 'no title'} (traceId {body.get('traceId', '-')})"
    )


def rest_integration_body(*, url: str, username: str, password: str) -> dict:
    capabilities = [{"name": name, "version": CAPABILITY_VERSION} for name in served_rest_capabilities()]
    auth = {"authType": "basic", "basic": {"username": username, "password": password}}
    return {"url": url, "capabilities": capabilities, "auth": auth}


def rest_integration_register(*, venue: Venue, epos_url: str | None = None) -> list:
    """Register the venue's REST integration (`PUT /epos/integrations/rest`) with every
    capability served and fresh EPOS credentials; returns Dojo's answer. `epos_url`,
    when given, is stored as the venue's public EPOS URL."""
    with transaction.atomic():
        dojo_settings = _dojo_settings(venue)
        if epos_url is not None:
            dojo_settings = dojo_settings_set(venue=venue, epos_url=epos_url)
        if not dojo_settings.epos_url:
            raise InvalidInput("Give the public URL of the EPOS Data API (https://HOST/epos).")
        credential, password = epos_credential_set(venue=venue, username=_epos_username(venue))
        body = rest_integration_body(url=dojo_settings.epos_url, username=credential.username, password=password)
        try:
            answer = DojoClient.for_settings(dojo_settings).put_rest_integration(body)
        except DojoHTTPError as exc:
            raise _refusal(exc, password) from None  # the original quotes Dojo's whole body
    integration_record(venue_id=venue.pk, transport=Transport.REST, capabilities=served_rest_capabilities())
    return redact(answer, password)


def ws_integration_body() -> dict:
    return {"capabilities": [{"name": name, "version": CAPABILITY_VERSION} for name in served_ws_capabilities()]}


def ws_integration_register(*, venue: Venue) -> list:
    """Register the venue's WebSocket integration (`PUT /epos/integrations/ws`) with every
    capability the bridge dispatches; Dojo then routes requests over the venue's socket
    (`manage.py dojo_ws`), which authenticates with the API key, so no credentials are sent."""
    answer = DojoClient.for_settings(_dojo_settings(venue)).put_ws_integration(ws_integration_body())
    integration_record(venue_id=venue.pk, transport=Transport.WS, capabilities=served_ws_capabilities())
    return answer


def integrations_get(*, venue: Venue) -> dict:
    """What Dojo has registered for the venue's account (`GET /epos/integrations`)."""
    return DojoClient.for_settings(_dojo_settings(venue)).get_integrations()

"""The one client for everything the POS sends to the Dojo API.

Headers follow Dojo's API reference: `Authorization: Basic <api key>` with the key as
issued (not base64), the dated `version`, `software-house-id` and, when the venue has
one, `reseller-id`. The key is never logged and never part of an exception message.
"""
import email.utils
import logging
import time
from dataclasses import dataclass

import requests
from django.conf import settings

from posbackoffice.kernel.errors import InvalidInput

from .apikeys import api_key_decrypt
from .config import dojo_base_url_check
from .models import DojoSettings
from .sync.observe import dojo_api_called

API_VERSION = "2026-02-27"
ERROR_BODY_LIMIT = 2000

logger = logging.getLogger(__name__)


class DojoError(Exception):
    """Any failure to get a successful answer from Dojo."""

    transient = False


class DojoUnreachable(DojoError):
    """Connection refused or reset, DNS failure, or a connect/read timeout."""

    transient = True


class DojoHTTPError(DojoError):
    """Dojo answered with an error status; `body` is its (RFC 7807) error body."""

    TRANSIENT_STATUSES = frozenset({408, 429})

    def __init__(self, *, method: str, path: str, status: int, body, retry_after: float | None = None):
        self.status = status
        self.body = body
        self.retry_after = retry_after
        super().__init__(f"{method} {path} answered {status}: {str(body)[:ERROR_BODY_LIMIT]}")

    @property
    def transient(self) -> bool:
        return self.status in self.TRANSIENT_STATUSES or self.status >= 500


@dataclass(frozen=True)
class Timeouts:
    connect: float
    read: float

    @classmethod
    def from_settings(cls) -> "Timeouts":
        return cls(connect=settings.DOJO_HTTP_CONNECT_TIMEOUT, read=settings.DOJO_HTTP_READ_TIMEOUT)


def _retry_after_seconds(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_body(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return response.text[:ERROR_BODY_LIMIT]


class DojoClient:
    def __init__(
        self,
        *,
        api_key: str,
        software_house_id: str,
        reseller_id: str = "",
        base_url: str = DojoSettings.DEFAULT_BASE_URL,
        timeouts: Timeouts | None = None,
        session: requests.Session | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts or Timeouts.from_settings()
        self.session = session or requests.Session()
        self._headers = {
            "Authorization": f"Basic {api_key}",
            "version": API_VERSION,
            "software-house-id": software_house_id,
            "Accept": "application/json",
        }
        if reseller_id:
            self._headers["reseller-id"] = reseller_id

    def __repr__(self):
        return f"DojoClient(base_url={self.base_url!r})"

    @classmethod
    def for_settings(cls, dojo_settings: DojoSettings, **kwargs) -> "DojoClient":
        try:
            # Settings saved before base URLs were checked may point anywhere: send the key nowhere else.
            dojo_base_url_check(dojo_settings.base_url)
        except InvalidInput as exc:
            raise DojoError(f"Nothing sent: {exc} Set it again (dojo_config).") from exc
        return cls(
            api_key=api_key_decrypt(dojo_settings.api_key_encrypted),
            software_house_id=dojo_settings.software_house_id,
            reseller_id=dojo_settings.reseller_id,
            base_url=dojo_settings.base_url,
            **kwargs,
        )

    def post_event(self, body: dict) -> dict:
        return self._request("POST", "/epos/events", json=body)

    def put_rest_integration(self, body: dict) -> list:
        return self._request("PUT", "/epos/integrations/rest", json=body)

    def put_ws_integration(self, body: dict) -> list:
        return self._request("PUT", "/epos/integrations/ws", json=body)

    def get_integrations(self) -> dict:
        return self._request("GET", "/epos/integrations")

    def _request(self, method: str, path: str, json=None):
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                json=json,
                headers=self._headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            dojo_api_called(method=method, path=path, status=None, started=started)
            # The exception text names the URL, never the headers.
            raise DojoUnreachable(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        dojo_api_called(method=method, path=path, status=response.status_code, started=started)
        if response.status_code >= 400:
            raise DojoHTTPError(
                method=method,
                path=path,
                status=response.status_code,
                body=_error_body(response),
                retry_after=_retry_after_seconds(response),
            )
        logger.debug("%s %s answered %s", method, path, response.status_code)
        return _json_or_none(response)


def _json_or_none(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None

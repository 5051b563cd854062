"""Who may read /metrics: addresses in METRICS_ALLOWED_IPS (loopback by default), or anyone
presenting METRICS_BEARER_TOKEN when one is set.

The address is the peer's (REMOTE_ADDR): a scraper must reach the server directly, not
through the public load balancer, whose forwarding headers anyone could forge.
"""
import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(allowed: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in allowed)


def address_allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.METRICS_ALLOWED_IPS)))


def token_presented(request) -> bool:
    token = settings.METRICS_BEARER_TOKEN
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(presented.strip().encode(), token.encode())


def metrics_refusal(request) -> int | None:
    """None when the request may read the metrics; otherwise the status to refuse it with
    (401 when a token would let it in, 403 when nothing would)."""
    if address_allowed(request.META.get("REMOTE_ADDR", "")) or token_presented(request):
        return None
    return 401 if settings.METRICS_BEARER_TOKEN else 403

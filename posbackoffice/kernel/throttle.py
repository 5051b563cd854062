"""Slowing down password guessing, for every way in: the staff login, the admin login and
the EPOS Data API's Basic credentials.

Failed logins are counted per username and per client address in the shared cache (Redis
in production, a database table otherwise), so that every worker process sees the same
counts. Once a username or an address reaches its limit, its logins are refused without
looking at the password, until LOGIN_LOCKOUT_SECONDS have passed since its last failure.
Refused attempts are not counted, so the lockout ends on time even while someone keeps
trying. A successful login clears its username's count (not its address's: one account of
one's own must not buy more guesses at others). `manage.py unlock_login` clears counts now.
"""
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

STAFF = "staff"  # the users of the staff screens and the admin
EPOS = "epos"  # the EPOS Data API's Basic credentials, another set of usernames
SCOPES = (STAFF, EPOS)


def client_address(request) -> str:
    """The address of the client: the connection's, or with NUM_PROXIES proxies in front,
    the one the outermost proxy saw (the last NUM_PROXIES entries of X-Forwarded-For are
    theirs; anything before may be forged by the client)."""
    if settings.NUM_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if forwarded:
            return forwarded[-min(settings.NUM_PROXIES, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def failure_key(scope: str, kind: str, value: str) -> str:
    """The cache key counting the failures of one username or address (hashed: usernames
    may hold any character)."""
    return f"login-failures:{scope}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


@dataclass
class LoginAttempt:
    """One login attempt, with the failures counted so far for its username and address."""

    user_key: str
    address_key: str
    user_failures: int
    address_failures: int

    @property
    def locked(self) -> bool:
        return (
            self.user_failures >= settings.LOGIN_FAILURES_PER_USER
            or self.address_failures >= settings.LOGIN_FAILURES_PER_ADDRESS
        )

    def failed(self) -> None:
        for key in (self.user_key, self.address_key):
            _count_failure(key)

    def succeeded(self) -> None:
        if self.user_failures:
            cache.delete(self.user_key)


def login_attempt(scope: str, *, username: str, address: str) -> LoginAttempt:
    """Reads the failures counted for this username and address (one cache round trip)."""
    user_key, address_key = failure_key(scope, "user", username), failure_key(scope, "address", address)
    counts = cache.get_many([user_key, address_key])
    return LoginAttempt(user_key, address_key, counts.get(user_key, 0), counts.get(address_key, 0))


def unlock(value: str) -> None:
    """Forgets the failures of a username or an address, in every scope."""
    cache.delete_many([failure_key(scope, kind, value) for scope in SCOPES for kind in ("user", "address")])


def lockout_minutes() -> int:
    return max(1, -(-settings.LOGIN_LOCKOUT_SECONDS // 60))


def _count_failure(key: str) -> None:
    """Adds one failure and restarts the key's expiry. `incr` is atomic on Redis; the key
    may expire between `add` and `incr`, and some backends reset its expiry on `incr`."""
    timeout = settings.LOGIN_LOCKOUT_SECONDS
    if cache.add(key, 1, timeout):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout)
    cache.touch(key, timeout)


class ThrottledLoginFormMixin:
    """For Django's AuthenticationForm and its admin variant: refuses a locked-out username
    or address with a message saying so, and counts each wrong password."""

    def clean(self):
        address = client_address(self.request) if self.request is not None else ""
        attempt = login_attempt(STAFF, username=self.cleaned_data.get("username") or "", address=address)
        if attempt.locked:
            raise ValidationError(
                "Too many failed logins for this account or from this network. Try again in %(minutes)s "
                "minutes, or ask an administrator to unlock it.",
                code="locked",
                params={"minutes": lockout_minutes()},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError as exc:
            if getattr(exc, "code", None) == "invalid_login":
                attempt.failed()
            raise
        if self.get_user() is not None:
            attempt.succeeded()
        return cleaned_data

"""Setting and checking the Basic credentials Dojo calls the EPOS Data API with.

What is stored is slow to test guesses against: the password's salted HMAC-SHA256 (its
"prehash"), hashed again with Django's password hasher (PBKDF2 unless PASSWORD_HASHERS says
otherwise). Checking that costs a good part of a second, too much for every call Dojo
makes, so each process remembers the credentials it has verified, as a digest keyed with a
secret of its own (never stored, never shared), until VERIFIED_SECONDS pass without them
being used: a call with the same password then costs one HMAC. The digest covers the stored
hash, so new credentials are checked afresh at once. Wrong passwords are never remembered:
each costs a full check, and the login throttle (rest/auth.py) limits how many anyone may try.
"""
import functools
import hashlib
import hmac
import secrets
import threading
import time

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, models, transaction
from django.db.models import F

from floorplan.models import Venue
from posbackoffice.kernel.errors import InvalidInput
from posbackoffice.kernel.queries import Param, PreparedRead

from .models import EposCredential

MIN_PASSWORD_LENGTH = 24
VERIFIED_SECONDS = 300
MAX_VERIFIED = 256

_PROCESS_KEY = secrets.token_bytes(32)
_verified: dict[bytes, float] = {}  # digest of (credential, stored hash, password) -> expiry
_verified_lock = threading.Lock()


def password_prehash(salt: str, password: str) -> str:
    """The salted HMAC-SHA256 that the slow hasher hashes (what was stored alone before)."""
    return hmac.new(salt.encode(), password.encode(), hashlib.sha256).hexdigest()


def _username_taken(username: str, venue: Venue) -> bool:
    return EposCredential.objects.filter(username=username).exclude(venue=venue).exists()


def _username_taken_error(username: str) -> InvalidInput:
    return InvalidInput(f"The username {username!r} is already used by another venue.")


def epos_credential_set(*, venue: Venue, username: str, password: str | None = None) -> tuple[EposCredential, str]:
    """Create or replace the venue's credentials; returns them with the plain password,
    generating one when none is given. The plain password is not stored."""
    if not username or ":" in username:
        raise InvalidInput("The username must be non-empty and must not contain ':'.")
    if password is None:
        password = secrets.token_urlsafe(32)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    salt = secrets.token_hex(16)
    encoded = make_password(password_prehash(salt, password))  # slow: before any row is locked
    try:
        with transaction.atomic():
            if _username_taken(username, venue):
                raise _username_taken_error(username)
            credential, _ = EposCredential.objects.update_or_create(
                venue=venue, defaults={"username": username, "password_salt": salt, "password_hash": encoded}
            )
    except IntegrityError as exc:  # another venue took the username since the check
        raise _username_taken_error(username) from exc
    return credential, password


_CREDENTIAL_NAMED = PreparedRead(
    lambda: EposCredential.objects.filter(username=Param("username", models.CharField()))
    .annotate(venue_slug=F("venue__slug"))
    .values_list("id", "venue_id", "username", "password_salt", "password_hash", "venue_slug")[:1]
)


def epos_credential_named(username: str) -> EposCredential | None:
    """The credential with this username: what checking it takes, its venue's ID and slug
    (`venue_slug`), in one query compiled once (every EPOS call makes it). Its venue's row
    is read only if asked for (`credential.venue`): most calls need no more than its ID."""
    row = _CREDENTIAL_NAMED.first(username=username)
    if row is None:
        return None
    credential = EposCredential.from_db(None, row._fields[:-1], row[:-1])
    credential.venue_slug = row.venue_slug
    return credential


def epos_password_remembered(credential: EposCredential, password: str) -> bool:
    """Whether this process verified this very password for the credential recently: the
    fast path of every call after the first, with no slow hash."""
    return _recently_verified(_digest(credential, password))


def epos_password_check(credential: EposCredential | None, password: str) -> bool:
    """The full check, remembered when it succeeds. A wrong password costs the same whether
    or not there is a credential."""
    if credential is None:
        check_password(password_prehash("", password), _dummy_hash())
        return False
    prehash = password_prehash(credential.password_salt, password)
    if not check_password(prehash, credential.password_hash, setter=functools.partial(_rehash, credential)):
        return False
    _remember(_digest(credential, password))
    return True


def epos_credential_authenticate(*, username: str, password: str) -> EposCredential | None:
    """The credential matching username and password, or None."""
    credential = epos_credential_named(username)
    if credential is not None and epos_password_remembered(credential, password):
        return credential
    return credential if epos_password_check(credential, password) else None


def _rehash(credential: EposCredential, prehash: str) -> None:
    """Stores the hash again with the current hasher settings (Django raises PBKDF2's
    iterations from release to release)."""
    EposCredential.objects.filter(pk=credential.pk, password_hash=credential.password_hash).update(
        password_hash=make_password(prehash)
    )


@functools.cache
def _dummy_hash() -> str:
    return make_password(secrets.token_urlsafe(32))


def _digest(credential: EposCredential, password: str) -> bytes:
    message = "\0".join([str(credential.pk), credential.password_hash, password]).encode()
    return hmac.new(_PROCESS_KEY, message, hashlib.sha256).digest()


def _recently_verified(digest: bytes) -> bool:
    """Whether the digest is remembered and still fresh; using it keeps it fresh."""
    now = time.monotonic()
    with _verified_lock:
        expiry = _verified.get(digest)
        if expiry is None or expiry <= now:
            return False
        _verified[digest] = now + VERIFIED_SECONDS
    return True


def _remember(digest: bytes) -> None:
    now = time.monotonic()
    with _verified_lock:
        if len(_verified) >= MAX_VERIFIED:
            for stale in [key for key, expiry in _verified.items() if expiry <= now]:
                del _verified[stale]
            if len(_verified) >= MAX_VERIFIED:
                _verified.clear()
        _verified[digest] = now + VERIFIED_SECONDS


def forget_verified() -> None:
    """Empties this process's memory of verified credentials (tests, benchmarks)."""
    with _verified_lock:
        _verified.clear()

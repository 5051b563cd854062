"""Keeping venues' Dojo API keys encrypted at rest.

The key that encrypts them is derived from SECRET_KEY, so a database dump alone does
not reveal them. Keys encrypted under a former SECRET_KEY stay readable while it is listed
in SECRET_KEY_FALLBACKS; once it is dropped, set them again (`dojo_config VENUE --api-key ...`).
"""
import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

HINT_LENGTH = 4


class ApiKeyUnreadable(Exception):
    """The stored key was encrypted under another SECRET_KEY."""


def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(b"posbackoffice.dojo.apikeys:" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _fernets() -> MultiFernet:
    """Encrypts under SECRET_KEY; decrypts under it or any of SECRET_KEY_FALLBACKS."""
    return MultiFernet([_fernet(key) for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]])


def api_key_encrypt(api_key: str) -> str:
    return _fernets().encrypt(api_key.encode()).decode()


def api_key_decrypt(token: str) -> str:
    try:
        return _fernets().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ApiKeyUnreadable("The stored Dojo API key cannot be decrypted: set it again.") from exc


def api_key_hint(api_key: str) -> str:
    """The last characters of the key, enough to recognise it and no more."""
    return api_key[-HINT_LENGTH:] if len(api_key) > 3 * HINT_LENGTH else ""

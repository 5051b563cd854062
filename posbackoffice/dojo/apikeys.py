"""Keeping venues' Dojo API keys encrypted at rest.

The key that encrypts them is derived from SECRET_KEY, so a database dump alone does
not reveal them. Rotating SECRET_KEY makes stored keys unreadable: set them again
(`dojo_config VENUE --api-key ...`).
"""
import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

HINT_LENGTH = 4


class ApiKeyUnreadable(Exception):
    """The stored key was encrypted under another SECRET_KEY."""


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"posbackoffice.dojo.apikeys:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def api_key_encrypt(api_key: str) -> str:
    return _fernet().encrypt(api_key.encode()).decode()


def api_key_decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ApiKeyUnreadable("The stored Dojo API key cannot be decrypted: set it again.") from exc


def api_key_hint(api_key: str) -> str:
    """The last characters of the key, enough to recognise it and no more."""
    return api_key[-HINT_LENGTH:] if len(api_key) > 3 * HINT_LENGTH else ""

"""Production settings: the same environment-driven settings, refusing unsafe values."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DEBUG, DEFAULT_SECRET_KEY, SECRET_KEY


def _refuse_unsafe_settings():
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production (set DEBUG=false).")
    if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 32 characters.")


_refuse_unsafe_settings()

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

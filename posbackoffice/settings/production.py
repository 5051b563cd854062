"""Production settings: the same environment-driven settings, refusing unsafe values.

Served behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README, "Security"):
plain HTTP is redirected to HTTPS, except the health checks under /health/, which the
orchestrator asks over plain HTTP from inside the network.
"""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DEBUG, DEFAULT_SECRET_KEY, SECRET_KEY, env

# Django's own bar for a secret key (`check --deploy`, security.W009).
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5


def _refuse_unsafe_settings():
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production (set DEBUG=false).")
    weak = (
        SECRET_KEY == DEFAULT_SECRET_KEY
        or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
        or len(set(SECRET_KEY)) < SECRET_KEY_MIN_DISTINCT
        or SECRET_KEY.startswith("django-insecure-")
    )
    if weak:
        raise ImproperlyConfigured(
            f"Set SECRET_KEY to a random value of at least {SECRET_KEY_MIN_LENGTH} characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'); to replace a shorter one, "
            "move it to SECRET_KEY_FALLBACKS until sessions and Dojo API keys are re-saved."
        )


_refuse_unsafe_settings()

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
DOJO_API_LOOPBACK_ALLOWED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

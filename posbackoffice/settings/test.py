"""Settings for the test suite: the base settings with fast password hashing and test hosts."""
from .base import *  # noqa: F401,F403
from .base import ALLOWED_HOSTS, CACHES

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Each test starts with no failed logins counted (tests/conftest.py clears it).
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The stand-in Dojo API serves plain HTTP on loopback; pytest runs with DEBUG off.
DOJO_API_LOOPBACK_ALLOWED = True

"""Settings for the test suite: the base settings with fast password hashing and test hosts."""
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import ALLOWED_HOSTS, CACHES, DATABASES

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Each test starts with no failed logins counted (tests/conftest.py clears it).
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# That cache is each process's own: a session cached in it would outlive its logout in another.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The stand-in Dojo API serves plain HTTP on loopback; pytest runs with DEBUG off.
DOJO_API_LOOPBACK_ALLOWED = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A test database in a file, not in memory: tests whose servers, bridges and relays
    # query from threads of their own then wait for SQLite's write lock (WAL, `timeout`)
    # instead of failing with "database table is locked", as they do on a shared in-memory one.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / "posbackoffice-test.sqlite3")}

"""Settings shared by every environment, read from environment variables (see .env.example)."""
import logging
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from posbackoffice.observability.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_SECRET_KEY = "insecure-default-for-local-use-only"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default=DEFAULT_SECRET_KEY)
# Former keys, still accepted while sessions and stored Dojo API keys move to the new one.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "posbackoffice.kernel",
    "floorplan",
    "bookings",
    "orders",
    "posbackoffice.dojo",
    "frontdesk",
]

MIDDLEWARE = [
    "posbackoffice.observability.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "posbackoffice.kernel.actor.StaffActorMiddleware",
    "posbackoffice.dojo.sync.middleware.EposCallMiddleware",
]

ROOT_URLCONF = "posbackoffice.urls"
WSGI_APPLICATION = "posbackoffice.wsgi.application"
ASGI_APPLICATION = "posbackoffice.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take SQLite's write lock up front, so concurrent writers
    # queue behind `timeout` instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database fails a connection (and /health/ready) in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # Statements are prepared only where asked for: by the kernel's prepared reads, which
    # bind their values on the server (`posbackoffice.kernel.queries`); Django's own cursors
    # bind them in the SQL and never prepare. None (Django's default) turns preparing off,
    # for a connection pooler that cannot keep prepared statements.
    DATABASES["default"]["OPTIONS"].setdefault(
        "prepare_threshold", 5 if env.bool("DATABASE_PREPARED_STATEMENTS", default=True) else None
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections are reused (a new one per request costs more than most requests): each
# thread of each process keeps its own, checked before its first query of each request
# and replaced after DB_CONN_MAX_AGE seconds. A web server holds up to workers × threads
# connections (gunicorn.conf.py: 2 × 8); size PostgreSQL's max_connections for every web
# server, Celery worker and bridge together (README, "Performance").
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []

# Staff sign in through `posbackoffice.auth.StaffBackend`; Django's own backend stays listed
# for the sessions it signed in before (see that module).
AUTHENTICATION_BACKENDS = ["posbackoffice.auth.StaffBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "frontdesk:floor"
LOGOUT_REDIRECT_URL = "login"

REDIS_URL = env("REDIS_URL", default="")

# The cache holds the failed-login counts (posbackoffice.kernel.throttle), which every
# process must share: Redis when there is one, otherwise a database table
# (`manage.py createcachetable` creates it; `make run` does).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "posbackoffice.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pbo",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}
# Every request of a logged-in user reads their session, the floor's polls every two seconds
# on every tablet: with Redis, it is read from there (written to the database too, and read
# from it when Redis has lost it); without, from the database, whose cache would be no faster.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
# The floor's renderings, shared by the tablets a process serves (frontdesk.views.floor):
# in the process's memory, so that reading one costs no query nor network round trip.
CACHES["floor"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "floor"}

# Password guessing: after this many failed logins for one username, or from one client
# address, within LOGIN_LOCKOUT_SECONDS of each other, logins are refused until that long
# has passed since the last failure (`manage.py unlock_login` lifts it at once).
LOGIN_FAILURES_PER_USER = env.int("LOGIN_FAILURES_PER_USER", default=10)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=30)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=900)
# How many proxies in front of the back office append to X-Forwarded-For; 0 trusts only
# the connection's own address. Behind one TLS proxy: 1.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Celery: Redis when REDIS_URL is set; otherwise the embedded mode, where nothing is
# published to a broker and tasks run in the calling process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Fail fast when Redis is unreachable: events wait in the outbox and the sweeper re-queues them.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE = {
    "dojo-sweep-outbox": {"task": "posbackoffice.dojo.tasks.sweep_outbox", "schedule": 30.0},
    "dojo-purge-outbox": {"task": "posbackoffice.dojo.tasks.purge_outbox", "schedule": 3600.0},
}

# Dojo API calls and POS event delivery (see posbackoffice/dojo/outbox.py).
DOJO_HTTP_CONNECT_TIMEOUT = env.float("DOJO_HTTP_CONNECT_TIMEOUT", default=5.0)
DOJO_HTTP_READ_TIMEOUT = env.float("DOJO_HTTP_READ_TIMEOUT", default=15.0)
DOJO_RETRY_BASE_SECONDS = env.float("DOJO_RETRY_BASE_SECONDS", default=1.0)
DOJO_RETRY_MAX_SECONDS = env.float("DOJO_RETRY_MAX_SECONDS", default=300.0)
DOJO_OUTBOX_SWEEP_GRACE_SECONDS = env.float("DOJO_OUTBOX_SWEEP_GRACE_SECONDS", default=30.0)
DOJO_OUTBOX_RETENTION_DAYS = env.int("DOJO_OUTBOX_RETENTION_DAYS", default=7)
DOJO_RELAY_POLL_SECONDS = env.float("DOJO_RELAY_POLL_SECONDS", default=0.5)
# Where a venue's Dojo API key may be sent: https:// on these hosts only. Plain http:// to a
# loopback address is allowed while DEBUG is on, for a local stand-in of Dojo.
DOJO_API_HOSTS = env.list("DOJO_API_HOSTS", default=["api.dojo.tech"])
DOJO_API_LOOPBACK_ALLOWED = DEBUG
# The WebSocket the bridge (`manage.py dojo_ws`) opens to Dojo; --url overrides it.
DOJO_WS_URL = env("DOJO_WS_URL", default="wss://eu.ws.dojo.tech/epos")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "POS back office: EPOS Data API",
    "DESCRIPTION": "The EPOS Data API this back office serves to Dojo, as Dojo's own specification describes it.",
    "VERSION": "v1",
    "OAS_VERSION": "3.1.0",
    "SERVERS": [{"url": "/epos"}],
    "SERVE_INCLUDE_SCHEMA": False,
    "DEFAULT_GENERATOR_CLASS": "posbackoffice.dojo.rest.schema.EposSchemaGenerator",
}

# LOG_FORMAT=json writes every log line as one JSON object (time, level, logger, message,
# trace_id, venue, capability) for log shippers; the default is readable text.
LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
LOGGING = logging_config(json_lines=LOG_FORMAT == "json", level=env("LOG_LEVEL", default="INFO"))
if LOG_FORMAT == "json":
    logging.captureWarnings(True)  # Python's warnings become log lines (py.warnings), JSON too
# Celery's worker replaces the root logger's handlers with its own text format unless told not to.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# /metrics: readable from these addresses or networks (the peer's address, REMOTE_ADDR), or by
# anyone sending `Authorization: Bearer <METRICS_BEARER_TOKEN>` when a token is set.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_BEARER_TOKEN = env("METRICS_BEARER_TOKEN", default="")

# Outside production, serve static files straight from the apps (no collectstatic needed).
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

"""Settings shared by every environment, read from environment variables (see .env.example)."""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_SECRET_KEY = "insecure-default-for-local-use-only"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default=DEFAULT_SECRET_KEY)
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

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "frontdesk:floor"
LOGOUT_REDIRECT_URL = "login"

REDIS_URL = env("REDIS_URL", default="")

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
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Outside production, serve static files straight from the apps (no collectstatic needed).
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

"""What readiness means: the database answers and, when a broker is configured, Redis does.

Each check is one round trip with a short timeout, so that a load balancer polling every
few seconds costs next to nothing and a dead dependency answers quickly. Failures are
logged in full but reported to the (unauthenticated) caller by name only.
"""
import logging

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

OK = "ok"
REDIS_TIMEOUT_SECONDS = 2.0


def _unavailable(what: str, exc: Exception) -> str:
    logger.warning("Not ready: %s does not answer: %s", what, exc)
    return f"unavailable ({type(exc).__name__})"


def database_check() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return _unavailable("the database", exc)
    return OK


def redis_check(url: str) -> str:
    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        return _unavailable("Redis", exc)
    finally:
        client.close()
    return OK


def readiness() -> dict[str, str]:
    """Each dependency checked, by name, with `ok` or why it is not."""
    checks = {"database": database_check()}
    if settings.REDIS_URL:
        checks["redis"] = redis_check(settings.REDIS_URL)
    return checks

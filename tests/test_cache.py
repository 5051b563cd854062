"""The Redis cache that production uses (sessions, failed logins): Django's, with its Redis
clients made once, on a real Redis."""
import threading

import pytest
from django.conf import settings

from posbackoffice.cache import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def cache():
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": f"test-cache-{threading.get_ident()}"})
    yield cache
    cache.delete_many(["answer", "count", "seen"])  # not clear(): that empties the whole Redis database


def test_it_keeps_and_gives_back_values_as_djangos_does(cache):
    cache.set("answer", {"tables": [1, 2]}, 30)
    cache.add("answer", "not this one", 30)

    cache.set("count", 1, 30)

    assert cache.get("answer") == {"tables": [1, 2]}
    assert cache.incr("count") == 2
    cache.delete("answer")
    assert cache.get("answer") is None


def test_its_redis_client_is_made_once_for_reads_and_writes_alike(cache):
    client = cache._cache.get_client()

    cache.set("seen", 1, 30)
    cache.get("seen")

    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client("seen") is client


def test_production_caches_with_it(tmp_path):
    from .test_settings import PRODUCTION_ENV, _run

    code = ("import django.conf, os; os.environ['DJANGO_SETTINGS_MODULE']='posbackoffice.settings.production'; "
            "print(django.conf.settings.CACHES['default']['BACKEND'])")
    result = _run(["-c", code], {**PRODUCTION_ENV, "REDIS_URL": settings.REDIS_URL}, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "posbackoffice.cache.RedisCache"

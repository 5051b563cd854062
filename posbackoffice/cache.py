"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` for every cache call, and
redis-py fills each new client's table of response callbacks (about 170 entries): about
0.2 ms of CPU a call, as much as the rest of an unchanged floor poll's session read. The
client holds no connection of its own (the pool does) and is thread-safe; Django's cache
handler gives each thread its own cache anyway."""
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]


class RedisCache(DjangoRedisCache):
    """`django.core.cache.backends.redis.RedisCache`, reusing its Redis clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool

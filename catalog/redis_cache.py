"""Django's Redis cache backend, with one redis-py client per server instead of one per call.

Django's RedisCacheClient makes a new `redis.Redis` for every get and set. The connections come
from a shared pool either way, but making the client fills its table of some 170 response
callbacks each time: on a page served from the cache, that cost as much as reading the page
from Redis. A redis-py client is safe to share between threads, so one per server does.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

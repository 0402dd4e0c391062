"""The shared cache, and what happens when it is gone.

Every process of the portal must see the same cache: the page cache's generation numbers, the vocabulary
and navigation caches and the abuse counters live there. `REDIS_URL` gives Redis; without it the portal
uses Django's database cache (table `kennisbank_cache`, made by `manage.py createcachetable`), which every
process sharing the database sees. A Redis that stops answering never takes the site down: every cache
call then behaves as a miss, pages are served uncached, and the error is logged once a minute.
"""

import logging
import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("portal.cache")
LOG_INTERVAL = 60
_last_logged = [0.0]  # per process on purpose: it only spaces out log lines
HEALTH_KEY = "healthz:probe"


def _log(error):
    now = time.monotonic()
    if now - _last_logged[0] >= LOG_INTERVAL:
        _last_logged[0] = now
        logger.error("cache unavailable, serving without it: %s", error)


def _tolerant(default):
    def wrap(method):
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                _log(error)
                return default() if callable(default) else default

        call.__name__ = method.__name__
        return call

    return wrap


class ReusingRedisCacheClient(RedisCacheClient):
    """Django builds a new redis.Redis (with its table of some 170 response callbacks) for every cache call;
    one per connection pool is enough, as the client is thread-safe. About a millisecond per request."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache whose calls fail soft: a miss, a no-op, or a ValueError where Django expects one."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    get_many = _tolerant(dict)(RedisCache.get_many)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant(list)(RedisCache.set_many)
    add = _tolerant(False)(RedisCache.add)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    clear = _tolerant(False)(RedisCache.clear)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _log(error)
            return default

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _log(error)
            raise ValueError("cache unavailable") from error


def cache_status():
    """'ok' when a value written to the cache can be read back, else 'unavailable'."""
    token = str(time.time_ns())
    cache.set(HEALTH_KEY, token, 30)
    return "ok" if cache.get(HEALTH_KEY) == token else "unavailable"

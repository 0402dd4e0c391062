"""The shared caches, and what happens when one is gone.

Every process of the portal must see the same caches (settings: `default` for the page cache's generation
numbers, vocabularies and navigation; `pages` for whole pages; `limits` for the abuse counters, in the
database). `REDIS_URL` gives Redis; without it directories that every process on the machine shares, or
with CACHE_BACKEND=db the database (tables made by `createcachetable`, which `migrate` runs). A Redis that
stops answering never takes the site down: every cache call then behaves as a miss, pages are served
uncached, and the error is logged once a minute.
"""

import logging
import os
import time

from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
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


def get_across(wanted):
    """The values of [(cache, key), …] (None where missing). Caches on the same Redis are asked in one round
    trip (a page-cache hit needs the generations from `default` and the page from `pages`: one MGET instead of
    two); any other cache is asked on its own."""
    first = wanted[0][0]
    if all(isinstance(c, ResilientRedisCache) and c._servers == first._servers for c, _key in wanted):
        keys = [c.make_and_validate_key(key) for c, key in wanted]
        try:
            found = first._cache.get_many(keys)  # Django's RedisCacheClient: made keys in, decoded values out
        except RedisError as error:
            _log(error)
            found = {}
        return [found.get(key) for key in keys]
    found = {}
    for c in {id(c): c for c, _key in wanted}.values():  # one get_many per cache (one query for the database's)
        found[id(c)] = c.get_many([key for other, key in wanted if other is c])
    return [found[id(c)].get(key) for c, key in wanted]


class LeastRecentlyUsedFileCache(FileBasedCache):
    """Django's file cache, but full it removes the pages read least recently (a hit touches its file)
    instead of a random third, so a flood of one-off URLs pushes out only other one-off URLs."""

    def get(self, key, default=None, version=None):
        value = super().get(key, default, version)
        if value is not default:
            try:
                os.utime(self._key_to_file(key, version))
            except OSError:
                pass  # removed by another process in between
        return value

    def _cull(self):
        files = self._list_cache_files()
        if len(files) < self._max_entries:
            return
        aged = []
        for name in files:
            try:
                aged.append((os.stat(name).st_mtime, name))
            except OSError:
                continue
        aged.sort()
        for _mtime, name in aged[: max(1, len(aged) // self._cull_frequency)]:
            self._delete(name)


def cache_status():
    """'ok' when a value written to the cache can be read back, else 'unavailable'."""
    token = str(time.time_ns())
    cache.set(HEALTH_KEY, token, 30)
    return "ok" if cache.get(HEALTH_KEY) == token else "unavailable"

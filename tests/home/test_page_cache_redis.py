"""A page-cache hit on Redis: the generations and the page in one round trip, and still never a stale page."""

import os

import pytest
import redis
from django.test import override_settings

from tests.factories import EntryFactory

WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("TEST_PAGES_REDIS_URL", f"redis://127.0.0.1:6379/{9 - WORKER}")

pytestmark = pytest.mark.django_db


def on_redis():
    def one(prefix):
        return {"BACKEND": "home.cache.backends.ResilientRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}

    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    caches = {"default": one("t"), "pages": one("t-pages"), "fragments": one("t-fragments"), "limits": locmem}
    return override_settings(CACHE_BACKEND="redis", CACHES=caches, PAGE_CACHE_ENABLED=True)


@pytest.fixture
def redis_commands(monkeypatch):
    """The commands the portal sends to this Redis (the real server answers them)."""
    server = redis.Redis.from_url(REDIS_URL)
    server.flushdb()
    sent = []
    execute = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    yield sent
    server.flushdb()


def test_a_hit_asks_redis_once_and_a_publish_still_reaches_it(client, site, redis_commands):
    with on_redis():
        EntryFactory(index=site.index, title="Eerste item")
        assert client.get("/kennisbank/")["X-Page-Cache"] == "miss"
        redis_commands.clear()
        hit = client.get("/kennisbank/")
        assert hit["X-Page-Cache"] == "hit" and "Eerste item" in hit.content.decode()
        # Regression: the generations and the page were two round trips on every hit.
        assert redis_commands == ["MGET"]
        EntryFactory(index=site.index, title="Tweede item")
        fresh = client.get("/kennisbank/")
        assert fresh["X-Page-Cache"] == "miss" and "Tweede item" in fresh.content.decode()
        assert client.get("/kennisbank/")["X-Page-Cache"] == "hit"


def test_a_redis_that_does_not_answer_serves_pages_uncached(client, site):
    with override_settings(
        CACHE_BACKEND="redis",
        PAGE_CACHE_ENABLED=True,
        CACHES={
            name: {"BACKEND": "home.cache.backends.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
            for name in ("default", "pages", "fragments", "limits")
        },
    ):
        EntryFactory(index=site.index, title="Zonder cache")
        response = client.get("/kennisbank/")
        assert response.status_code == 200 and "Zonder cache" in response.content.decode()

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


def test_a_page_built_anew_and_a_registration_ask_redis_for_the_generation_only(client, site, redis_commands):
    """The navigation, the private paths and the site root paths are kept per process for the generation the
    request read (home/cache/kept.py): regression, each was a round trip (and an unpickled value) on every page
    built and every form sent; a publish still reaches the next request."""
    from network.models import Registration
    from tests.factories import EventFactory

    with on_redis():
        event = EventFactory(agenda=site.agenda, capacity=5, confirm_email=False)
        client.cookies["sessionid"] = "none"  # past the page cache: every page is built
        client.get(event.url)
        redis_commands.clear()
        assert client.get(event.url).status_code == 200
        assert redis_commands == ["GET"]  # the generation
        redis_commands.clear()
        sent = {"name": "Bo", "email": "bo@example.org", "consent": "on"}
        assert client.post(f"{event.url}aanmelden/", sent).status_code == 200
        assert Registration.objects.filter(email="bo@example.org", status="confirmed").exists()
        assert redis_commands.count("GET") == 1, redis_commands  # the generation; the places bump after commit
        event.title = "Andere titel"
        event.save_revision().publish()
        assert "Andere titel" in client.get(event.url).content.decode()

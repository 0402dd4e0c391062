"""Search statistics: every door that counts (listing, site search), with Redis counters and without them."""

import os
import threading

import pytest
import redis
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from home.models import SearchStatistic
from home.search.stats import flush_search_statistics, record_search
from tests.factories import EntryFactory

WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = os.environ.get("TEST_STATS_REDIS_URL", f"redis://127.0.0.1:6379/{11 - WORKER}")


def with_redis(url=REDIS_URL):
    redis_cache = {"BACKEND": "home.cache.backends.ResilientRedisCache", "LOCATION": url, "KEY_PREFIX": "stats-test"}
    redis_cache["OPTIONS"] = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return override_settings(
        CACHE_BACKEND="redis",
        CACHES={"default": redis_cache, "pages": locmem, "fragments": locmem, "limits": locmem},
    )


@pytest.fixture
def redis_db():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()


def counted():
    return {row.query: (row.searches, row.empty) for row in SearchStatistic.objects.all()}


def searches(client, site):
    EntryFactory(index=site.index, title="Slaap en studie", intro="Over slaap.", onderwerp=["slaap"])
    assert client.get("/kennisbank/?q=slaap").status_code == 200
    assert client.get("/kennisbank/?q=Slaap").status_code == 200  # the same search, spelled otherwise
    assert client.get("/zoeken/?q=slaap").status_code == 200
    assert client.get("/zoeken/?q=qwzxy").status_code == 200  # finds nothing
    assert client.get("/kennisbank/?q=qwzxy").status_code == 200


@pytest.mark.django_db
def test_without_redis_each_search_of_the_first_page_writes_its_row(client, site):
    searches(client, site)
    assert counted() == {"slaap": (3, 0), "qwzxy": (2, 2)}
    assert flush_search_statistics() == 0  # nothing waits elsewhere


@pytest.mark.django_db
def test_with_redis_searches_are_counted_without_a_row_write_then_flushed_once(client, site, redis_db):
    with with_redis():
        searches(client, site)
        assert counted() == {}  # no row written per request
        assert redis_db.keys("stats-test:*search-stats:*")
        call_command("flush_search_statistics", stdout=open(os.devnull, "w"))  # noqa: SIM115
        assert counted() == {"slaap": (3, 0), "qwzxy": (2, 2)}
        assert flush_search_statistics() == 0  # flushed counters are gone: nothing is added twice
        assert counted() == {"slaap": (3, 0), "qwzxy": (2, 2)}
        record_search("slaap", found=True)
        assert flush_search_statistics() == 1
        assert counted()["slaap"] == (4, 0)  # added to the row of the day, not a second row


@pytest.mark.django_db
def test_the_admin_report_shows_searches_still_in_redis(client, site, staff, redis_db):
    with with_redis():
        for _ in range(3):
            record_search("eenzaamheid", found=False)
        client.force_login(staff["moderator"])
        page = client.get("/admin/zoektermen/")
    assert page.status_code == 200
    assert "eenzaamheid" in page.content.decode()
    assert counted() == {"eenzaamheid": (3, 3)}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_flushes_add_every_count_once(site, redis_db):
    with with_redis():
        for n in range(200):
            record_search(f"woord {n % 20}", found=n % 2 == 0)
        moved = []

        def flush():
            try:
                moved.append(flush_search_statistics())
            finally:
                connection.close()

        threads = [threading.Thread(target=flush) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(moved) == 200
    assert sum(searches for searches, _empty in counted().values()) == 200
    assert counted()["woord 0"] == (10, 0) and counted()["woord 1"] == (10, 10)


@pytest.mark.django_db
def test_a_redis_that_does_not_answer_loses_no_search(client, site):
    with with_redis("redis://127.0.0.1:9/0"):  # nothing listens on port 9
        record_search("slaap", found=True)
        assert flush_search_statistics() == 0
    assert counted() == {"slaap": (1, 0)}


@pytest.mark.django_db
def test_hostile_and_long_searches_are_counted_as_the_listing_cleans_them(client, site, redis_db):
    long_word = "studentenwelzijnsondersteuningsprogrammaontwikkelingstrajectevaluatieonderzoeksrapportage"
    with with_redis():
        assert client.get("/kennisbank/", {"q": f"Nacht\nrust {long_word}"}, follow=True).status_code == 200
        assert client.get("/zoeken/", {"q": f"nacht\x00rust {long_word}"}, follow=True).status_code == 200
        flush_search_statistics()
    ((query, (searches, empty)),) = counted().items()
    assert "\n" not in query and "\x00" not in query and query.startswith(f"nacht rust {long_word[:40]}")
    assert (searches, empty) == (2, 2)

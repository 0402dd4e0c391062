"""Each process keeps the pages it served lately: a hit reads only the generations from the shared cache. The copy
is never fresher or staler than the shared entry, and a cached form still gives every visitor a working token."""

import re
import string
import time
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from home.cache import pages
from home.cache.pages import GENERATION_KEY, PLACES_GENERATION_KEY, RecentPages, recent_pages
from home.tokens import random_string
from tests.factories import EntryFactory, EventFactory


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    recent_pages.clear()
    yield
    recent_pages.clear()


@pytest.fixture
def page_reads(monkeypatch):
    """How often a request asked the shared pages cache for a page (any way it can ask)."""
    shared = caches["pages"]
    reads = []
    for name in ("get", "get_many"):
        original = getattr(shared, name)

        def counted(*args, _original=original, **kwargs):
            reads.append(args)
            return _original(*args, **kwargs)

        monkeypatch.setattr(shared, name, counted)
    return reads


def state(response):
    return response.get("X-Page-Cache")


def test_a_hit_with_a_current_copy_asks_the_shared_cache_for_the_generations_only(client, site, page_reads):
    first = client.get("/kennisbank/")
    assert state(first) == "miss"
    page_reads.clear()
    for _ in range(3):
        response = client.get("/kennisbank/")
        assert state(response) == "hit"
        assert response.content == first.content
    assert page_reads == []  # the page itself came from this process's copy, three times


def test_another_process_publishing_makes_the_copy_stale_at_once(client, site, page_reads):
    EntryFactory(index=site.index, title="Eerste bericht")
    client.get("/kennisbank/")
    assert state(client.get("/kennisbank/")) == "hit"
    # Another process publishes: its signal moves the shared generation on (this process's signals never ran).
    cache.incr(GENERATION_KEY)
    response = client.get("/kennisbank/")
    assert state(response) == "miss"
    assert page_reads  # a stale copy sends the request to the shared cache, where another server may have stored it


def test_a_page_that_shows_places_follows_every_registration(client, site):
    event = EventFactory(agenda=site.agenda, capacity=10)
    assert "Nog 10 plekken" in client.get(event.url).content.decode()
    assert state(client.get(event.url)) == "hit"
    from network.models import Registration

    Registration.objects.create(event=event, name="A", email="a@example.org", status="confirmed")
    cache.incr(PLACES_GENERATION_KEY)  # what a registration on another server does after its commit
    response = client.get(event.url)
    assert state(response) == "miss"
    assert "Nog 9 plekken" in response.content.decode()


def test_an_emptied_shared_cache_never_revives_a_copy(client, site):
    EntryFactory(index=site.index, title="Oude stand")
    client.get("/kennisbank/")
    assert state(client.get("/kennisbank/")) == "hit"
    cache.clear()  # a restarted or flushed Redis: the generations begin again, at a number never used before
    caches["pages"].clear()
    time.sleep(0.002)
    assert state(client.get("/kennisbank/")) == "miss"


def test_a_copy_ends_when_the_shared_entry_would():
    kept = RecentPages(max_bytes=1_000_000)
    now = time.time()
    short_lived = (200, {}, b"plekken", 7, 1, now - pages.PLACES_TTL - 1)  # stored 11 s ago, shows places
    kept.put("a", short_lived, pages._expires_at(short_lived))
    assert kept.get("a") is None
    fresh = (200, {}, b"plekken", 7, 1, now)
    kept.put("b", fresh, pages._expires_at(fresh))
    assert kept.get("b") == fresh
    long_lived = (200, {}, b"pagina", None, 1, now - pages.PLACES_TTL - 1)  # 11 s old, lives 10 minutes
    kept.put("c", long_lived, pages._expires_at(long_lived))
    assert kept.get("c") == long_lived


def test_the_copies_stay_within_their_bytes_and_the_least_recently_used_go_first():
    kept = RecentPages(max_bytes=4_000)
    far = time.monotonic() + 600
    for name in "abc":
        kept.put(name, (200, {}, b"x" * 900, None, 1, time.time()), far)
    kept.get("a")  # a was read: b is now the least recently used
    kept.put("d", (200, {}, b"x" * 900, None, 1, time.time()), far)
    kept.put("e", (200, {}, b"x" * 900, None, 1, time.time()), far)
    assert kept.get("b") is None
    assert kept.get("a") is not None and kept.get("e") is not None
    assert kept._bytes <= 4_000
    kept.put("huge", (200, {}, b"x" * 2_000, None, 1, time.time()), far)  # over a quarter: never kept
    assert kept.get("huge") is None


def test_turned_off_it_keeps_nothing(client, site, page_reads, monkeypatch):
    monkeypatch.setattr(pages, "recent_pages", RecentPages(max_bytes=0))
    client.get("/kennisbank/")
    page_reads.clear()
    assert state(client.get("/kennisbank/")) == "hit"
    assert page_reads  # every hit reads the page from the shared cache


# -- the form token of a cached page -------------------------------------------------------------------------


def _token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_a_returning_visitor_keeps_their_cookie_and_gets_a_new_mask_each_time(site, on_commit):
    event = EventFactory(agenda=site.agenda, capacity=10, start=timezone.now() + timedelta(days=3))
    Client().get(event.url)  # someone else filled the cache
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(event.url)
    assert state(first) == "hit"
    secret = visitor.cookies["csrftoken"].value
    second = visitor.get(event.url)
    assert state(second) == "hit"
    assert visitor.cookies["csrftoken"].value == secret  # the cookie stays the visitor's
    tokens = {_token(first), _token(second)}
    assert len(tokens) == 2  # masked anew on every page (BREACH)
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    with on_commit():
        response = visitor.post(
            f"{event.url}aanmelden/",
            {"name": "Bo", "email": "bo@example.org", "consent": "on", "csrfmiddlewaretoken": _token(second)},
        )
    assert response.status_code == 200
    assert "bo@example.org" in [registration.email for registration in event.registrations.all()]


def test_a_broken_cookie_gets_a_new_secret_and_a_token_that_works(site, on_commit):
    event = EventFactory(agenda=site.agenda, capacity=10, start=timezone.now() + timedelta(days=3))
    Client().get(event.url)
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies["csrftoken"] = "kapot!"
    page = visitor.get(event.url)
    assert state(page) == "hit"
    secret = visitor.cookies["csrftoken"].value
    assert secret != "kapot!" and len(secret) == 32
    assert _unmask_cipher_token(_token(page)) == secret
    with on_commit():
        response = visitor.post(
            f"{event.url}aanmelden/",
            {"name": "Bo", "email": "bo@example.org", "consent": "on", "csrfmiddlewaretoken": _token(page)},
        )
    assert response.status_code == 200


def test_a_token_from_a_forged_cookie_is_refused(site):
    event = EventFactory(agenda=site.agenda, capacity=10, start=timezone.now() + timedelta(days=3))
    Client().get(event.url)
    visitor = Client(enforce_csrf_checks=True)
    token = _token(visitor.get(event.url))
    visitor.cookies["csrftoken"] = random_string(32, string.ascii_letters + string.digits)  # not the token's secret
    response = visitor.post(
        f"{event.url}aanmelden/",
        {"name": "Bo", "email": "bo@example.org", "consent": "on", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 403


@settings(max_examples=60, deadline=None)
@given(
    length=st.integers(min_value=0, max_value=200),
    alphabet=st.text(min_size=1, max_size=256, alphabet="abcdefXYZ0123456789-_"),
)
def test_random_strings_have_the_length_and_only_the_characters_asked(length, alphabet):
    made = random_string(length, alphabet)
    assert len(made) == length
    assert set(made) <= set(alphabet)


def test_random_strings_favour_no_character():
    alphabet = string.ascii_letters + string.digits  # 62: 256 % 62 = 8 bytes would favour the first eight
    made = random_string(62 * 2_000, alphabet)
    counts = [made.count(char) for char in alphabet]
    # Uniform: each about 2,000 (sd ~44); a modulo bias would give the first eight some 2,250
    assert max(counts) < 2_250 and min(counts) > 1_750
    assert sum(counts[:8]) / 8 < 2_130

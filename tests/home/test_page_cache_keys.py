"""The page cache stores only pages it would serve to others: junk parameters are redirected to the canonical
address, never stored, and a flood of distinct addresses can push out only other pages, never the counters
or the generations."""

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from home.cache.pages import GENERATION_KEY
from tests.factories import EntryFactory
from tests.helpers import result_count, visit

PARAMS = ["thema", "onderwerp", "soort", "sector", "uitgangspunt", "onderbouwing", "q", "sorteer", "pagina", "x", "pad"]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def stored_pages():
    return [key for key in caches["pages"]._cache if ":page-cache:" in key]


def test_junk_parameters_are_redirected_and_never_stored(client, site):
    """Regression: /kennisbank/?x=1&pad=aaaa… rendered uncached and stored a page for every variant."""
    EntryFactory(index=site.index, title="Slaap", onderwerp=["slaap"], thema=["preventie"])
    for n in range(20):
        response = client.get(f"/kennisbank/?onderwerp=slaap&x={n}&pad={'a' * 500}&onderwerp=bestaat-niet")
        assert response.status_code == 302 and response["Location"] == "/kennisbank/?onderwerp=slaap"
    assert stored_pages() == []
    assert result_count(client.get("/kennisbank/?onderwerp=slaap")) == 1
    assert client.get("/kennisbank/?onderwerp=slaap")["X-Page-Cache"] == "hit"
    assert len(stored_pages()) == 1


def test_every_order_of_a_selection_has_one_address(client, site):
    first = client.get("/kennisbank/?onderwerp=slaap&thema=preventie&onderwerp=eenzaamheid&sorteer=nieuwste")
    assert first["Location"] == "/kennisbank/?thema=preventie&onderwerp=eenzaamheid&onderwerp=slaap"
    assert client.get("/kennisbank/?pagina=1")["Location"] == "/kennisbank/"
    assert client.get("/zoeken/?q=slaap&x=1")["Location"] == "/zoeken/?q=slaap"
    assert client.get("/netwerk/agenda/?soort=bestaat-niet&periode=archief")["Location"] == (
        "/netwerk/agenda/?periode=archief"
    )
    assert client.get("/kennisbank/feed/?thema=bestaat-niet")["Location"] == "/kennisbank/feed/"


def test_unknown_query_strings_on_other_pages_are_answered_but_not_stored(client, site):
    response = client.get("/over-de-kennisbank/?utm_source=nieuwsbrief")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert stored_pages() == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PARAMS), st.text(max_size=60)), max_size=8))
def test_any_parameters_reach_a_canonical_page_in_at_most_one_redirect(client, site, params):
    for path in ("/kennisbank/", "/kennisbank/feed/", "/kennisbank/export/", "/zoeken/", "/netwerk/agenda/"):
        response = visit(client, path, params)
        assert response.status_code in (200, 400, 404)


def test_a_flood_of_pages_never_evicts_the_generation_or_a_counter(client, site, tmp_path):
    """Regression: pages, counters and generations shared one file cache that culled a third of its entries
    at 20,000, so junk URLs pushed the abuse counters and the page-cache generation out."""
    caches_on_disk = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "default"),
        },
        "pages": {
            "BACKEND": "home.cache.backends.LeastRecentlyUsedFileCache",
            "LOCATION": str(tmp_path / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 30, "CULL_FREQUENCY": 3},
        },
        "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "flood-limits"},
    }
    with override_settings(CACHES=caches_on_disk):
        client.get("/")  # the generation is made
        generation = cache.get(GENERATION_KEY)
        caches["limits"].set("limit:registration:x", 7, 3600)
        for n in range(120):
            client.get(f"/zoeken/?q=woord{n}")  # every one a canonical page of its own
            client.get("/")  # read often: the least recently used pages go first, never this one
        assert cache.get(GENERATION_KEY) == generation and caches["limits"].get("limit:registration:x") == 7
        assert len(list((tmp_path / "pages").iterdir())) <= 30
        assert client.get("/")["X-Page-Cache"] == "hit"


def test_digits_that_are_not_ascii_are_no_page_number(client, site):
    """Regression: '²'.isdigit() is true and int('²') fails; such a page number was a server error."""
    for value in ("²", "٣", "①"):
        response = client.get("/kennisbank/", {"pagina": value})
        assert response.status_code in (301, 302, 400, 404), value
    assert client.get("/api/v2/pages/", {"offset": "²"}).status_code == 400

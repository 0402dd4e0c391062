"""The Site of a request from the copy each process keeps per generation (home/site/lookup.py)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import StandardPage
from tests.factories import publish

pytestmark = pytest.mark.django_db


def site_queries(client, path="/", **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries if "wagtailcore_site" in q["sql"]]


def title(response):
    return re.search(r"<title>\s*(.*?)\s*</title>", response.content.decode(), re.S).group(1)


def test_the_site_is_read_once_per_generation_not_per_request(client, site):
    _first, queried = site_queries(client)
    assert queried  # the first request of this generation reads it
    response, queried = site_queries(client)
    assert queried == [] and "Kennisbank Studentenwelzijn" in response.content.decode()
    site.home.title = "Ander welkom"
    site.home.save_revision().publish()
    response, queried = site_queries(client)
    assert queried and "Ander welkom" in response.content.decode()


def test_each_host_keeps_its_own_site(client, site, settings):
    settings.ALLOWED_HOSTS = ["testserver", "tweede.example"]
    second_root = publish(site.home.add_child(instance=StandardPage(title="Tweede portaal", slug="tweede")))
    Site.objects.create(hostname="tweede.example", port=80, root_page=second_root, site_name="Tweede")
    for _round in range(2):
        assert title(client.get("/", HTTP_HOST="tweede.example")).startswith("Tweede portaal")
        assert not title(client.get("/")).startswith("Tweede portaal")


def test_an_emptied_cache_never_revives_an_old_copy(client, site):
    """Regression: after a flush the generation began at 1 again, so a copy kept under an earlier 1 passed for
    current, and a changed root page went unseen until the next publish."""
    client.get("/")
    cache.clear()  # a Redis restart, a flush
    other_root = site.index
    Site.objects.filter(pk=Site.objects.get().pk).update(root_page=other_root)  # no signal: only the flush tells
    response = client.get("/")
    assert 'name="onderwerp"' in response.content.decode()

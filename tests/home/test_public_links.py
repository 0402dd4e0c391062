"""Every absolute link starts with PUBLIC_BASE_URL, whatever host or port the Site record or the request has."""

import json

import feedparser
from django.test import override_settings
from wagtail.models import Site

from home.site.public_urls import sync_default_site
from tests.factories import EntryFactory, EventFactory
from tests.helpers import soup

BASE = "https://kennisbank.example"


def test_pages_feed_and_apis_link_to_the_public_address(client, site):
    """Regression: links used the Site record's host and port (http://localhost)."""
    entry = EntryFactory(index=site.index, title="Slaap", slug="slaap")
    page = soup(client.get(entry.url, HTTP_HOST="127.0.0.1:8000"))
    assert page.select_one('link[rel="canonical"]')["href"] == f"{BASE}/kennisbank/slaap/"
    assert page.select_one('meta[property="og:url"]')["content"] == f"{BASE}/kennisbank/slaap/"
    assert (
        json.loads(page.select_one('script[type="application/ld+json"]').string)["url"] == f"{BASE}/kennisbank/slaap/"
    )
    feed = feedparser.parse(client.get("/kennisbank/feed/?onderwerp=slaap").content)
    assert feed.feed.link == f"{BASE}/kennisbank/?onderwerp=slaap"
    assert [item.link for item in feed.entries] == []  # the entry has no topic; the feed is filtered
    feed = feedparser.parse(client.get("/kennisbank/feed/").content)
    assert [item.link for item in feed.entries] == [f"{BASE}/kennisbank/slaap/"]
    pages = client.get("/api/v2/pages/?type=entries.EntryPage").json()["items"]
    assert pages[0]["meta"]["html_url"] == f"{BASE}/kennisbank/slaap/"
    assert client.get("/api/v2/kennisbank/").json()["items"][0]["html_url"] == f"{BASE}/kennisbank/slaap/"


def test_calendar_files_link_to_the_public_address(client, site):
    event = EventFactory(agenda=site.agenda, slug="middag")
    body = client.get(f"{event.url}ical/").content.decode().replace("\r\n ", "")
    assert f"URL:{BASE}/netwerk/agenda/middag/" in body
    assert "@kennisbank.example" in body  # stable UIDs carry the public host


def test_migrate_and_load_demo_give_the_default_site_the_public_host(db):
    with override_settings(PUBLIC_BASE_URL="https://kennisbank-studentenwelzijn.nl"):
        sync_default_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("kennisbank-studentenwelzijn.nl", 443)
    with override_settings(PUBLIC_BASE_URL="http://127.0.0.1:8000"):
        sync_default_site()
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8000, "http://127.0.0.1:8000")
